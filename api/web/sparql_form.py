"""The SPARQL query form for people: a textarea, examples, a choice of result format.

The query runs exactly as ``/sparql`` runs it (the same request reading, update refusal,
SERVICE refusal, time limit, query slots and row cap); the results are shown as a table, or
sent as a download in one of the endpoint's own formats (``api/sparql_results.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from mscos_kg.queries import Catalog

from ..sparql_results import (
    CSV,
    JSON_LD,
    JSON_RESULTS,
    N_TRIPLES,
    RDF_XML,
    TSV,
    TURTLE,
    XML_RESULTS,
)
from .query_form import Table


@dataclass(frozen=True)
class ResultFormat:
    key: str  # the form's value
    text: str  # what the person reads
    media_type: str | None  # None: the HTML table
    extension: str = ""


#: The result formats the form offers: the table, then the endpoint's own formats.
RESULT_FORMATS = (
    ResultFormat("table", "A table on this page", None),
    ResultFormat("json", "SPARQL JSON results (SELECT, ASK)", JSON_RESULTS, "srj"),
    ResultFormat("xml", "SPARQL XML results (SELECT, ASK)", XML_RESULTS, "srx"),
    ResultFormat("csv", "CSV (SELECT)", CSV, "csv"),
    ResultFormat("tsv", "TSV (SELECT)", TSV, "tsv"),
    ResultFormat("turtle", "Turtle (CONSTRUCT, DESCRIBE)", TURTLE, "ttl"),
    ResultFormat("jsonld", "JSON-LD (CONSTRUCT, DESCRIBE)", JSON_LD, "jsonld"),
    ResultFormat("rdfxml", "RDF/XML (CONSTRUCT, DESCRIBE)", RDF_XML, "rdf"),
    ResultFormat("ntriples", "N-Triples (CONSTRUCT, DESCRIBE)", N_TRIPLES, "nt"),
)
FORMATS_BY_KEY = {f.key: f for f in RESULT_FORMATS}

#: The form's starting text when no example is asked for.
STARTER = """PREFIX mscos: <https://w3id.org/mscos/def/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

# The seven core outcomes
SELECT ?notation ?outcome ?label
WHERE {
  ?outcome a mscos:CoreOutcome ;
    skos:notation ?notation ;
    skos:prefLabel ?label .
  FILTER(langMatches(lang(?label), "en"))
}
ORDER BY ?notation
"""


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    text: str


@dataclass
class SparqlPage:
    query: str
    result_format: ResultFormat
    examples: list[Example]
    example: str = ""  # the example shown in the textarea, if any
    table: Table | None = None
    boolean: bool | None = None
    graph: bool = False  # the table holds a CONSTRUCT's or DESCRIBE's triples
    errors: list[str] = field(default_factory=list)
    max_rows: int = 0
    timeout_s: float = 0

    @property
    def formats(self) -> tuple[ResultFormat, ...]:
        return RESULT_FORMATS

    def download(self, key: str) -> str:
        """The address of the same query's results in another format."""
        return "/sparql?" + urlencode({"query": self.query, "results": key})


def examples(catalog: Catalog) -> list[Example]:
    """The named queries that run without a value: each is an example to start from."""
    found = []
    for name in catalog.names():
        query = catalog.get(name)
        if not any(p.required for p in query.parameters):
            found.append(Example(name, query.title, query.text))
    return found
