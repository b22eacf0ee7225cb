"""Content negotiation of identifier resolution: the offers, ``?format=`` and file extensions.

The Accept header is parsed and weighed by ``api/accept.py`` (RFC 9110 12.5.1). The offers are
fixed: HTML, the four RDF syntaxes and the JSON view. ``?format=`` overrides the Accept header.
Among equally acceptable offers the client's own order decides (Vapour's expectation), then the
server's order below.
"""

from __future__ import annotations

from dataclasses import dataclass

from .accept import negotiate as accept_negotiate


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
_KEY_OF = {o.media_type: o.key for o in OFFERS}
ALL_KEYS = tuple(o.key for o in OFFERS)
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


def negotiate(accept: str | None, available: tuple[str, ...] = ALL_KEYS) -> str | None:
    """The offer key to send for an Accept header, or None when nothing offered is acceptable.

    Ties between equally acceptable offers go to the client's earlier range, then to the order
    of `OFFERS` (`api/accept.py` parses and caches).
    """
    chosen = accept_negotiate(accept, tuple(BY_KEY[key].media_type for key in available), client_order=True)
    return None if chosen is None else _KEY_OF[chosen]


def from_format(value: str) -> str | None:
    return FORMAT_ALIASES.get(value.strip().lower())
