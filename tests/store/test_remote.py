"""What only the remote store does: endpoints, HTTP errors, the union-default-graph check."""

from __future__ import annotations

import httpx
import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from mscos_kg.store import (
    QueryEvaluationError,
    QuerySyntaxError,
    RemoteEndpoints,
    RemoteStore,
    StoreMisconfiguredError,
    StoreUnavailableError,
    UpdateTooLargeError,
    open_store,
)
from mscos_kg.store.server import free_port

G = NamedNode("https://example.org/g")
XSD_DURATION = NamedNode("http://www.w3.org/2001/XMLSchema#duration")
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


def _virtuoso_mock(sent: list[bytes]) -> RemoteStore:
    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.read())
        return httpx.Response(200, headers={"server": "Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu",
                                            "content-type": "application/sparql-results+json"},
                              json={"head": {}, "boolean": True})

    return RemoteStore(RemoteEndpoints.from_url("http://mock/sparql", "http://mock/sparql-auth"),
                       client=httpx.Client(transport=httpx.MockTransport(answer)))


def test_virtuoso_gets_blank_nodes_in_an_insert_template_and_blocks_of_a_thousand() -> None:
    sent: list[bytes] = []
    store = _virtuoso_mock(sent)
    blank = BlankNode()
    data = [Triple(NamedNode(f"https://example.org/s{i}"), NamedNode("https://example.org/p"), Literal(str(i)))
            for i in range(2500)] + [Triple(blank, NamedNode("https://example.org/p"), Literal("b"))]
    store.replace_graph(G, data)
    update = sent[-1].decode()
    assert update.startswith("DEFINE sql:big-data-const 1\n")
    data_part, template = update.split("INSERT {", 1)
    assert data_part.count(f"GRAPH {G} {{") == 3 and "_:" not in data_part  # 1,000 + 1,000 + 500
    assert "_:" in template and template.rstrip().endswith("WHERE { } ;")


def test_a_write_virtuoso_cannot_take_whole_is_refused_before_it_is_sent() -> None:
    sent: list[bytes] = []
    store = _virtuoso_mock(sent)
    triples = [Triple(NamedNode(f"https://example.org/s{i}"), NamedNode("https://example.org/p"), Literal("x" * 100))
               for i in range(80_000)]  # over 9.5 MB of update text
    with pytest.raises(UpdateTooLargeError):
        store.replace_graph(G, triples)
    assert all(b"INSERT" not in body for body in sent)  # only the dialect probe went out


def test_virtuoso_gets_durations_under_private_datatypes() -> None:
    sent: list[bytes] = []
    blank = BlankNode()
    p = NamedNode("https://example.org/p")
    data = [Triple(NamedNode("https://example.org/s"), p, Literal("P1Y", datatype=XSD_DURATION)),
            Triple(blank, p, Literal("P6M", datatype=XSD_DURATION))]
    _virtuoso_mock(sent).replace_graph(G, data)
    update = sent[-1].decode()
    assert "XMLSchema#duration" not in update
    assert update.count('^^<https://w3id.org/mscos/ns/virtuoso#duration>') == 2  # in INSERT DATA and the template
