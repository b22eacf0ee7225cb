"""Partner bearer tokens, stored hashed.

The tokens file is JSON mapping a partner id to the SHA-256 hex digest of that partner's
token: ``{"acme-refuge": "9f86d0..."}``. The token itself is shown once, when it is made
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
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class TokenRegistry:
    """Partner id -> SHA-256 digest of its token."""

    digests: Mapping[str, str] = field(default_factory=dict)

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
        return TokenRegistry({**self.digests, partner: hash_token(token)})

    def without(self, partner: str) -> TokenRegistry:
        return TokenRegistry({p: d for p, d in self.digests.items() if p != partner})


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
    for partner, digest in data.items():
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest) or not PARTNER_ID.fullmatch(partner):
            raise TokenFileError(f"{path}: entry {partner[:80]!r} is not a partner id -> SHA-256 hex digest")
        digests[partner] = digest
    return TokenRegistry(digests)


def save_registry(path: Path, registry: TokenRegistry) -> None:
    """Write the tokens file atomically (temporary file + rename), readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(dict(sorted(registry.digests.items())), indent=2) + "\n"
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
