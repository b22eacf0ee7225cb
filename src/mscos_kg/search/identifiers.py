"""Identifiers as search phrases: a six-digit local id, a full IRI, or a prefixed name.

The Reconciliation API says a service SHOULD return the entity an identifier names, so
``000615``, ``https://w3id.org/mscos/id/000615``, ``<https://w3id.org/mscos/id/000615>``,
``mscos:000615`` and ``id:000615`` all name Round 0 outcome R0.CS.5. A local id is unique in
the vocabulary, so any prefix (the project prints ``id:``; people write ``mscos:``) and any
base IRI ending in ``/id/000615`` name the same entity. Notations (``CO3``) are names of the
entry and are matched by the ranking itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LOCAL_ID = re.compile(r"[0-9]{6}")
_ID_IRI = re.compile(r"https?://\S+/id/([0-9]{6})/?")
_PREFIXED = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,39}:([0-9]{6})")


class IdentifierTable:
    """Entry IRIs by their IRI and by their six-digit local id."""

    def __init__(self, iris: Iterable[str]) -> None:
        self.iris = set(iris)
        self.by_local_id: dict[str, str] = {}
        for iri in self.iris:
            found = _ID_IRI.fullmatch(iri)
            if found:
                self.by_local_id[found.group(1)] = iri

    def resolve(self, query: str) -> str | None:
        """The IRI of the entry ``query`` names as an identifier, or None."""
        text = query.strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1].strip()
        if text in self.iris:
            return text
        for pattern in (_LOCAL_ID, _ID_IRI, _PREFIXED):
            found = pattern.fullmatch(text)
            if found:
                return self.by_local_id.get(found.group(1) if found.groups() else found.group(0))
        return None
