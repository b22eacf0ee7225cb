"""Errors a browser can reach answer a page (title, lang, the layout, a way back, the same
status); tools keep getting the JSON error body of docs/api.md, from the same mapping."""

from __future__ import annotations

import html
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mscos_api.app import create_app

from mscos_kg.config import Settings
from tests.web.conftest import BROWSER
from tests.web.html_check import check

#: (method, path, request options, status, code): one per kind of error a browser can reach.
ERRORS: list[tuple[str, str, dict[str, Any], int, str]] = [
    ("GET", "/id/999999", {}, 404, "unknown_identifier"),
    ("GET", "/no/such/page", {}, 404, "not_found"),
    ("GET", "/queries/no_such_query?format=csv", {}, 404, "not_found"),
    ("DELETE", "/", {}, 405, "method_not_allowed"),
    ("GET", "/queries/core_outcomes?format=xml", {}, 400, "unsupported_format"),
    ("PUT", "/datasets/demo", {"content": b"x"}, 401, "unauthorized"),
    ("POST", "/sparql", {"data": {"query": "x" * 90_000}}, 413, "query_too_long"),
    ("GET", "/suggest", {}, 422, "invalid_parameter"),
    ("GET", "/queries/outcome_lineage?outcome=foo:bar&format=csv", {}, 400, "invalid_parameter"),
    ("GET", "/queries/outcome_lineage?outcome=zz&format=csv", {}, 404, "unknown_identifier"),
]


@pytest.mark.parametrize(("method", "path", "options", "status", "code"), ERRORS)
def test_a_browser_gets_an_error_page_and_a_tool_the_json_error(
    web: TestClient, method: str, path: str, options: dict[str, Any], status: int, code: str
) -> None:
    page = web.request(method, path, headers=BROWSER, **options)
    assert page.status_code == status, page.text[:300]
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "Accept" in page.headers["vary"]
    parsed = check(page.text)
    assert parsed.problems() == []
    assert parsed.lang == "en"
    assert "<title>" in page.text and f"Error {status}" in page.text
    assert '<a href="/">Home</a>' in page.text and 'action="/search"' in page.text  # the layout and a way back

    tool = web.request(method, path, **options)
    assert tool.status_code == status
    assert tool.headers["content-type"] == "application/json"
    body = tool.json()["error"]
    assert set(body) >= {"code", "message"}
    assert body["message"] in html.unescape(page.text)


def test_error_page_keeps_the_error_headers(web: TestClient) -> None:
    assert set(web.delete("/", headers=BROWSER).headers["allow"].split(", ")) == {"GET", "HEAD"}
    assert web.put("/datasets/demo", content=b"x", headers=BROWSER).headers["www-authenticate"].startswith("Bearer")


def test_unknown_identifier_page_offers_a_search_for_it(web: TestClient) -> None:
    page = web.get("/id/999999", headers=BROWSER)
    assert '<a href="/search?q=999999">' in page.text
    assert "is not an identifier of the MSCOS vocabulary" in page.text


@pytest.mark.parametrize(("fmt", "kind"), [("json", "application/json"), ("html", "text/html; charset=utf-8")])
def test_format_parameter_chooses_the_error_representation(web: TestClient, fmt: str, kind: str) -> None:
    browser = web.get(f"/id/999999?format={fmt}", headers=BROWSER)
    tool = web.get(f"/id/999999?format={fmt}")
    assert browser.status_code == tool.status_code == 404
    assert browser.headers["content-type"] == tool.headers["content-type"] == kind


def test_service_still_starting_is_a_503_page_for_browsers() -> None:
    client = TestClient(create_app(Settings(store="memory"), warm=False))  # lifespan not run: still loading
    page = client.get("/id/000101", headers=BROWSER)
    assert page.status_code == 503 and "<h1>The service is busy</h1>" in page.text
    assert client.get("/id/000101").json()["error"]["code"] == "starting"
