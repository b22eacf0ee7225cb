"""/sparql on the service's own store (the store port, as `mscos serve` opens it).

Content negotiation, refusals (updates, SERVICE), graphs never fetched, limits (query
length, result rows, time) and structured errors. The W3C manifest cases are in
test_sparql_protocol_manifest.py; the live-server concurrency test in test_sparql_concurrency.py.
"""

from __future__ import annotations

import asyncio
import csv
import http.server
import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from mscos_api.deps import get_store
from mscos_api.query_runner import QueryRunner, get_query_runner

from mscos_kg.config import Settings

SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
SELECT = SKOS + "SELECT ?c ?label WHERE { ?c skos:notation 'CO1' ; skos:prefLabel ?label }"
CONSTRUCT = SKOS + "CONSTRUCT { ?c skos:prefLabel ?l } WHERE { ?c skos:notation 'CO1' ; skos:prefLabel ?l }"
ASK = "ASK { ?s ?p ?o }"
#: About ten million solutions counted eagerly: around a second, and no way to stop it early.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?t . ?d ?e ?f }"
CO1 = "https://w3id.org/mscos/id/000101"
#: Queries naming a graph by a URL of the trap server (filled in by str.replace, never fetched).
FROM_REMOTE = "SELECT * FROM <URL> WHERE { ?s ?p ?o }"
FROM_NAMED_REMOTE = "SELECT * FROM NAMED <URL> WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def trap() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server recording every request: nothing may ever reach it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.end_headers()
            self.wfile.write(b"<http://evil/s> <http://evil/p> <http://evil/o> .\n")

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/data.ttl", hits
    server.shutdown()


def error_of(response: Any) -> dict[str, Any]:
    assert "Traceback" not in response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] and error["message"]
    return error


# ------------------------------------------------------------------ content negotiation
@pytest.mark.parametrize(
    "media_type",
    ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"],
)
@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
def test_sparql_select_answers_exactly_the_result_format_asked_for(
    client: TestClient, media_type: str, method: str
) -> None:
    headers = {"Accept": media_type}
    if method == "GET":
        response = client.get("/sparql", params={"query": SELECT}, headers=headers)
    elif method == "POST form":
        response = client.post("/sparql", data={"query": SELECT}, headers=headers)
    else:
        response = client.post(
            "/sparql", content=SELECT, headers={**headers, "Content-Type": "application/sparql-query"}
        )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers["vary"]
    if media_type.endswith("json"):
        body = response.json()
        assert body["head"]["vars"] == ["c", "label"]
        assert body["results"]["bindings"][0]["c"] == {"type": "uri", "value": CO1}
        assert body["results"]["bindings"][0]["label"]["xml:lang"] == "en"
    elif media_type.endswith("xml"):
        root = ElementTree.fromstring(response.content)
        uris = [e.text for e in root.iter("{http://www.w3.org/2005/sparql-results#}uri")]
        assert uris == [CO1]
    elif media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["c", "label"] and rows[1][0] == CO1
    else:
        lines = response.text.splitlines()
        assert lines[0] == "?c\t?label" and lines[1].startswith(f"<{CO1}>\t")


