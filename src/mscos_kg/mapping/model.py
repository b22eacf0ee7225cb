"""The records of a mapping: local outcomes, suggestions, decisions and the mapping set."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class Predicate(StrEnum):
    """The SKOS mapping properties SSSOM uses, as CURIEs."""

    EXACT = "skos:exactMatch"
    CLOSE = "skos:closeMatch"
    BROAD = "skos:broadMatch"
    NARROW = "skos:narrowMatch"
    RELATED = "skos:relatedMatch"

    @property
    def word(self) -> str:
        """exact, close, broad, narrow or related (the form field and the template's match column)."""
        return self.value.removeprefix("skos:").removesuffix("Match")

    @classmethod
    def parse(cls, text: str) -> Predicate:
        """A CURIE, a full SKOS IRI or the bare word; `ValueError` for anything else."""
        value = text.strip()
        value = value.replace("http://www.w3.org/2004/02/skos/core#", "skos:")
        for member in cls:
            if value in (member.value, member.word):
                return member
        raise ValueError(f"unknown mapping predicate {text[:40]!r}: use exact, close, broad, narrow or related")


class Justification(StrEnum):
    LEXICAL = "semapv:LexicalMatching"
    MANUAL = "semapv:ManualMappingCuration"


#: SSSOM's object for "no term in the target fits" (SSSOM 1.0).
NO_TERM_FOUND = "sssom:NoTermFound"


@dataclass(frozen=True)
class LocalOutcome:
    """One name of the uploaded list. `key` is the local part of its CURIE (`local:key`)."""

    key: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Suggestion:
    """A ranked MSCOS candidate: `confidence` 0..1 (the search score / 100), `reason` in words."""

    iri: str
    label: str
    notation: str | None
    confidence: float
    predicate: Predicate
    reason: str


@dataclass(frozen=True)
class Decision:
    """What a person confirmed: an MSCOS concept (or none, `iri` None) and how it matches."""

    iri: str | None
    label: str
    predicate: Predicate
    author: str = ""
    date: str = ""


@dataclass(frozen=True)
class MappedOutcome:
    local: LocalOutcome
    suggestions: tuple[Suggestion, ...]
    decision: Decision | None = None

    @property
    def confirmed(self) -> bool:
        return self.decision is not None


@dataclass(frozen=True)
class MappingSet:
    """A list of local outcomes with their suggestions and decisions: the whole state of one mapping."""

    set_id: str
    local_prefix: str  # the IRI `local:` stands for
    outcomes: tuple[MappedOutcome, ...]
    title: str = "Local outcomes mapped to the MSCOS"
    extra: dict[str, str] = field(default_factory=dict)


_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")


def slug(text: str) -> str:
    """The local part minted from a name: as the spreadsheet reader mints a local outcome's IRI."""
    return _UNSAFE.sub("-", text.strip()).strip("-") or "x"


def mint_keys(labels: list[str]) -> list[str]:
    """A stable key per label; a label whose slug is taken gets `-2`, `-3`, ... in list order."""
    seen: set[str] = set()
    keys = []
    for label in labels:
        base = slug(label)
        key, n = base, 1
        while key in seen:
            n += 1
            key = f"{base}-{n}"
        seen.add(key)
        keys.append(key)
    return keys
