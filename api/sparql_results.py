"""SPARQL results held in memory (capped) and written in the registered media types.

Solutions are written as SPARQL 1.1 Query Results JSON and CSV here; XML and TSV are produced by
pyoxigraph's own writers from that JSON, so every format carries exactly the same rows. Graphs
(CONSTRUCT, DESCRIBE) are written by pyoxigraph's RDF serializers.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import pyoxigraph as ox

from mscos_kg.csvsafe import SafeWriter, neutralise_tsv
from mscos_kg.store.errors import StoreError

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
PLAIN_JSON = "application/json"  # some clients ask for this; it gets SPARQL JSON, so labelled

TURTLE = "text/turtle"
JSON_LD = "application/ld+json"
RDF_XML = "application/rdf+xml"
N_TRIPLES = "application/n-triples"

#: Offers, most preferred first (the first is sent for */* or no Accept).
SOLUTION_TYPES = (JSON_RESULTS, XML_RESULTS, CSV, TSV, PLAIN_JSON)
BOOLEAN_TYPES = (JSON_RESULTS, XML_RESULTS, PLAIN_JSON)
GRAPH_TYPES = (TURTLE, JSON_LD, RDF_XML, N_TRIPLES)

_RESULT_FORMATS = {
    XML_RESULTS: ox.QueryResultsFormat.XML,
    CSV: ox.QueryResultsFormat.CSV,
    TSV: ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    TURTLE: ox.RdfFormat.TURTLE,
    JSON_LD: ox.RdfFormat.JSON_LD,
    RDF_XML: ox.RdfFormat.RDF_XML,
    N_TRIPLES: ox.RdfFormat.N_TRIPLES,
}
_CHARSET = {CSV, TSV, TURTLE}


@dataclass(frozen=True)
class Solutions:
    variables: tuple[str, ...]
    rows: Sequence[tuple[Term | None, ...]]
    truncated: bool = False


@dataclass(frozen=True)
class Boolean:
    value: bool
    truncated: bool = False


@dataclass(frozen=True)
class Graph:
    triples: Sequence[ox.Triple]
    truncated: bool = False


Outcome: TypeAlias = Solutions | Boolean | Graph


def offers(outcome: Outcome) -> tuple[str, ...]:
    if isinstance(outcome, Solutions):
        return SOLUTION_TYPES
    if isinstance(outcome, Boolean):
        return BOOLEAN_TYPES
    return GRAPH_TYPES


def content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type in _CHARSET else media_type


def term_json(term: Term) -> dict[str, Any]:
    """One RDF term in SPARQL 1.1 JSON results form (RDF-star triples as in SPARQL 1.2)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": term_json(term.subject),
            "predicate": term_json(term.predicate),
            "object": term_json(term.object),
        },
    }


def solutions_json(outcome: Solutions | Boolean) -> bytes:
    if isinstance(outcome, Boolean):
        return json.dumps({"head": {}, "boolean": outcome.value}).encode()
    # Each distinct term is converted once and its dict shared: results repeat terms a lot (the
    # same concept or label on many rows), and converting every cell took longer than many
    # queries themselves (docs/api.md, "Named queries").
    converted: dict[Term, dict[str, Any]] = {}
    bindings = []
    for row in outcome.rows:
        binding = {}
        for name, term in zip(outcome.variables, row, strict=True):
            if term is not None:
                value = converted.get(term)
                if value is None:
                    value = converted[term] = term_json(term)
                binding[name] = value
        bindings.append(binding)
    # One dumps per row, not one for the whole document: json's C encoder holds the GIL for the
    # whole call (10,000 rows: ~0.4 s during which the event loop could not run); between calls
    # the interpreter can hand it over.
    head = json.dumps({"vars": list(outcome.variables)}, ensure_ascii=False, separators=(",", ":"))
    rows = ",".join([json.dumps(b, ensure_ascii=False, separators=(",", ":")) for b in bindings])
    return f'{{"head":{head},"results":{{"bindings":[{rows}]}}}}'.encode()


def capped_json(data: bytes, max_rows: int) -> tuple[bytes, bool]:
    """SPARQL JSON solutions as a store wrote them, cut to `max_rows` (and whether they were cut).

    Each solution takes at least 3 bytes (``{}`` and a comma), so a document too short to hold
    more than `max_rows` is passed on unread; only a longer one is parsed to count its solutions.
    """
    if (len(data) + 1) // 3 <= max_rows:
        return data, False
    try:
        document = json.loads(data)
        bindings = document["results"]["bindings"]
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"the store wrote unreadable SPARQL JSON results: {exc}") from None
    if len(bindings) <= max_rows:
        return data, False
    document["results"]["bindings"] = bindings[:max_rows]
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(), True


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def solutions_csv(outcome: Solutions) -> bytes:
    """SPARQL 1.1 Query Results CSV: lexical forms only, CRLF line ends (written here: 5x faster)."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer, lineterminator="\r\n")
    writer.writerow(outcome.variables)
    writer.writerows([_csv_value(term) for term in row] for row in outcome.rows)
    return buffer.getvalue().encode()


def serialize(outcome: Outcome, media_type: str) -> bytes:
    """`outcome` written as `media_type` (one of `offers(outcome)`)."""
    if isinstance(outcome, Graph):
        out = ox.serialize(outcome.triples, format=_GRAPH_FORMATS[media_type])
        return out or b""
    if media_type == CSV and isinstance(outcome, Solutions):
        return solutions_csv(outcome)
    data = solutions_json(outcome)
    if media_type in (JSON_RESULTS, PLAIN_JSON):
        return data
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    out = parsed.serialize(format=_RESULT_FORMATS[media_type]) or b""
    return neutralise_tsv(out) if media_type == TSV else out
