"""The named queries for people: a list, a form per query, a results table and the CSV."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient

from mscos_kg.queries import Catalog
from tests.web.conftest import BROWSER


def test_the_list_shows_every_named_query(web: TestClient) -> None:
    text = web.get("/queries", headers=BROWSER).text
    for name in Catalog.load().names():
        assert f'href="/queries/{name}"' in text
    assert "Quality checks" in text
    assert web.get("/queries").headers["content-type"] == "application/json"


def test_a_query_with_a_required_parameter_shows_its_form_first(web: TestClient) -> None:
    text = web.get("/queries/outcome_lineage", headers=BROWSER).text
    assert '<label for="p-outcome">Outcome <span class="required">(required)</span></label>' in text
    assert 'list="p-outcome-choices"' in text
    assert '<option value="000101">CO1 Secure and suitable housing</option>' in text
    assert "<table" not in text.split("The query (SPARQL)")[0]


def test_running_a_query_shows_a_table_and_links_the_csv(web: TestClient) -> None:
    response = web.get("/queries/outcome_lineage", params={"outcome": "000101"}, headers=BROWSER)
    assert response.status_code == 200
    text = response.text
    assert '<th scope="col">sourceNotation</th>' in text
    assert '<a href="/id/000615">' in text or "R0.SAF.5" in text
    csv_href = re.search(r'<a class="button" href="([^"]+)" download>Download CSV</a>', text)
    assert csv_href is not None
    href = csv_href.group(1).replace("&amp;", "&")
    assert href == "/queries/outcome_lineage?outcome=000101&format=csv"
    download = web.get(href, headers=BROWSER)
    assert download.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    shown = re.search(r"<p>(\d+) rows?", text)
    assert shown is not None and len(rows) == int(shown.group(1))


def test_empty_optional_fields_are_not_parameters(web: TestClient) -> None:
    response = web.get("/queries/core_outcome_coverage", params={"intervention": ""}, headers=BROWSER)
    assert response.status_code == 200 and "Download CSV" in response.text
    assert "intervention=" not in re.search(r'href="([^"]+format=csv)"', response.text).group(1)  # type: ignore[union-attr]


def test_a_wrong_value_is_explained_next_to_its_field(web: TestClient) -> None:
    response = web.get("/queries/outcome_lineage", params={"outcome": "not an iri"}, headers=BROWSER)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text and 'id="p-outcome-error"' in response.text


def test_an_unknown_query_is_a_404_page(web: TestClient) -> None:
    response = web.get("/queries/no_such_query", headers=BROWSER)
    assert response.status_code == 404 and "No named query is called" in response.text


def test_a_check_query_says_what_it_is(web: TestClient) -> None:
    text = web.get("/queries/check_no_broader_cycles", headers=BROWSER).text
    assert "A quality check" in text and "0 rows" in text


def test_api_clients_of_queries_are_unchanged(web: TestClient) -> None:
    assert web.get("/queries/core_outcomes").headers["content-type"] == "application/json"
    assert web.get("/queries/core_outcomes", params={"format": "csv"}, headers=BROWSER).headers[
        "content-type"].startswith("text/csv")
