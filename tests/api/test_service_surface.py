"""What every client sees of the service: the OpenAPI document, /docs without a CDN, CORS headers,
and the fast paths (identifiers, named queries) answering like the routes they stand in for."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from mscos_api.app import EXPOSED_HEADERS
from mscos_api.fast_queries import NamedQueryFastPath
from mscos_api.fast_resolution import ResolutionFastPath
from mscos_api.routes.queries import QueryServices, get_query_services

from mscos_kg.config import Settings

ORIGIN = {"Origin": "https://elsewhere.example"}
CO1 = "/id/000101"


def test_every_operation_has_its_own_operation_id(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    ids = Counter(
        operation["operationId"]
        for path in spec["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    )
    assert [name for name, count in ids.items() if count > 1] == []
    assert {"resolve_id", "resolve_id_head", "resolve_source", "download_head"} <= set(ids)
    source = spec["paths"]["/source/{rest}"]["get"]["parameters"]
    assert [(p["name"], p["in"]) for p in source] == [("rest", "path"), ("format", "query")]


def test_docs_page_loads_nothing_from_another_host(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert re.findall(r'(?:src|href)="https?://', page.text) == []
    assert "<script" not in page.text.split("</main>")[0].split("<main")[1]  # the reference needs no script
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert client.get("/redoc").status_code == 404  # ReDoc would come from a CDN


def test_docs_page_landmarks_have_distinct_names(client: TestClient) -> None:
    """A schema named like an operation group (Mapping) once gave two landmarks one name (axe landmark-unique)."""
    text = client.get("/docs").text
    names = [
        label or re.search(rf'id="{re.escape(ref)}"[^>]*>(.*?)</h\d>', text, re.S).group(1)  # type: ignore[union-attr]
        for label, ref in re.findall(r'<section[^>]*?(?:aria-label="([^"]*)"|aria-labelledby="([^"]*)")', text)
    ]
    assert len(names) > 20
    assert [name for name, count in Counter(re.sub(r"<[^>]+>", "", n) for n in names).items() if count > 1] == []


def test_docs_page_lists_every_operation_of_the_openapi_document(client: TestClient) -> None:
    """/docs is written from /openapi.json: each operation, its parameters and answers, and every schema."""
    spec = client.get("/openapi.json").json()
    text = client.get("/docs").text
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            heading = re.search(rf'<h3 id="{re.escape(operation["operationId"])}">(.*?)</h3>', text)
            assert heading is not None, (method, path)
            assert f'<span class="tag">{method.upper()}</span> <code>{path}</code>' == heading.group(1)
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in text
    for name in spec["components"]["schemas"]:
        assert f'<h3 id="schema-{name}">' in text
    queries = text.split('id="run_named_query_get_queries__name__get"')[1].split("</section>")[0]
    assert "<strong>400</strong>: A parameter is missing" in queries and "<strong>422</strong>" not in queries
    assert "string or null" in queries  # the optional format, as a reader says it


def test_cors_exposes_every_custom_header_the_service_sets(make_client: Callable[..., TestClient]) -> None:
    capped = make_client(Settings(store="memory", max_result_rows=1))
    response = capped.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=ORIGIN)
    assert response.headers["x-mscos-truncated"] == "true"
    exposed = {h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")}
    assert {"x-mscos-truncated", "x-sparql-maxrows", "retry-after", "etag", "content-disposition"} <= exposed
    assert exposed == {h.lower() for h in EXPOSED_HEADERS}
    # every non-safelisted header of these answers is exposed
    safelisted = {"cache-control", "content-language", "content-length", "content-type", "expires",
                  "last-modified", "pragma", "access-control-allow-origin", "access-control-expose-headers",
                  "x-content-type-options", "date", "server"}
    for answer in (response, capped.get(CO1, headers=ORIGIN), capped.get("/download", headers=ORIGIN)):
        assert set(answer.headers) - safelisted <= exposed, answer.url


def test_fast_path_answers_like_the_route(client: TestClient) -> None:
    """/id/{identifier} is served before routing; the same answer, CORS included."""
    assert any(m.cls is ResolutionFastPath for m in client.app.user_middleware)  # type: ignore[attr-defined]
    response = client.get(CO1, headers={"Accept": "application/ld+json", **ORIGIN})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    assert response.headers["access-control-allow-origin"] == "*"
    etag = response.headers["etag"]
    assert client.get(CO1, headers={"Accept": "application/ld+json", "If-None-Match": etag}).status_code == 304
    head = client.head(CO1, headers={"Accept": "text/turtle"})
    assert head.status_code == 200 and head.content == b""
    assert client.get(CO1 + "?format=ttl").headers["content-type"].startswith("text/turtle")
    assert client.get(CO1 + ".nt").headers["content-type"] == "application/n-triples"


def test_fast_path_renders_errors_like_the_route(client: TestClient) -> None:
    unknown = client.get("/id/999999")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_identifier"
    refused = client.get(CO1, headers={"Accept": "image/png"})
    assert refused.status_code == 406 and refused.json()["error"]["code"] == "not_acceptable"
    too_long = client.get(CO1, params={"format": "x" * 65})
    assert too_long.status_code == 422 and too_long.json()["error"]["code"] == "invalid_parameter"


# GET /queries/{name}: answers and errors alike (api/fast_queries.py).
QUERY_REQUESTS = [
    ("/queries/core_outcomes", {}, {}, 200),
    ("/queries/core_outcomes", {"format": "csv"}, {}, 200),
    ("/queries/core_outcomes", {}, {"Accept": "application/sparql-results+json"}, 200),
    ("/queries/outcome_lineage", {"outcome": "000101"}, {}, 200),
    ("/queries/instruments_per_outcome", {"outcome": "not an iri"}, {}, 400),
    ("/queries/outcome_lineage", {}, {}, 400),  # a required parameter missing
    ("/queries/core_outcomes", {"nonsense": "1"}, {}, 400),  # an unknown parameter
    ("/queries/core_outcomes", {}, {"Accept": "image/png"}, 406),
    ("/queries/core_outcomes", {"format": "pdf"}, {}, 400),
    ("/queries/no_such_query", {}, {}, 404),
]


@pytest.mark.parametrize(("path", "params", "headers", "status"), QUERY_REQUESTS)
def test_named_query_fast_path_answers_like_the_route(
    client: TestClient, make_client: Callable[..., TestClient], path: str, params: dict[str, str],
    headers: dict[str, str], status: int,
) -> None:
    assert any(m.cls is NamedQueryFastPath for m in client.app.user_middleware)  # type: ignore[attr-defined]
    routed = make_client()
    calls: list[str] = []

    async def through_the_route(request: Request) -> QueryServices:
        calls.append(request.url.path)
        return await get_query_services(request)

    # An override of the route's dependency sends every request to the router (the fast path
    # steps aside so that tests can swap the store or runner).
    routed.app.dependency_overrides[get_query_services] = through_the_route  # type: ignore[attr-defined]
    fast = client.get(path, params=params, headers={**headers, **ORIGIN})
    slow = routed.get(path, params=params, headers={**headers, **ORIGIN})
    assert calls == [path]
    assert fast.status_code == slow.status_code == status
    assert fast.content == slow.content
    for header in ("content-type", "vary", "access-control-allow-origin", "x-mscos-truncated"):
        assert fast.headers.get(header) == slow.headers.get(header), header
