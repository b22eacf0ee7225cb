"""/sparql honours the RDF dataset: `default-graph-uri` / `named-graph-uri` and FROM / FROM NAMED.

Run over both store implementations behind the service (`EmbeddedStore`, and `RemoteStore` on a
real `oxigraph serve`) and over each way of asking (GET, POST form, POST direct). Two graphs,
`G1` holding `A` and `G2` holding `B`; each case states which subjects the query must see.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from mscos_api.app import create_app
from mscos_api.deps import get_store

from mscos_kg.config import Settings
from mscos_kg.store import EmbeddedStore, RemoteEndpoints, RemoteStore
from mscos_kg.store.server import OxigraphServer

G1, G2, ABSENT = "http://example.org/g1", "http://example.org/g2", "http://example.org/absent"
A, B = "http://example.org/a", "http://example.org/b"
P = ox.NamedNode("http://example.org/p")
ALL = "SELECT ?s WHERE { ?s ?p ?o }"
NAMED = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"
DATASET = tuple[tuple[str, str], ...]



def iris(query: str) -> str:
    """The query with the graph IRIs written in (<G1>, <G2>, <ABSENT>)."""
    return query.replace("<G1>", f"<{G1}>").replace("<G2>", f"<{G2}>").replace("<ABSENT>", f"<{ABSENT}>")


#: (query, dataset parameters, subjects expected)
CASES: list[tuple[str, DATASET, set[str]]] = [
    (ALL, (), {A, B}),  # no dataset: the union of the store's graphs
    (iris("SELECT ?s FROM <G1> WHERE { ?s ?p ?o }"), (), {A}),
    (iris("SELECT ?s FROM <G1> WHERE { GRAPH ?g { ?s ?p ?o } }"), (), set()),  # FROM alone: no named graphs
    (iris("SELECT ?s FROM NAMED <G2> WHERE { GRAPH ?g { ?s ?p ?o } }"), (), {B}),
    (iris("SELECT ?s FROM NAMED <G2> WHERE { ?s ?p ?o }"), (), set()),  # FROM NAMED alone: empty default graph
    (iris("SELECT ?s FROM <ABSENT> WHERE { ?s ?p ?o }"), (), set()),
    (ALL, (("default-graph-uri", G1),), {A}),
    (ALL, (("default-graph-uri", G1), ("default-graph-uri", G2)), {A, B}),  # repeated: merged
    (NAMED, (("default-graph-uri", G1),), set()),  # default graphs only: no named graphs
    (NAMED, (("named-graph-uri", G2),), {B}),
    (ALL, (("named-graph-uri", G2),), set()),  # named graphs only: empty default graph
    (NAMED, (("named-graph-uri", G1), ("named-graph-uri", G2)), {A, B}),
    # the protocol's dataset overrides the query's FROM / FROM NAMED (SPARQL 1.1 Protocol 2.1.4)
    (iris("SELECT ?s FROM <G1> WHERE { ?s ?p ?o }"), (("default-graph-uri", G2),), {B}),
    (iris("SELECT ?s FROM NAMED <G1> WHERE { GRAPH ?g { ?s ?p ?o } }"), (("named-graph-uri", G2),), {B}),
    (ALL, (("default-graph-uri", ABSENT),), set()),
]


def _fill(store: EmbeddedStore | RemoteStore) -> None:
    for graph in store.graphs():
        store.drop_graph(graph)
    store.load_graph(ox.NamedNode(G1), [ox.Triple(ox.NamedNode(A), P, ox.Literal("1"))])
    store.load_graph(ox.NamedNode(G2), [ox.Triple(ox.NamedNode(B), P, ox.Literal("2"))])


@pytest.fixture(scope="module", params=["embedded", pytest.param("remote", marks=pytest.mark.server)])
def dataset_client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    store: EmbeddedStore | RemoteStore
    if request.param == "remote":
        server: OxigraphServer = request.getfixturevalue("oxigraph_server")
        store = RemoteStore(RemoteEndpoints.from_url(server.url))
    else:
        store = EmbeddedStore()
    _fill(store)
    app = create_app(Settings(store="memory"), warm=False)
    app.dependency_overrides[get_store] = lambda: store
    with TestClient(app) as client:
        yield client
    store.close()


def _ask(client: TestClient, how: str, query: str, dataset: DATASET) -> Any:
    if how == "GET":
        return client.get("/sparql", params=[("query", query), *dataset])
    if how == "POST form":
        form = urlencode([("query", query), *dataset])  # repeated keys: httpx's `data` takes a dict
        return client.post("/sparql", content=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    return client.post(
        "/sparql", params=list(dataset), content=query, headers={"Content-Type": "application/sparql-query"}
    )


@pytest.mark.parametrize("how", ["GET", "POST form", "POST direct"])
@pytest.mark.parametrize(("query", "dataset", "expected"), CASES)
def test_sparql_dataset_is_honoured(
    dataset_client: TestClient, how: str, query: str, dataset: DATASET, expected: set[str]
) -> None:
    response = _ask(dataset_client, how, query, dataset)
    assert response.status_code == 200, response.text
    seen = {row["s"]["value"] for row in response.json()["results"]["bindings"]}
    assert seen == expected


def test_sparql_dataset_parameters_in_the_url_of_a_form_post_count_too(dataset_client: TestClient) -> None:
    """A form POST may carry the dataset in its URL, its body or both: all of them make the dataset."""
    response = dataset_client.post(
        "/sparql", params={"default-graph-uri": G1}, data={"query": ALL, "default-graph-uri": G2}
    )
    assert {row["s"]["value"] for row in response.json()["results"]["bindings"]} == {A, B}


def test_sparql_dataset_applies_to_ask_and_construct(dataset_client: TestClient) -> None:
    ask_b = "ASK { <http://example.org/b> ?p ?o }"
    ask = dataset_client.get("/sparql", params={"query": ask_b, "default-graph-uri": G1})
    assert ask.json()["boolean"] is False
    construct = dataset_client.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "default-graph-uri": G2},
        headers={"Accept": "application/n-triples"},
    )
    triples = [q.triple for q in ox.parse(construct.content, format=ox.RdfFormat.N_TRIPLES)]
    assert [t.subject.value for t in triples] == [B]
