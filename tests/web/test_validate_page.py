"""Checking a dataset as a person: upload, the report in plain words, the missing core outcomes."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from mscos_kg.validation.template import template_text
from tests.web.conftest import BROWSER, EXAMPLES, INVALID_SPREADSHEET
from tests.web.html_check import check


def upload(client: TestClient, name: str, content: bytes, media_type: str = "text/csv") -> tuple[int, str]:
    response = client.post("/validate.html", files={"file": (name, content, media_type)}, headers=BROWSER)
    return response.status_code, response.text


def test_the_form_has_a_labelled_file_input_and_the_template(web: TestClient) -> None:
    text = web.get("/validate", headers=BROWSER).text
    assert '<label for="file">Dataset file</label>' in text and 'enctype="multipart/form-data"' in text
    assert 'href="/validate/template.csv"' in text


def test_the_blank_template_downloads(web: TestClient) -> None:
    response = web.get("/validate/template.csv")
    assert response.text == template_text(10)
    assert response.headers["content-disposition"].startswith("attachment")


def test_the_invalid_spreadsheet_shows_what_to_fix_and_the_missing_core_outcomes(web: TestClient) -> None:
    status, text = upload(web, INVALID_SPREADSHEET.name, INVALID_SPREADSHEET.read_bytes())
    assert status == 200
    assert check(text).problems() == []
    assert "This dataset cannot be accepted yet" in text
    missing = text[text.index('class="coverage-check missing"'):]
    missing = missing[: missing.index("</section>")]
    assert "Missing core outcomes" in missing
    listed = re.findall(r'<ul class="missing-list">(.*?)</ul>', missing, re.S)[0]
    assert re.findall(r'<span class="notation">(CO\d)</span>', listed) == ["CO2", "CO3", "CO4", "CO5", "CO7"]
    assert "reports 2 of the 7 core outcomes" in missing
    assert "row 48, column &#39;Timepoint&#39;" in text and "ISO 8601 duration" in text


def test_a_valid_dataset_can_be_accepted(web: TestClient) -> None:
    path = EXAMPLES / "complete-evaluation.ttl"
    status, text = upload(web, path.name, path.read_bytes(), "application/octet-stream")
    assert status == 200
    assert "This dataset can be accepted" in text and "All seven core outcomes are reported" in text


def test_an_unreadable_file_is_explained(web: TestClient) -> None:
    status, text = upload(web, "broken.ttl", b"@prefix ex: <http://e/> .\nex:a ex:b", "text/turtle")
    assert status == 400 and "could not be read" in text and 'role="alert"' in text


def test_an_empty_upload_is_explained(web: TestClient) -> None:
    status, text = upload(web, "", b"")  # the form sent without a file
    assert status == 400 and "Choose a file" in text


def test_an_empty_file_gets_the_verdict_of_every_other_path(web: TestClient) -> None:
    status, text = upload(web, "empty.csv", b"")
    assert status == 400 and "could not be read" in text and "no header row" in text


def test_the_json_api_is_unchanged(web: TestClient) -> None:
    response = web.post("/validate", files={"file": (INVALID_SPREADSHEET.name, INVALID_SPREADSHEET.read_bytes(),
                                                     "text/csv")})
    assert response.headers["content-type"] == "application/json" and response.json()["conforms"] is False
