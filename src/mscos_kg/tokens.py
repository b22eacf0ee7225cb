"""Partner bearer tokens, stored hashed.

The tokens file is JSON mapping a partner id to the SHA-256 hex digest of that partner's
token: ``{"acme-refuge": "9f86d0..."}``, or with the namespaces registered to the partner
``{"acme-refuge": {"sha256": "9f86d0...", "namespaces": ["https://acme.example/data/"]}}``.
The token itself is shown once, when it is made
(``mscos token add PARTNER``), and never stored. Each token belongs to exactly one partner.

Verification hashes the presented token and compares it with every stored digest in constant
time (``hmac.compare_digest``), without stopping at the first match, so the time taken says
nothing about which partner, or how much of a digest, matched.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

#: Partner ids: lower-case letters, digits and inner hyphens, 2-64 characters.
PARTNER_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
#: Prefix of generated tokens, so they can be recognised (e.g. by secret scanners).
TOKEN_PREFIX = "mscos_"


class TokenFileError(Exception):
    """The tokens file cannot be read or does not have the expected shape."""


class PartnerIdError(ValueError):
    """A partner id does not match `PARTNER_ID`."""


def check_partner_id(partner: str) -> str:
    if not PARTNER_ID.fullmatch(partner):
        raise PartnerIdError(
            f"invalid partner id {partner[:80]!r}: use 2-64 lower-case letters, digits and inner hyphens"
        )
    return partner


def hash_token(token: str) -> str:
    """The SHA-256 hex digest stored for a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh random token (256 bits of entropy)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class NamespaceClaimError(ValueError):
    """A namespace overlaps one registered to another partner, or is not an http(s) namespace."""


def overlaps(a: str, b: str) -> bool:
    """True if one namespace contains the other (their IRIs could coincide)."""
    return a.startswith(b) or b.startswith(a)


@dataclass(frozen=True)
class TokenRegistry:
    """Partner id -> SHA-256 digest of its token, and the namespaces registered to the partner.

    A partner's datasets must lie in one of its namespaces (a dataset's namespace is its
    mscos:PartnerDataset IRI up to the last '/' or '#', see docs/partner-data.md); no two
    partners' namespaces overlap. A partner with no registered namespace holds a namespace by
    storing the first dataset in it.
    """

    digests: Mapping[str, str] = field(default_factory=dict)
    namespaces: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def namespace_owner(self, namespace: str) -> str | None:
        """The partner whose registered namespace overlaps `namespace`, if any."""
        for partner, mine in sorted(self.namespaces.items()):
            if any(overlaps(namespace, ns) for ns in mine):
                return partner
        return None

    def may_use(self, partner: str, namespace: str) -> bool:
        """Whether `partner` may publish a dataset whose namespace is `namespace`."""
        owner = self.namespace_owner(namespace)
        if owner is not None and owner != partner:
            return False
        mine = self.namespaces.get(partner, ())
        return not mine or any(namespace.startswith(ns) for ns in mine)

    def with_namespaces(self, partner: str, namespaces: tuple[str, ...]) -> TokenRegistry:
        """The registry with `namespaces` registered to `partner` (added to any it has)."""
        for namespace in namespaces:
            check_namespace(namespace)
            owner = self.namespace_owner(namespace)
            if owner is not None and owner != partner:
                raise NamespaceClaimError(f"the namespace {namespace} overlaps one registered to {owner!r}")
        merged = tuple(dict.fromkeys([*self.namespaces.get(partner, ()), *namespaces]))
        return replace(self, namespaces={**self.namespaces, partner: merged})

    def partner_for(self, token: str) -> str | None:
        """The partner owning `token`, or None; constant time in the token and the digests."""
        presented = hash_token(token).encode("ascii")
        found: str | None = None
        for partner, digest in self.digests.items():
            if hmac.compare_digest(presented, digest.encode("ascii")) and found is None:
                found = partner
        return found

    def partners(self) -> list[str]:
        return sorted(self.digests)

    def with_token(self, partner: str, token: str) -> TokenRegistry:
        check_partner_id(partner)
        return replace(self, digests={**self.digests, partner: hash_token(token)})

    def without(self, partner: str) -> TokenRegistry:
        return TokenRegistry(
            {p: d for p, d in self.digests.items() if p != partner},
            {p: n for p, n in self.namespaces.items() if p != partner},
        )


_NAMESPACE = re.compile(r"^https?://[^/\s<>\"{}|^`\\]+/(?:[^\s<>\"{}|^`\\]*[/#])?$")


def check_namespace(namespace: str) -> str:
    """An http(s) IRI with a path, ending in '/' or '#' (what a dataset IRI's namespace looks like)."""
    if not _NAMESPACE.fullmatch(namespace):
        raise NamespaceClaimError(
            f"invalid namespace {namespace[:120]!r}: give an http(s) IRI ending in '/' or '#', "
            "such as https://your-organisation.example/data/"
        )
    return namespace


def load_registry(path: Path | None) -> TokenRegistry:
    """Read the tokens file; a missing path or file is an empty registry (no one may write)."""
    if path is None or not path.exists():
        return TokenRegistry()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TokenFileError(f"{path}: cannot read the tokens file ({exc})") from None
    if not isinstance(data, dict):
        raise TokenFileError(f"{path}: expected a JSON object mapping partner ids to SHA-256 digests")
    digests: dict[str, str] = {}
    namespaces: dict[str, tuple[str, ...]] = {}
    for partner, entry in data.items():
        # An entry is the digest, or {"sha256": digest, "namespaces": [...]} (a partner with namespaces).
        digest = entry.get("sha256") if isinstance(entry, dict) else entry
        listed = entry.get("namespaces", []) if isinstance(entry, dict) else []
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest) or not PARTNER_ID.fullmatch(partner):
            raise TokenFileError(f"{path}: entry {partner[:80]!r} is not a partner id -> SHA-256 hex digest")
        if not isinstance(listed, list) or not all(isinstance(n, str) and _NAMESPACE.fullmatch(n) for n in listed):
            raise TokenFileError(f"{path}: entry {partner[:80]!r} has namespaces that are not http(s) namespaces")
        digests[partner] = digest
        if listed:
            namespaces[partner] = tuple(listed)
    return TokenRegistry(digests, namespaces)


def save_registry(path: Path, registry: TokenRegistry) -> None:
    """Write the tokens file atomically (temporary file + rename), readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    entries: dict[str, object] = {}
    for partner, digest in sorted(registry.digests.items()):
        mine = registry.namespaces.get(partner)
        entries[partner] = {"sha256": digest, "namespaces": list(mine)} if mine else digest
    text = json.dumps(entries, indent=2) + "\n"
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
