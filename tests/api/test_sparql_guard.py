"""mscos_kg.sparql_guard: query forms, updates refused, SERVICE refused without any request made."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from mscos_kg.sparql_guard import (
    QueryForm,
    QuerySyntaxError,
    ServiceRefusedError,
    UpdateRefusedError,
    check_no_service,
    query_form,
)


@pytest.fixture(scope="module")
def trap() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request made to it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    server.shutdown()


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", QueryForm.SELECT),
        ("# a comment\nPREFIX a: <http://x/#> BASE <http://y/>\n  ask {}", QueryForm.ASK),
        ("PREFIX : <http://x/> CONSTRUCT WHERE { ?s ?p ?o }", QueryForm.CONSTRUCT),
        ("DESCRIBE <http://example.org/>", QueryForm.DESCRIBE),
        ("{ nonsense", None),
    ],
)
def test_sparql_guard_reads_the_query_form_past_the_prologue(text: str, form: QueryForm | None) -> None:
    assert query_form(text) is form


@pytest.mark.parametrize(
    "text",
    ["INSERT DATA { <a> <b> <c> }", "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }", "clear all",
     "LOAD <http://example.org/data.ttl>", "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "DROP ALL"],
)
def test_sparql_guard_refuses_updates_by_their_first_keyword(text: str) -> None:
    with pytest.raises(UpdateRefusedError, match="read-only"):
        query_form(text)


SERVICE_CALLS = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { service\n<{url}>{ ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o .SERVICE ?x { ?s ?p ?o } }",
    "SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "PREFIX e: <{url}> SELECT * WHERE { SERVICE e:x { ?s ?p ?o } }",
    # A longest-match lexer reads <'> as an IRI and then hides SERVICE in a string; Oxigraph reads
    # "less than" and would call the service (regression test for the lexer-only design).
    "SELECT * WHERE { BIND('!' AS ?a) FILTER(?a<'>') SERVICE <{url}> { ?s ?p ?o } FILTER(?a!='x') }",
    "SELECT * WHERE { SERV\\u0049CE <{url}> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("template", SERVICE_CALLS)
def test_sparql_guard_refuses_service_calls_and_makes_no_request(
    trap: tuple[str, list[str]], template: str
) -> None:
    url, hits = trap
    before = len(hits)
    with pytest.raises(ServiceRefusedError):
        check_no_service(template.replace("{url}", url), base_iri="https://w3id.org/mscos/")
    assert len(hits) == before


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> SELECT ?service WHERE "
        "{ ?service a sd:Service ; <http://x/#service> 'service'@en FILTER(CONTAINS(?l, \"support service\")) }"
        " # service",
        "SELECT * WHERE { ?s ?p ?o }",
        'SELECT ?x WHERE { BIND("""Service\nproviders""" AS ?x) }',
    ],
)
def test_sparql_guard_allows_the_word_service_where_it_is_not_the_keyword(text: str) -> None:
    check_no_service(text, base_iri="https://w3id.org/mscos/")


def test_sparql_guard_reports_a_syntax_error_elsewhere_as_such() -> None:
    with pytest.raises(QuerySyntaxError, match="malformed query: error at 1:"):
        check_no_service("SELECT * WHERE { ?s ?p 'service' ", base_iri="https://w3id.org/mscos/")


@pytest.mark.parametrize("template", [SERVICE_CALLS[0], SERVICE_CALLS[6]])
def test_sparql_guard_trap_is_real_pyoxigraph_does_call_services(
    trap: tuple[str, list[str]], template: str
) -> None:
    """Without the guard pyoxigraph sends the request: the refusal above is what prevents it."""
    import pyoxigraph as ox

    url, hits = trap
    before = len(hits)
    with pytest.raises(OSError, match="500"):
        list(ox.Store().query(template.replace("{url}", url)))
    assert len(hits) == before + 1
