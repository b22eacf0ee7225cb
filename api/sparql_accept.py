"""Which format `/sparql` answers in: the client's choice among the forms' formats, else a default.

A client may name only formats of another query form: rdflib's `SPARQLStore(returnFormat="json")`
sends `Accept: application/sparql-results+json` for a CONSTRUCT too. RFC 9110 (section 12.5.1)
lets a server disregard such a header and answer in a default format instead of 406, and the
client then reads the Content-Type: a graph in Turtle, solutions and booleans in SPARQL JSON
results. Only a client that refuses every format of the form (each with q=0, e.g. `*/*;q=0`)
gets 406.
"""

from __future__ import annotations

from collections.abc import Sequence

from .accept import negotiate, refuses


def choose_format(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered type the client prefers; else the first it does not refuse with q=0; else None."""
    chosen = negotiate(accept, offered)
    if chosen is not None:
        return chosen
    return next((media_type for media_type in offered if not refuses(accept, media_type)), None)
