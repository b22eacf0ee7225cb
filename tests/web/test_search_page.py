"""Search for people: the HTML page at /search, ranked exactly as the JSON API ranks."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import BROWSER


def hrefs(text: str) -> list[str]:
    return re.findall(r'<li class="hit">\s*<h3><a href="([^"]+)"', text)


@pytest.mark.parametrize("phrase", ["sleep", "registered with a GP", "English lessons", "CO3", "housing"])
def test_html_results_are_the_api_results_in_the_same_order(web: TestClient, phrase: str) -> None:
    page = web.get("/search", params={"q": phrase}, headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    api = web.get("/search", params={"q": phrase, "limit": 50}).json()
    assert hrefs(page.text) == [item["links"]["html"].removesuffix(".html") for item in api["items"]]


def test_filters_are_applied_and_kept_in_the_form(web: TestClient) -> None:
    text = web.get("/search", params={"q": "safety", "type": "CoreOutcome"}, headers=BROWSER).text
    found = hrefs(text)
    assert found[0] == "/id/000102" and set(found) <= {f"/id/00010{i}" for i in range(1, 8)}
    assert '<option value="CoreOutcome" selected>' in text and 'value="safety"' in text


def test_json_clients_still_get_json(web: TestClient) -> None:
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "application/json"}, {"Accept": "application/json, text/html"}):
        response = web.get("/search", params={"q": "sleep"}, headers=headers)
        assert response.headers["content-type"] == "application/json", headers
    assert web.get("/search", params={"q": "sleep", "format": "json"}, headers=BROWSER).json()["items"]
    assert web.get("/search", params={"q": "sleep", "format": "html"}).headers["content-type"].startswith("text/html")


def test_an_empty_search_shows_the_form(web: TestClient) -> None:
    response = web.get("/search", headers=BROWSER)
    assert response.status_code == 200 and '<input id="q" name="q" type="search" value=""' in response.text
    assert "result" not in response.text.split("</form>", 1)[1].split("<footer", 1)[0]


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"q": "x" * 501}, 400, "too long"),
        ({"q": "sleep", "type": "NoSuchClass"}, 400, "is not a class"),
        ({"q": "sleep", "scheme": "nope"}, 404, "No concept scheme"),
    ],
)
def test_bad_searches_are_explained_on_the_page(web: TestClient, params: dict[str, str], status: int,
                                                words: str) -> None:
    response = web.get("/search", params=params, headers=BROWSER)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html") and words in response.text


def test_nothing_found_says_so(web: TestClient) -> None:
    text = web.get("/search", params={"q": "zzzzqqq"}, headers=BROWSER).text
    assert "Nothing found for <q>zzzzqqq</q>" in text


def test_user_input_is_escaped(web: TestClient) -> None:
    text = web.get("/search", params={"q": '<script>alert("x")</script>'}, headers=BROWSER).text
    assert '<script>alert("x")</script>' not in text and "&lt;script&gt;" in text
