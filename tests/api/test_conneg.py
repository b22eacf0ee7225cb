"""Data-driven: every Accept-header case of tests/data/conneg/conneg-cases.json on a concept IRI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "conneg" / "conneg-cases.json"
CASES: list[dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))["accept_cases"]
CONCEPT = "/id/000101"


def _name(content_type: str) -> str:
    media_type = content_type.split(";")[0].strip()
    return {"text/html": "html", "application/xhtml+xml": "xhtml"}.get(media_type, media_type)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_accept_header_case(client: TestClient, case: dict[str, Any]) -> None:
    response = client.get(CONCEPT, headers={"Accept": case["accept"]})
    assert "Accept" in [v.strip() for v in response.headers["vary"].split(",")]
    if "unacceptable_unless" in case:
        # We do not offer XHTML: the answer is 406, never a type the client did not ask for.
        assert response.status_code == 406
        assert response.json()["error"]["code"] == "not_acceptable"
        return
    assert response.status_code == 200
    answered = _name(response.headers["content-type"])
    assert answered in case["expect_any_of"], case["why"]
    if "vapour_expected" in case:
        assert answered == case["vapour_expected"]


def test_zero_q_type_is_never_answered(client: TestClient) -> None:
    for case in CASES:
        refused = [p.split(";")[0].strip().lower() for p in case["accept"].split(",")
                   if p.replace(" ", "").endswith(("q=0", "q=0.0"))]
        response = client.get(CONCEPT, headers={"Accept": case["accept"]})
        if response.status_code == 200:
            assert response.headers["content-type"].split(";")[0] not in refused
