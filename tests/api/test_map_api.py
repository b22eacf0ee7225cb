"""``POST /map``: suggestions as JSON, the downloads, resuming, 400s for bad input, and the same
names sent as an OpenRefine reconciliation batch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_reconcile import assert_valid
from tests.mapping.conftest import xlsx

REPO = Path(__file__).resolve().parents[2]
NAMES = (REPO / "examples" / "mapping" / "local-outcomes.csv").read_bytes()
FINAL_OUTCOME = "FinalOutcome"


def _map(client: TestClient, data: bytes, name: str = "ours.csv", **params: Any) -> Any:
    return client.post("/map", params=params, files={"file": (name, data, "text/csv")})


def test_json_answer_has_ranked_suggestions_with_reasons_and_coverage(client: TestClient) -> None:
    response = _map(client, NAMES, top=3)
    assert response.status_code == 200
    body = response.json()
    labels = [o["label"] for o in body["outcomes"]]
    assert labels[:2] == ["Stable accommodation", "Registered with a GP"]
    for outcome in body["outcomes"]:
        assert outcome["id"].startswith("local:") and outcome["confirmed"] is None
        scores = [s["confidence"] for s in outcome["suggestions"]]
        assert len(scores) <= 3 and scores == sorted(scores, reverse=True)
        assert all(s["reason"] and s["predicate_id"].startswith("skos:") for s in outcome["suggestions"])
    gp = body["outcomes"][1]["suggestions"][0]
    assert (gp["notation"], gp["object_id"]) == ("CO6", "https://w3id.org/mscos/id/000106")
    assert body["coverage"]["total"] == 7 and body["coverage"]["covered"] == 0


@pytest.mark.parametrize(("fmt", "media", "starts"), [
    ("sssom", "text/tab-separated-values", "# curie_map:"),
    ("template", "text/csv", "# MSCOS partner dataset template"),
    ("coverage", "text/csv", "notation,core outcome,status"),
])
def test_downloads(client: TestClient, fmt: str, media: str, starts: str) -> None:
    response = _map(client, NAMES, format=fmt)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    assert response.text.startswith(starts)


def test_a_mapping_file_sent_back_keeps_its_confirmed_rows(client: TestClient) -> None:
    sssom = _map(client, NAMES, format="sssom").text
    lines = sssom.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("local:Registered-with-a-GP"))
    lines[at] = lines[at].replace("semapv:LexicalMatching", "semapv:ManualMappingCuration")
    edited = "\n".join(lines) + "\n"
    response = client.post("/map", files={"file": ("ours.csv", NAMES + b"Access to education,\n", "text/csv"),
                                          "resume": ("ours.sssom.tsv", edited.encode(), "text/tab-separated-values")})
    assert response.status_code == 200
    body = response.json()
    confirmed = {o["label"]: o["confirmed"] for o in body["outcomes"] if o["confirmed"]}
    assert list(confirmed) == ["Registered with a GP"]
    assert confirmed["Registered with a GP"]["object_id"] == "https://w3id.org/mscos/id/000106"
    assert body["outcomes"][-1]["label"] == "Access to education"
    assert body["coverage"]["outcomes"][5]["status"] == "covered"


def test_xlsx_upload(client: TestClient) -> None:
    response = _map(client, xlsx([["Outcome"], ["Access to education"]]), name="ours.xlsx")
    assert response.status_code == 200
    assert response.json()["outcomes"][0]["suggestions"][0]["reason"] == "the name is its label"


BAD = [
    pytest.param({"files": {"file": ("x.csv", b"=1+1\n", "text/csv")}}, 400, "formulas are refused", id="formula"),
    pytest.param({"files": {"file": ("x.csv", b"\xff\xfe\x00", "text/csv")}}, 400, "not UTF-8", id="binary"),
    pytest.param({"files": {"file": ("x.xlsx", b"PK\x03\x04junk", "application/octet-stream")}}, 400,
                 "not a readable XLSX", id="broken-xlsx"),
    pytest.param({"files": {"other": ("x.csv", b"Housing\n", "text/csv")}}, 400, "'file' part", id="no-file"),
    pytest.param({"content": b"Housing\n", "headers": {"content-type": "text/csv"}}, 415, "multipart",
                 id="not-multipart"),
    pytest.param({"files": {"file": ("x.csv", b"Housing\n", "text/csv"),
                            "resume": ("m.tsv", b"Housing\n", "text/csv")}}, 400, "not a mapping file",
                 id="resume-not-mapping"),
    pytest.param({"files": {"file": ("x.csv", b"Housing\n", "text/csv")}, "params": {"top": 0}}, 422, "",
                 id="top-out-of-range"),
]


@pytest.mark.parametrize(("kwargs", "status", "message"), BAD)
def test_bad_input_is_a_4xx_never_a_500(client: TestClient, kwargs: dict[str, Any], status: int,
                                        message: str) -> None:
    response = client.post("/map", **kwargs)
    assert response.status_code == status, response.text
    assert message in response.text


def test_upload_over_the_cap_is_413(make_client: Any) -> None:
    from mscos_kg.config import Settings

    small = make_client(Settings(store="memory", max_upload_bytes=2048))
    response = small.post("/map", files={"file": ("x.csv", b"Housing outcome\n" * 500, "text/csv")})
    assert response.status_code == 413


def test_openrefine_batch_of_the_mapped_names_agrees_with_map(client: TestClient) -> None:
    """A data tool reconciles the same column: one batch, typed to MSCOS outcomes, as OpenRefine sends it
    (form field `queries`, keys q0..qN, `limit` 3). Its first candidate for each name is /map's first
    suggestion for that name (one ranking behind both)."""
    names = [line.split(",")[0] for line in NAMES.decode().splitlines()[1:]]
    mapped = {o["label"]: o for o in _map(client, b"Outcome\n" + "\n".join(names).encode()).json()["outcomes"]}
    batch = {f"q{i}": {"query": name, "type": FINAL_OUTCOME, "limit": 3, "type_strict": "should"}
             for i, name in enumerate(names)}
    assert_valid("reconciliation-query-batch", batch)
    response = client.post("/reconcile", data={"queries": json.dumps(batch)})
    assert response.status_code == 200
    body = response.json()
    assert_valid("reconciliation-result-batch", body)
    for i, name in enumerate(names):
        candidates = body[f"q{i}"]["result"]
        suggestions = mapped[name]["suggestions"]
        assert bool(candidates) == bool(suggestions), name
        if candidates:
            assert candidates[0]["name"] == suggestions[0]["object_label"], name
