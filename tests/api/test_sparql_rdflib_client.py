"""rdflib's own SPARQL client (`SPARQLStore`) against the live service, for every `returnFormat`
and every query form.

rdflib sends the Accept header of its `returnFormat` whatever the query form (for a CONSTRUCT
with `returnFormat="json"`: only `application/sparql-results+json`); the service answers in the
form's default format and rdflib reads the Content-Type (regression: it used to answer 406).
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.plugins.stores.sparqlstore import SPARQLStore

CORE_HOUSING = URIRef("https://w3id.org/mscos/id/000101")
RETURN_FORMATS = ["json", "xml", "csv", "tsv"]
PREFIX = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


@pytest.fixture
def store(live_server: str, request: pytest.FixtureRequest) -> SPARQLStore:
    return SPARQLStore(f"{live_server}/sparql", returnFormat=request.param, method="GET")


@pytest.mark.server
@pytest.mark.parametrize("store", RETURN_FORMATS, indirect=True)
def test_rdflib_sparqlstore_select(store: SPARQLStore) -> None:
    rows = list(store.query(PREFIX + f"SELECT ?label WHERE {{ <{CORE_HOUSING}> skos:prefLabel ?label }}"))
    assert [str(row[0]) for row in rows] == ["Secure and suitable housing"]  # type: ignore[index]


@pytest.mark.server
@pytest.mark.parametrize("store", RETURN_FORMATS, indirect=True)
def test_rdflib_sparqlstore_ask(store: SPARQLStore) -> None:
    assert store.query(PREFIX + f"ASK {{ <{CORE_HOUSING}> a skos:Concept }}").askAnswer is True
    assert store.query(PREFIX + "ASK { <https://example.org/none> a skos:Concept }").askAnswer is False


@pytest.mark.server
@pytest.mark.parametrize("store", RETURN_FORMATS, indirect=True)
def test_rdflib_sparqlstore_construct(store: SPARQLStore) -> None:
    result = store.query(PREFIX + f"CONSTRUCT {{ ?c skos:prefLabel ?l }} WHERE {{ "
                                  f"BIND(<{CORE_HOUSING}> AS ?c) ?c skos:prefLabel ?l }}")
    graph = result.graph
    assert isinstance(graph, Graph)
    assert set(graph) == {(CORE_HOUSING, SKOS.prefLabel, Literal("Secure and suitable housing", lang="en"))}


@pytest.mark.server
@pytest.mark.parametrize("store", RETURN_FORMATS, indirect=True)
def test_rdflib_sparqlstore_describe(store: SPARQLStore) -> None:
    graph = store.query(f"DESCRIBE <{CORE_HOUSING}>").graph
    assert graph is not None
    assert (CORE_HOUSING, SKOS.prefLabel, Literal("Secure and suitable housing", lang="en")) in graph
    assert len(graph) > 5
