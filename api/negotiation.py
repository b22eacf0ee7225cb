"""Content negotiation (RFC 9110 12.5.1): q-values, most specific range wins, q=0 excludes.

The offers are fixed: HTML, the four RDF syntaxes and the JSON view. ``?format=`` overrides the
Accept header. Among equally acceptable offers the client's own order decides (Vapour's
expectation), then the server's order below.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Offer:
    key: str  # html | ttl | jsonld | rdfxml | nt | json
    media_type: str
    extension: str


OFFERS: tuple[Offer, ...] = (
    Offer("html", "text/html", "html"),
    Offer("ttl", "text/turtle", "ttl"),
    Offer("jsonld", "application/ld+json", "jsonld"),
    Offer("rdfxml", "application/rdf+xml", "rdf"),
    Offer("nt", "application/n-triples", "nt"),
    Offer("json", "application/json", "json"),
)
BY_KEY = {o.key: o for o in OFFERS}
RDF_KEYS = ("ttl", "jsonld", "rdfxml", "nt")

# ?format= values and file extensions -> offer key
FORMAT_ALIASES: dict[str, str] = {
    "html": "html", "htm": "html",
    "ttl": "ttl", "turtle": "ttl",
    "jsonld": "jsonld", "json-ld": "jsonld",
    "rdf": "rdfxml", "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "xml": "rdfxml", "owl": "rdfxml",
    "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "json": "json",
}
for _offer in OFFERS:
    FORMAT_ALIASES[_offer.media_type] = _offer.key
EXTENSIONS: dict[str, str] = {
    ".html": "html", ".ttl": "ttl", ".jsonld": "jsonld", ".rdf": "rdfxml", ".owl": "rdfxml",
    ".nt": "nt", ".json": "json",
}


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float
    position: int

    def matches(self, media_type: str) -> int:
        """Specificity of the match (3 exact, 2 type/*, 1 */*), 0 if none."""
        main, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type != main:
            return 0
        if self.subtype == "*":
            return 2
        return 3 if self.subtype == sub else 0


def _parse(accept: str) -> list[_Range]:
    ranges = []
    for position, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        main, _, sub = media.partition("/")
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        ranges.append(_Range(main.strip(), sub.strip(), q, position))
    return ranges


@lru_cache(maxsize=1024)
def negotiate(accept: str | None, available: tuple[str, ...] = tuple(o.key for o in OFFERS)) -> str | None:
    """The offer key to send for an Accept header, or None when nothing offered is acceptable."""
    if not accept or not accept.strip():
        return available[0]
    ranges = _parse(accept)
    if not ranges:
        return available[0]
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for server_rank, key in enumerate(available):
        media_type = BY_KEY[key].media_type
        specificity, q, position = 0, 0.0, 0
        for r in ranges:
            s = r.matches(media_type)
            if s > specificity:
                specificity, q, position = s, r.q, r.position
        if specificity == 0 or q <= 0:
            continue
        # Higher q first; then the client's earlier range; then the server's order.
        rank = (q, -position, -server_rank)
        if best is None or rank > best:
            best, chosen = rank, key
    return chosen


def from_format(value: str) -> str | None:
    return FORMAT_ALIASES.get(value.strip().lower())
