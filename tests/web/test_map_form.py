"""The /map page's form posts (TestClient): every bad post is a 4xx page with a message, never a 500."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

NAMES = (Path(__file__).resolve().parents[2] / "examples" / "mapping" / "local-outcomes.csv").read_bytes()


def _state(web: TestClient) -> str:
    page = web.post("/map.html", files={"file": ("ours.csv", NAMES, "text/csv")}, data={"top": "3"})
    assert page.status_code == 200
    found = re.search(r'name="state" value="([^"]*)"', page.text)
    assert found
    return html.unescape(found.group(1))


def test_the_form_page_and_the_navigation_link(web: TestClient) -> None:
    page = web.get("/map")
    assert page.status_code == 200 and 'action="/map.html"' in page.text
    assert '<a href="/map"' in web.get("/").text


def test_choices_round_trip_in_the_form(web: TestClient) -> None:
    state = _state(web)
    key = "Stable-accommodation"
    saved = web.post("/map.html", data={"state": state, f"choice:{key}": "https://w3id.org/mscos/id/000101",
                                           f"predicate:{key}": "exact", "action": "save"})
    assert saved.status_code == 200
    assert "Core outcomes covered: 1 of 7" in saved.text and "(6, 1 confirmed)" in saved.text
    later = web.post("/map.html", data={"state": html.unescape(re.search(r'name="state" value="([^"]*)"',
                                                                             saved.text).group(1)),  # type: ignore[union-attr]
                                           f"choice:{key}": "", "action": "save"})
    assert "(6, 0 confirmed)" in later.text


BAD_POSTS = [
    pytest.param({"data": {"state": "not sssom", "action": "save"}}, 400, "not an SSSOM mapping table", id="bad-state"),
    pytest.param({"data": {"state": "STATE", "choice:Stable-accommodation": "https://evil.example/x"}}, 400,
                 "must be an MSCOS outcome", id="foreign-choice"),
    pytest.param({"data": {"state": "STATE", "choice:Stable-accommodation": "https://w3id.org/mscos/id/002038"}},
                 400, "not a final MSCOS outcome", id="comet-domain-choice"),
    pytest.param({"data": {"state": "STATE", "choice:Stable-accommodation": "https://w3id.org/mscos/id/000101",
                           "predicate:Stable-accommodation": "sameAs"}}, 400, "unknown mapping predicate",
                 id="bad-predicate"),
    pytest.param({"files": {"file": ("x.csv", b"", "text/csv")}}, 400, "Choose a file", id="empty-file"),
    pytest.param({"files": {"file": ("x.csv", b"@SUM(1)\n", "text/csv")}}, 400, "formulas are refused",
                 id="formula"),
    pytest.param({"content": b"x", "headers": {"content-type": "application/json"}}, 415, "multipart",
                 id="json-body"),
]


@pytest.mark.parametrize(("kwargs", "status", "message"), BAD_POSTS)
def test_bad_posts_are_pages_with_a_message(web: TestClient, kwargs: dict[str, Any], status: int,
                                            message: str) -> None:
    if "data" in kwargs and kwargs["data"].get("state") == "STATE":
        kwargs = {"data": {**kwargs["data"], "state": _state(web)}}
    response = web.post("/map.html", **kwargs)
    assert response.status_code == status
    assert 'role="alert"' in response.text and message in html.unescape(response.text)
