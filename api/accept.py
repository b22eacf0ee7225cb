"""HTTP Accept negotiation (RFC 9110, section 12.5.1): q-values, wildcards, specificity.

The one Accept parser of the service. `negotiate(accept, offered)` picks, among the media types
a route can produce (in its order of preference), the one the client prefers: the q of the most
specific matching range decides (several ranges equally specific: the highest q); a range with
q=0 refuses a type. Ties go to the route's order, or with `client_order=True` first to the
client's earlier range (what identifier resolution does, see `api/negotiation.py`). An empty or
missing header accepts anything (the route's first type). None means 406.

Results are cached per (header, offers): clients send the same few headers over and over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    params: tuple[tuple[str, str], ...] = ()
    position: int = 0  # index in the header, for ties broken by the client's order

    def specificity(self, media_type: str) -> int:
        """-1 if this range does not match `media_type` (type/subtype, no parameters), else 0-2."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0 if self.subtype == "*" else -1
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """The ranges of an Accept header; malformed entries are skipped."""
    ranges: list[MediaRange] = []
    for position, item in enumerate((header or "").split(",")):
        parts = [part.strip() for part in item.split(";")]
        kind, _, sub = parts[0].lower().partition("/")
        if not kind or not sub or " " in parts[0]:
            continue
        q = 1.0
        params: list[tuple[str, str]] = []
        for param in parts[1:]:
            name, _, value = param.partition("=")
            name = name.strip().lower()
            value = value.strip().strip('"')
            if name == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
            elif name:
                params.append((name, value))
        ranges.append(MediaRange(kind, sub, q, tuple(params), position))
    return ranges


def _match(ranges: Sequence[MediaRange], media_type: str) -> MediaRange | None:
    """The range that decides the client's q for `media_type`: the most specific, then highest q."""
    best: MediaRange | None = None
    best_specificity = -1
    for media_range in ranges:
        specificity = media_range.specificity(media_type)
        if specificity > best_specificity or (
            specificity == best_specificity and specificity >= 0 and best is not None and media_range.q > best.q
        ):
            best, best_specificity = media_range, specificity
    return best


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The q the client gives `media_type`: that of the most specific matching range, else 0."""
    found = _match(ranges, media_type)
    return found.q if found is not None else 0.0


def refuses(header: str | None, media_type: str) -> bool:
    """True if the client's most specific range for `media_type` gives it q=0 (an explicit refusal)."""
    found = _match(parse_accept(header), media_type)
    return found is not None and found.q <= 0


def negotiate(header: str | None, offered: Sequence[str], *, client_order: bool = False) -> str | None:
    """The offered media type the client prefers, or None if it accepts none of them."""
    return _negotiate(header, tuple(offered), client_order)


@lru_cache(maxsize=2048)
def _negotiate(header: str | None, offered: tuple[str, ...], client_order: bool) -> str | None:
    if not offered:
        return None
    ranges = parse_accept(header)
    if not ranges:
        return offered[0]
    best: str | None = None
    best_rank: tuple[float, int, int] | None = None
    for server_rank, media_type in enumerate(offered):
        found = _match(ranges, media_type)
        if found is None or found.q <= 0:
            continue
        rank = (found.q, -found.position if client_order else 0, -server_rank)
        if best_rank is None or rank > best_rank:
            best, best_rank = media_type, rank
    return best
