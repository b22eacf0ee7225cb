"""The W3C SPARQL 1.1 Protocol tests (tests/data/sparql-protocol/) against /sparql.

Every test of the manifest runs: the 13 query tests as the manifest says (2xx and the expected
boolean or kind of result), the 14 bad-request tests (4xx, with a structured error), and the
7 update tests reversed, since this endpoint is read-only: the update is refused with 403 and
the store is left as it was. The manifest's endpoint path `/sparql/` is this service's `/sparql`.

Each test runs on three stores holding data1-3.nt in the named graphs the manifest names, and
every query test passes as the manifest says on each, `default-graph-uri` / `named-graph-uri`
and FROM / FROM NAMED included:

* ``pyoxigraph``: a bare `pyoxigraph.Store` (the endpoint's streaming path);
* ``embedded``: `EmbeddedStore`, what `mscos serve` opens (streaming, through `query_protocol`);
* ``remote``: `RemoteStore` on a real `oxigraph serve` (the port path: the dataset travels on as
  protocol parameters);
* ``virtuoso``: `RemoteStore` on a real Virtuoso 7 (tests/conftest.py), written through its
  authenticated update endpoint.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from mscos_api.app import create_app
from mscos_api.deps import get_store

from mscos_kg.config import Settings
from mscos_kg.store import EmbeddedStore, RemoteEndpoints, RemoteStore
from mscos_kg.store.server import OxigraphServer
from mscos_kg.store.virtuoso_server import VirtuosoServer
from tests.conftest import virtuoso_store

DATA = Path(__file__).resolve().parent.parent / "data" / "sparql-protocol"
MANIFEST = json.loads((DATA / "protocol-tests.json").read_text(encoding="utf-8"))
TESTS: list[dict[str, Any]] = MANIFEST["tests"]
GRAPHS = {
    "data1.nt": "http://kasei.us/2009/09/sparql/data/data1.rdf",
    "data2.nt": "http://kasei.us/2009/09/sparql/data/data2.rdf",
    "data3.nt": "http://kasei.us/2009/09/sparql/data/data3.rdf",
}
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF = {"text/turtle", "application/rdf+xml", "application/n-triples"}


def protocol_store(kind: str, server: OxigraphServer | VirtuosoServer | None = None) -> Any:
    if kind == "pyoxigraph":
        store = ox.Store()
        for name, graph in GRAPHS.items():
            store.load(path=str(DATA / name), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
        return store
    port: EmbeddedStore | RemoteStore = EmbeddedStore()
    if isinstance(server, VirtuosoServer):
        port = virtuoso_store(server)
    elif server is not None:
        port = RemoteStore(RemoteEndpoints.from_url(server.url))
        for graph in port.graphs():
            port.drop_graph(graph)
    for name, graph in GRAPHS.items():
        triples = [q.triple for q in ox.parse(path=str(DATA / name), format=ox.RdfFormat.N_TRIPLES)]
        port.load_graph(ox.NamedNode(graph), triples)
    return port


@pytest.fixture(
    scope="module",
    params=[
        "pyoxigraph",
        "embedded",
        pytest.param("remote", marks=pytest.mark.server),
        pytest.param("virtuoso", marks=pytest.mark.server),
    ],
)
def store(request: pytest.FixtureRequest) -> Iterator[Any]:
    server = None
    if request.param in ("remote", "virtuoso"):
        server = request.getfixturevalue("oxigraph_server" if request.param == "remote" else "virtuoso_server")
    store = protocol_store(request.param, server)
    yield store
    if not isinstance(store, ox.Store):
        store.close()


@pytest.fixture(scope="module")
def protocol_client(store: Any) -> Iterator[TestClient]:
    app = create_app(Settings(store="memory"))
    app.dependency_overrides[get_store] = lambda: store
    with TestClient(app) as client:
        yield client


def quads(store: Any) -> list[str]:
    if isinstance(store, ox.Store):
        return sorted(str(q) for q in store)
    rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    return sorted(" ".join(str(t) for t in row) for row in rows)


def send(client: TestClient, request: dict[str, Any]) -> Any:
    path = request["absolutePath"].replace("/sparql/", "/sparql", 1)
    body = request["body"]
    content = body.encode(request["bodyEncoding"] or "utf-8") if body is not None else None
    if request["headers"].get("content-type", "").endswith("charset=UTF-16") and body is not None:
        content = body.encode("utf-16")
    return client.request(request["method"], path, content=content, headers=request["headers"])


def boolean_of(response: Any) -> bool:
    kind = response.headers["content-type"].split(";")[0]
    if kind == "application/sparql-results+json":
        value: bool = response.json()["boolean"]
        return value
    root = ElementTree.fromstring(response.content)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None and node.text is not None
    return node.text == "true"


def _kind(test: dict[str, Any]) -> str:
    if test["id"].startswith("update_"):
        return "update"
    if test["id"].startswith("bad_"):
        return "bad"
    return "query"


@pytest.mark.parametrize("test", [t for t in TESTS if _kind(t) == "query"], ids=lambda t: t["id"])
def test_sparql_manifest_query(protocol_client: TestClient, test: dict[str, Any]) -> None:
    for request in test["requests"]:
        response = send(protocol_client, request)
        expect = request["expect"]
        assert 200 <= response.status_code < 400, (test["id"], response.status_code, response.text)
        kind = response.headers["content-type"].split(";")[0]
        if expect.get("format") == "boolean":
            assert kind in BOOLEAN
            if "boolean" in expect:
                assert boolean_of(response) is expect["boolean"], test["id"]
        elif expect.get("format") == "tabular":
            assert kind in TABULAR
        elif expect.get("format") == "RDF":
            assert kind in RDF
            ox.parse(response.content, format=ox.RdfFormat.from_media_type(kind))


@pytest.mark.parametrize("test", [t for t in TESTS if _kind(t) == "bad"], ids=lambda t: t["id"])
def test_sparql_manifest_bad_request(protocol_client: TestClient, test: dict[str, Any]) -> None:
    for request in test["requests"]:
        response = send(protocol_client, request)
        assert 400 <= response.status_code < 500, (test["id"], response.status_code, response.text)
        if response.status_code != 405:  # the method check is FastAPI's own (still structured)
            error = response.json()["error"]
            assert error["code"] and error["message"]
        assert "Traceback" not in response.text


@pytest.mark.parametrize("test", [t for t in TESTS if _kind(t) == "update"], ids=lambda t: t["id"])
def test_sparql_manifest_update_is_refused_and_changes_nothing(
    protocol_client: TestClient, store: Any, test: dict[str, Any]
) -> None:
    before = quads(store)
    update, *checks = test["requests"]
    response = send(protocol_client, update)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "update_refused"
    assert quads(store) == before
    for check in checks:  # the manifest's follow-up ASK: true only if the update had run
        answer = send(protocol_client, check)
        assert answer.status_code == 200
        assert boolean_of(answer) is False


def test_sparql_manifest_is_complete() -> None:
    """34 approved tests: 13 query, 14 bad request, 7 update (SOURCE.md)."""
    kinds = [_kind(t) for t in TESTS]
    assert (kinds.count("query"), kinds.count("bad"), kinds.count("update")) == (13, 14, 7)
    assert all(t["approval"] == "Approved" for t in TESTS)