@pytest.mark.parametrize(
    ("media_type", "fmt"),
    [("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD),
     ("application/rdf+xml", ox.RdfFormat.RDF_XML), ("application/n-triples", ox.RdfFormat.N_TRIPLES)],
)
def test_sparql_construct_answers_exactly_the_rdf_syntax_asked_for(
    client: TestClient, media_type: str, fmt: ox.RdfFormat
) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": media_type})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    triples = [q.triple for q in ox.parse(response.content, format=fmt)]
    assert [t.subject for t in triples] == [ox.NamedNode(CO1)]


@pytest.mark.parametrize(
    ("query", "accept", "expected"),
    [
        (SELECT, "text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        (SELECT, "text/*;q=0.9, application/sparql-results+json;q=0.1", "text/csv"),
        (SELECT, "*/*", "application/sparql-results+json"),
        (SELECT, None, "application/sparql-results+json"),
        (SELECT, "application/json", "application/json"),
        (CONSTRUCT, "*/*", "text/turtle"),
        (CONSTRUCT, "application/rdf+xml;q=0.2, application/n-triples;q=0.8", "application/n-triples"),
        (ASK, "text/csv, application/sparql-results+xml;q=0.1", "application/sparql-results+xml"),
    ],
)
def test_sparql_honours_q_values_and_wildcards(
    client: TestClient, query: str, accept: str | None, expected: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize(
    ("query", "accept", "expected"),
    [(SELECT, "text/turtle", "application/sparql-results+json"),
     (CONSTRUCT, "application/sparql-results+json", "text/turtle"),
     (CONSTRUCT, "text/csv, application/sparql-results+xml;q=0.5", "text/turtle"),
     (ASK, "text/csv", "application/sparql-results+json"),
     (CONSTRUCT, "text/turtle;q=0, application/sparql-results+json", "application/ld+json")],
)
def test_sparql_answers_the_forms_default_format_when_accept_names_only_other_forms(
    client: TestClient, query: str, accept: str, expected: str
) -> None:
    # RFC 9110 12.5.1: a server may disregard an Accept that fits nothing; the client reads Content-Type.
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize(
    ("query", "accept"),
    [(SELECT, "text/csv;q=0, application/sparql-results+json;q=0, */*;q=0"),
     (CONSTRUCT, "*/*;q=0"),
     (ASK, "application/sparql-results+json;q=0, application/sparql-results+xml;q=0, application/json;q=0")],
)
def test_sparql_answers_406_when_the_client_refuses_every_format_of_the_form(
    client: TestClient, query: str, accept: str
) -> None:
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    assert error_of(response)["code"] == "not_acceptable"


def test_sparql_ask_answers_a_boolean(client: TestClient) -> None:
    response = client.post("/sparql", content=ASK, headers={"Content-Type": "application/sparql-query"})
    assert response.json() == {"head": {}, "boolean": True}


# ------------------------------------------------------------------ refusals and errors
@pytest.mark.parametrize(
    "request_args",
    [
        {"method": "GET", "url": "/sparql", "params": {"query": "SELECT * WHERE { ?s ?p "}},
        {"method": "POST", "url": "/sparql", "data": {"query": "SELEKT * {}"}},
        {"method": "POST", "url": "/sparql", "content": "ASK {",
         "headers": {"Content-Type": "application/sparql-query"}},
    ],
)
def test_sparql_malformed_query_is_400_with_the_parser_message(
    client: TestClient, request_args: dict[str, Any]
) -> None:
    response = client.request(**request_args)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "malformed_query"
    assert error["message"].startswith("malformed query:")
    assert len(error["message"]) < 400


_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.mark.parametrize(
    "request_args",
    [
        {"method": "GET", "url": "/sparql", "params": {"update": "CLEAR ALL"}},
        {"method": "POST", "url": "/sparql", "data": {"update": "DROP ALL"}},
        {"method": "POST", "url": "/sparql", "content": "DROP ALL",
         "headers": {"Content-Type": "application/sparql-update"}},
    ],
)
def test_sparql_updates_are_refused_and_the_store_is_unchanged(
    client: TestClient, request_args: dict[str, Any]
) -> None:
    before = client.get("/sparql", params={"query": _COUNT}).json()
    response = client.request(**request_args)
    assert response.status_code == 403
    assert error_of(response)["code"] == "update_refused"
    assert client.get("/sparql", params={"query": _COUNT}).json() == before


@pytest.mark.parametrize(
    "request_args",
    [
        {"method": "GET", "url": "/sparql", "params": {"query": "CLEAR ALL"}},
        {"method": "POST", "url": "/sparql", "content": "INSERT DATA { <http://a> <http://b> <http://c> }",
         "headers": {"Content-Type": "application/sparql-query"}},
        {"method": "POST", "url": "/sparql", "data": {"query": "DELETE WHERE { ?s ?p ?o }"}},
        {"method": "GET", "url": "/sparql", "params": {"query": "LOAD <http://127.0.0.1:9/x>"}},
    ],
)
def test_sparql_update_sent_as_a_query_is_a_malformed_query_and_changes_nothing(
    client: TestClient, request_args: dict[str, Any]
) -> None:
    before = client.get("/sparql", params={"query": _COUNT}).json()
    response = client.request(**request_args)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "malformed_query" and "SPARQL Update" in error["message"]
    assert client.get("/sparql", params={"query": _COUNT}).json() == before


@pytest.mark.parametrize("params", [{"default-graph-uri": "https://w3id.org/mscos/graph/vocabulary/1.0.0"},
                                    {"named-graph-uri": "https://example.org/g"}])
def test_sparql_get_with_a_dataset_and_no_query_is_400(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/sparql", params=params, headers={"Accept": "text/turtle"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "missing_query"


def test_sparql_service_is_refused_and_never_called(client: TestClient, trap: tuple[str, list[str]]) -> None:
    url, hits = trap
    for query in (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                  f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}"):
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 400
        assert error_of(response)["code"] == "service_refused"
    assert hits == []


def test_sparql_from_and_dataset_parameters_name_graphs_of_the_store_never_fetched(
    client: TestClient, trap: tuple[str, list[str]]
) -> None:
    """On the service's own store a URL in FROM or a dataset parameter names an (empty) graph of the store."""
    url, hits = trap
    requests: list[dict[str, Any]] = [
        {"params": {"query": FROM_REMOTE.replace("URL", url)}},
        {"params": {"query": FROM_NAMED_REMOTE.replace("URL", url)}},
        {"params": {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": url}},
        {"params": {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": url}},
    ]
    for request in requests:
        response = client.get("/sparql", **request)
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"] == []
    assert hits == []


def test_sparql_dataset_of_graphs_outside_the_store_is_empty_not_fetched(
    make_client: Callable[..., TestClient], trap: tuple[str, list[str]]
) -> None:
    """On a store that honours protocol datasets, a remote IRI names an (empty) graph of the store."""
    url, hits = trap
    test_client = make_client()
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("o"), ox.NamedNode("http://g")))
    test_client.app.dependency_overrides[get_store] = lambda: store  # type: ignore[attr-defined]
    for params in ({"query": FROM_REMOTE.replace("URL", url)},
                   {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": url},
                   {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": url}):
        response = test_client.get("/sparql", params=params)
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"] == []
    both = test_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "http://g"})
    assert len(both.json()["results"]["bindings"]) == 1
    assert hits == []


@pytest.mark.parametrize(
    ("request_args", "code"),
    [
        ({"method": "GET", "url": "/sparql", "params": [("query", "ASK {}"), ("query", "ASK {}")]}, "bad_request"),
        ({"method": "POST", "url": "/sparql", "content": "ASK {}", "headers": {"Content-Type": "text/plain"}},
         "unsupported_media_type"),
        ({"method": "POST", "url": "/sparql", "content": "ASK {}"}, "unsupported_media_type"),
        ({"method": "POST", "url": "/sparql", "content": "ASK {}".encode("utf-16"),
          "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, "unsupported_charset"),
        ({"method": "POST", "url": "/sparql", "content": b"ASK {\xff}",
          "headers": {"Content-Type": "application/sparql-query"}}, "not_utf8"),
        ({"method": "GET", "url": "/sparql", "params": {"query": "ASK {}", "default-graph-uri": "not an iri"}},
         "invalid_graph_iri"),
        ({"method": "POST", "url": "/sparql", "data": {"default-graph-uri": "http://g"}}, "missing_query"),
    ],
)
def test_sparql_bad_requests_have_stable_codes(client: TestClient, request_args: dict[str, Any], code: str) -> None:
    response = client.request(**request_args)
    assert 400 <= response.status_code < 500
    assert error_of(response)["code"] == code


# ------------------------------------------------------------------ limits
def test_sparql_query_length_limit(make_client: Callable[..., TestClient]) -> None:
    limited = make_client(Settings(store="memory", max_query_chars=100))
    long_query = "ASK { " + "?s ?p ?o . " * 20 + "}"
    assert limited.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    get = limited.get("/sparql", params={"query": long_query})
    form = limited.post("/sparql", data={"query": long_query})
    direct = limited.post("/sparql", content=long_query, headers={"Content-Type": "application/sparql-query"})
    assert (get.status_code, form.status_code, direct.status_code) == (414, 413, 413)
    assert {error_of(r)["code"] for r in (get, form, direct)} == {"query_too_long"}


def test_sparql_result_rows_are_capped_and_the_cap_is_announced(make_client: Callable[..., TestClient]) -> None:
    capped = make_client(Settings(store="memory", max_result_rows=5))
    response = capped.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 5
    assert response.headers["x-mscos-truncated"] == "true"
    assert response.headers["x-sparql-maxrows"] == "5"
    graph = capped.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"}
    )
    assert len(graph.text.splitlines()) == 5 and graph.headers["x-mscos-truncated"] == "true"
    small = capped.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"})
    assert "x-mscos-truncated" not in small.headers


def test_sparql_time_limit_ends_the_request_with_504(make_client: Callable[..., TestClient]) -> None:
    quick = make_client(Settings(store="memory", query_timeout_s=0.1))
    response = quick.get("/sparql", params={"query": SLOW})
    assert response.status_code == 504
    error = error_of(response)
    assert error["code"] == "query_timeout" and "0.1 s" in error["message"]


class _SlowStore:
    """A store whose every query takes 3 s (sleeping, as pyoxigraph does, without the GIL)."""

    def select(self, query: str, bindings: object = None, *, dataset: object = None) -> object:
        time.sleep(3)
        raise AssertionError("the request should have ended before")


def test_sparql_time_limit_answers_on_time_while_the_query_runs_on(make_client: Callable[..., TestClient]) -> None:
    quick = make_client(Settings(store="memory", query_timeout_s=0.2))
    quick.app.dependency_overrides[get_store] = _SlowStore  # type: ignore[attr-defined]
    started = time.monotonic()
    response = quick.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    elapsed = time.monotonic() - started
    assert response.status_code == 504
    assert elapsed < 1.5  # on time, not when the query ends (3 s)
    assert quick.get("/health").status_code == 200


def test_sparql_busy_slots_answer_503_with_retry_after(make_client: Callable[..., TestClient]) -> None:
    """A job still running (a runaway query after its 504) keeps its slot: the next query gets 503."""
    runner = QueryRunner(slots=1, queue_timeout_s=0.1)
    busy = make_client()
    busy.app.dependency_overrides[get_query_runner] = lambda: runner  # type: ignore[attr-defined]
    release = threading.Event()
    holder = threading.Thread(target=lambda: asyncio.run(_hold(runner, release)), daemon=True)
    holder.start()
    try:
        deadline = time.monotonic() + 5
        while busy.get("/sparql", params={"query": "ASK {}"}).status_code != 503:
            assert time.monotonic() < deadline, "the slot was never taken"
        second = busy.get("/sparql", params={"query": "ASK {}"})
        assert second.status_code == 503
        assert error_of(second)["code"] == "query_slots_busy"
        assert int(second.headers["retry-after"]) > 0
        assert busy.get("/health").status_code == 200
    finally:
        release.set()
        holder.join(timeout=5)
    assert busy.get("/sparql", params={"query": "ASK {}"}).status_code == 200


async def _hold(runner: QueryRunner, release: threading.Event) -> None:
    """Keep the runner's only slot until `release` is set (a stand-in for a runaway query)."""
    await runner.run(lambda _: release.wait(10), timeout_s=10)


# ------------------------------------------------------------------ CORS
def test_sparql_allows_cross_origin_reads_but_not_cross_origin_writes(client: TestClient) -> None:
    read = client.get("/sparql", params={"query": ASK}, headers={"Origin": "https://example.org"})
    assert read.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/datasets/x",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "PUT",
                 "Access-Control-Request-Headers": "Authorization"},
    )
    assert "PUT" not in preflight.headers.get("access-control-allow-methods", "")
    assert preflight.status_code >= 400


def test_sparql_json_body_is_valid_json_for_every_term_kind(client: TestClient) -> None:
    query = 'SELECT ?iri ?blank ?lang ?typed ?plain WHERE { BIND(<http://x/y> AS ?iri) BIND(BNODE() AS ?blank) ' \
            'BIND("a\\"b"@en AS ?lang) BIND(1.5 AS ?typed) BIND("x" AS ?plain) }'
    response = client.get("/sparql", params={"query": query})
    binding = json.loads(response.text)["results"]["bindings"][0]
    assert binding["iri"] == {"type": "uri", "value": "http://x/y"}
    assert binding["blank"]["type"] == "bnode"
    assert binding["lang"] == {"type": "literal", "value": 'a"b', "xml:lang": "en"}
    assert binding["typed"] == {"type": "literal", "value": "1.5", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    assert binding["plain"] == {"type": "literal", "value": "x"}
