"""HTTP Accept negotiation (RFC 9110, section 12.5.1): q-values, wildcards, specificity.

`negotiate(accept, offered)` picks, among the media types the route can produce (in its order
of preference), the one the client prefers: the highest q of the most specific matching range;
ties go to the route's order. A range with q=0 refuses a type. An empty or missing header
accepts anything (the route's first type). None means 406.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    params: tuple[tuple[str, str], ...] = ()

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
    for item in (header or "").split(","):
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
        ranges.append(MediaRange(kind, sub, q, tuple(params)))
    return ranges


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The q the client gives `media_type`: that of the most specific matching range, else 0."""
    best_specificity = -1
    best_q = 0.0
    for media_range in ranges:
        specificity = media_range.specificity(media_type)
        if specificity > best_specificity:
            best_specificity, best_q = specificity, media_range.q
        elif specificity == best_specificity and specificity >= 0:
            best_q = max(best_q, media_range.q)
    return best_q if best_specificity >= 0 else 0.0


def negotiate(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers, or None if it accepts none of them."""
    if not offered:
        return None
    ranges = parse_accept(header)
    if not ranges:
        return offered[0]
    best: str | None = None
    best_q = 0.0
    for media_type in offered:
        q = quality(ranges, media_type)
        if q > best_q:
            best, best_q = media_type, q
    return best
