"""The SPARQL 1.1 Service Description of /sparql (W3C REC 2013), answered to GET without a query."""

from __future__ import annotations

import pyoxigraph as ox

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCT = "http://purl.org/dc/terms/"

#: Result formats this endpoint writes (W3C unique URIs for file formats).
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "JSON-LD", "RDF_XML", "N-Triples")


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(endpoint: str, *, timeout_s: float, max_rows: int) -> list[ox.Triple]:
    """Triples describing the endpoint at URL `endpoint`."""
    service = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("defaultGraph")
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
        ox.Triple(
            service,
            ox.NamedNode(DCT + "description"),
            ox.Literal(
                "Read-only SPARQL 1.1 endpoint of the MSCOS knowledge graph. The default graph is the "
                "union of the named graphs. No SPARQL Update, no SERVICE (no outbound requests); "
                f"each query may run {timeout_s:g} s and return {max_rows:,} rows or triples at most.",
                language="en",
            ),
        ),
    ]
    triples += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + name)) for name in RESULT_FORMATS]
    return triples
