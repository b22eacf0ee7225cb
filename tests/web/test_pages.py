"""Every page of the web front: it answers, has the landmarks, labels its controls, names its
figures, loads nothing from elsewhere, and every link on it leads somewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import BROWSER
from tests.web.html_check import check

PAGES = [
    "/",
    "/search", "/search?q=sleep", "/search?q=registered+with+a+GP&type=FinalOutcome", "/search?q=zzzzqqq",
    "/queries", "/queries/core_outcomes", "/queries/outcome_lineage", "/queries/outcome_lineage?outcome=000101",
    "/queries/core_outcome_coverage", "/queries/check_no_broader_cycles",
    "/validate", "/coverage", "/differences", "/sparql",
    "/id/000101", "/id/000105", "/id/000410", "/id/000401", "/id/000201", "/id/000637", "/id/000852",
    "/id/001119", "/id/001801", "/id/002033",
    "/scheme/core", "/scheme/longlist", "/scheme/round0", "/scheme/workshop", "/scheme/glossary",
    "/scheme/indicators", "/scheme/comet", "/ontology", "/source/toolkit/introduction", "/def/Outcome",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_answers_html_with_landmarks_labels_and_local_assets(web: TestClient, path: str) -> None:
    response = web.get(path, headers=BROWSER)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = check(response.text)
    assert page.problems() == []
    assert 'http-equiv="Content-Security-Policy"' in response.text


@pytest.mark.parametrize("path", ["/", "/search?q=housing", "/queries", "/validate", "/coverage", "/differences"])
def test_page_routes_send_a_content_security_policy(web: TestClient, path: str) -> None:
    response = web.get(path, headers=BROWSER)
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/id/000101", "/scheme/longlist", "/coverage", "/differences", "/queries"])
def test_every_link_on_a_page_leads_somewhere(web: TestClient, path: str) -> None:
    page = check(web.get(path, headers=BROWSER).text)
    local = sorted({href for href in page.links if not urlsplit(href).scheme and not href.startswith("#")})
    assert local
    broken = []
    for href in local:
        status = web.get(href, headers=BROWSER).status_code
        if status >= 400:
            broken.append((href, status))
    assert broken == []


def test_head_answers_like_get_without_a_body(web: TestClient) -> None:
    for path in ("/", "/coverage", "/validate", "/id/000101"):
        head = web.head(path, headers=BROWSER)
        assert head.status_code == 200 and head.content == b""


def test_pages_are_for_people_and_stay_out_of_the_openapi_document(web: TestClient) -> None:
    paths = web.get("/openapi.json").json()["paths"]
    for path in ("/", "/search.html", "/queries.html", "/queries/{name}.html", "/coverage", "/differences",
                 "/validate.html", "/validate/template.csv"):
        assert path not in paths
    assert "/search" in paths and "/queries/{name}" in paths


def test_every_identifier_page_passes_the_checks(web: TestClient) -> None:
    vocabulary = web.app.state.vocabulary  # type: ignore[attr-defined]
    failing = {}
    for iri in sorted(vocabulary.minted):
        response = web.get(vocabulary.href(iri), headers={"Accept": "text/html"})
        problems = check(response.text).problems() if response.status_code == 200 else [str(response.status_code)]
        if problems:
            failing[iri] = problems[:3]
    assert failing == {}
