"""Oxigraph's server cuts a query at its --timeout-s after sending 200: the remote store must
turn the truncated document into QueryTimeoutError (a 504), never an unreadable-result error."""

from __future__ import annotations

import httpx
import pytest

from mscos_kg.store.errors import QueryEvaluationError, QueryTimeoutError
from mscos_kg.store.remote import CANCELLED, RemoteEndpoints, RemoteStore

SELECT = "SELECT ?s WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
# What the server sends (the shape measured with oxigraph 0.5.13): a document begun, then the message.
CUT_JSON = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://x/a"}},' + CANCELLED
CUT_NT = b"<http://x/a> <http://x/p> <http://x/b> .\n<http://x/a> <http://x/p> " + CANCELLED
BROKEN_JSON = b'{"head":{"vars":["s"]},"results":{"bind'


def _store(body: bytes, media_type: str) -> RemoteStore:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": media_type})

    client = httpx.Client(transport=httpx.MockTransport(answer))
    return RemoteStore(RemoteEndpoints.from_url("http://127.0.0.1:9/"), client=client)


@pytest.mark.parametrize(("call", "body", "media_type"), [
    (lambda s: s.select(SELECT), CUT_JSON, "application/sparql-results+json"),
    (lambda s: s.select_sparql_json(SELECT), CUT_JSON, "application/sparql-results+json"),
    (lambda s: s.construct(CONSTRUCT), CUT_NT, "application/n-triples"),
], ids=["select", "select_sparql_json", "construct"])
def test_a_cancelled_answer_is_a_timeout(call, body: bytes, media_type: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryTimeoutError):
        call(_store(body, media_type))


def test_a_merely_broken_answer_is_still_an_evaluation_error_not_a_timeout() -> None:
    with pytest.raises(QueryEvaluationError) as caught:
        _store(BROKEN_JSON, "application/sparql-results+json").select(SELECT)
    assert not isinstance(caught.value, QueryTimeoutError)
