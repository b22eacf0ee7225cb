"""The SPARQL query form at /sparql for browsers; tools get the endpoint exactly as before."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from fastapi.testclient import TestClient
from mscos_api.app import create_app
from mscos_api.web.query_form import SHOWN_ROWS

from mscos_kg.config import Settings
from mscos_kg.queries import Catalog
from tests.web.conftest import BROWSER
from tests.web.html_check import check

SCHEMES = "SELECT ?s WHERE { ?s a <http://www.w3.org/2004/02/skos/core#ConceptScheme> } ORDER BY ?s"
CELL = re.compile(r"<td[^>]*>(?:<a [^>]*>)?([^<]*)")


def textarea(page: str) -> str:
    found = re.search(r"<textarea [^>]*>(.*?)</textarea>", page, re.S)
    assert found is not None
    return html.unescape(found.group(1))


def table_cells(page: str) -> list[str]:
    body = page[page.index('<table class="data results-table">'):page.index("</table>")]
    return [html.unescape(c) for c in CELL.findall(body)]


def test_browser_gets_the_form_with_examples(web: TestClient) -> None:
    page = web.get("/sparql", headers=BROWSER)
    assert page.status_code == 200
    assert check(page.text).problems() == []
    assert '<textarea id="sparql-query" name="query"' in page.text
    assert '<select id="sparql-results" name="results"' in page.text
    examples = [q.name for q in Catalog.load().queries.values() if not any(p.required for p in q.parameters)]
    assert examples and all(f'/sparql.html?example={name}"' in page.text for name in examples)


@pytest.mark.parametrize("accept", [None, "*/*", "text/turtle", "application/ld+json", "text/*"])
def test_tools_still_get_the_service_description(web: TestClient, accept: str | None) -> None:
    response = web.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert not response.headers["content-type"].startswith("text/html")
    assert b"sparql-service-description" in response.content


@pytest.mark.parametrize(("accept", "kind"), [
    (None, "application/sparql-results+json"), ("text/*", "text/csv"), ("text/csv", "text/csv"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_tools_still_get_results(web: TestClient, accept: str | None, kind: str) -> None:
    response = web.get("/sparql", params={"query": SCHEMES}, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == kind


def test_submitted_form_shows_the_endpoints_rows_as_a_table(web: TestClient) -> None:
    page = web.get("/sparql", params={"query": SCHEMES, "results": "table"}, headers=BROWSER)
    assert page.status_code == 200
    assert check(page.text).problems() == []
    tool = web.get("/sparql", params={"query": SCHEMES}, headers={"Accept": "text/csv"})
    expected = [row["s"] for row in csv.DictReader(io.StringIO(tool.text))]
    assert len(expected) > 3
    assert len(table_cells(page.text)) == len(expected)
    assert f"{len(expected)} rows." in page.text
    assert textarea(page.text) == SCHEMES  # the query stays in the form


@pytest.mark.parametrize(("results", "kind"), [("csv", "text/csv"), ("json", "application/sparql-results+json"),
                                               ("tsv", "text/tab-separated-values")])
def test_chosen_format_is_the_endpoints_own_answer_as_a_download(web: TestClient, results: str, kind: str) -> None:
    download = web.get("/sparql", params={"query": SCHEMES, "results": results}, headers=BROWSER)
    tool = web.get("/sparql", params={"query": SCHEMES}, headers={"Accept": kind})
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["content-type"] == tool.headers["content-type"]
    assert download.content == tool.content


def test_graph_query_as_turtle_and_as_a_table(web: TestClient) -> None:
    query = "DESCRIBE <https://w3id.org/mscos/id/000101>"
    table = web.get("/sparql", params={"query": query}, headers=BROWSER)
    assert table.status_code == 200 and "<th scope=\"col\">predicate</th>" in table.text
    turtle = web.get("/sparql", params={"query": query, "results": "turtle"}, headers=BROWSER)
    assert turtle.headers["content-type"].startswith("text/turtle")
    wrong = web.get("/sparql", params={"query": query, "results": "csv"}, headers=BROWSER)
    assert wrong.status_code == 406 and "choose another format" in wrong.text


def test_ask_shows_the_answer(web: TestClient) -> None:
    page = web.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=BROWSER)
    assert page.status_code == 200 and '<p class="answer">Yes</p>' in page.text


@pytest.mark.parametrize("query", [
    "CLEAR ALL",
    "SELECT",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_refused_query_is_shown_on_the_form_as_the_endpoint_refuses_it(web: TestClient, query: str) -> None:
    tool = web.get("/sparql", params={"query": query})
    assert 400 <= tool.status_code < 500
    page = web.get("/sparql", params={"query": query}, headers=BROWSER)
    assert page.status_code == tool.status_code
    assert check(page.text).problems() == []
    assert 'role="alert"' in page.text and tool.json()["error"]["message"] in html.unescape(page.text)
    assert textarea(page.text) == query


def test_example_link_fills_the_form(web: TestClient) -> None:
    query = Catalog.load().get("core_outcomes")
    page = web.get("/sparql.html?example=core_outcomes")
    assert page.status_code == 200
    assert textarea(page.text) == query.text
    assert "<table" not in page.text  # filled, not run


def test_table_is_capped_like_the_endpoint() -> None:
    with TestClient(create_app(Settings(store="memory", max_result_rows=5), warm=False)) as client:
        page = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=BROWSER)
    assert page.status_code == 200
    assert len(table_cells(page.text)) == 5 * 3
    assert "limit of 5 rows cut the result" in page.text


def test_long_result_shows_the_first_rows_and_links_every_row(web: TestClient) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1200"
    page = web.get("/sparql", params={"query": query}, headers=BROWSER)
    assert page.status_code == 200
    assert len(table_cells(page.text)) == SHOWN_ROWS * 3
    assert f"1200 rows; the first {SHOWN_ROWS} are shown." in page.text
    link = re.search(r'<a href="([^"]*results=csv)" download>CSV</a>', page.text)
    assert link is not None
    download = web.get(html.unescape(link.group(1)), headers=BROWSER)
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert len(list(csv.reader(io.StringIO(download.text)))) == 1 + 1200
