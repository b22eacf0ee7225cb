"""What only the remote store does: endpoints, HTTP errors, the union-default-graph check."""

from __future__ import annotations

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, Triple

from mscos_kg.store import (
    QueryEvaluationError,
    QuerySyntaxError,
    RemoteEndpoints,
    RemoteStore,
    StoreMisconfiguredError,
    StoreUnavailableError,
    open_store,
)
from mscos_kg.store.server import free_port

G = NamedNode("https://example.org/g")
DATA = [Triple(NamedNode("https://example.org/s"), NamedNode("https://example.org/p"), Literal("o"))]


@pytest.mark.parametrize(
    ("url", "query", "update"),
    [
        ("http://127.0.0.1:7878", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update"),
        ("http://h:3030/ds/", "http://h:3030/ds/query", "http://h:3030/ds/update"),
        ("https://h/ds/sparql", "https://h/ds/sparql", "https://h/ds/update"),
        ("http://h/repositories/mscos", "http://h/repositories/mscos/query", "http://h/repositories/mscos/update"),
    ],
)
def test_endpoints_from_one_url(url: str, query: str, update: str) -> None:
    endpoints = RemoteEndpoints.from_url(url)
    assert (endpoints.query, endpoints.update) == (query, update)


def test_an_explicit_update_endpoint_wins() -> None:
    endpoints = RemoteEndpoints.from_url("http://h/repositories/m", "http://h/repositories/m/statements")
    assert endpoints.update == "http://h/repositories/m/statements"
    with pytest.raises(ValueError):
        RemoteEndpoints.from_url("ftp://h/sparql")


def test_open_store_gives_a_remote_store_for_a_url() -> None:
    store = open_store("http://127.0.0.1:1/")
    assert isinstance(store, RemoteStore)
    store.close()


def test_a_server_that_does_not_answer_is_unavailable() -> None:
    store = RemoteStore(RemoteEndpoints.from_url(f"http://127.0.0.1:{free_port()}"), timeout_s=2)
    with pytest.raises(StoreUnavailableError):
        store.ask("ASK {}")
    store.close()


def _mock(handler: httpx.MockTransport) -> RemoteStore:
    return RemoteStore(RemoteEndpoints.from_url("http://mock"), client=httpx.Client(transport=handler))


def test_http_errors_become_store_errors() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if b"broken" in request.content:
            return httpx.Response(400, text="Parser error")
        return httpx.Response(500, text="boom")

    store = _mock(httpx.MockTransport(answer))
    with pytest.raises(QuerySyntaxError, match="Parser error"):
        store.select("SELECT ?broken WHERE { ?broken ?p ?o }")
    with pytest.raises(QueryEvaluationError, match="500"):
        store.select("SELECT ?s WHERE { ?s ?p ?o }")


@pytest.mark.server
def test_check_union_passes_on_oxigraph(remote_store: RemoteStore) -> None:
    remote_store.replace_graph(G, DATA)
    remote_store.check_union(G)


def test_check_union_fails_on_a_server_that_ignores_the_union() -> None:
    """A server that keeps its default graph apart: the named graph's triple is not in it."""

    def answer(request: httpx.Request) -> httpx.Response:
        body = request.content.decode()
        if "SELECT" in body:
            return httpx.Response(
                200,
                headers={"content-type": "application/sparql-results+json"},
                json={
                    "head": {"vars": ["g", "s", "p", "o"]},
                    "results": {
                        "bindings": [
                            {
                                "g": {"type": "uri", "value": G.value},
                                "s": {"type": "uri", "value": "https://example.org/s"},
                                "p": {"type": "uri", "value": "https://example.org/p"},
                                "o": {"type": "literal", "value": "o"},
                            }
                        ]
                    },
                },
            )
        return httpx.Response(
            200, headers={"content-type": "application/sparql-results+json"}, json={"head": {}, "boolean": False}
        )

    store = _mock(httpx.MockTransport(answer))
    with pytest.raises(StoreMisconfiguredError, match="union"):
        store.check_union(G)
