"""``POST /reconcile/match``: the 1.0-draft reconciliation batch (JSON), every answer validated
against the CG's 1.0-draft JSON Schemas (tests/data/reconciliation/1.0-draft, Draft 7, no remote
references fetched); the CG's invalid query examples are refused with a 400, never a 500."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from fastapi.testclient import TestClient

DRAFT = Path(__file__).resolve().parents[1] / "data" / "reconciliation" / "1.0-draft"
EXAMPLES = DRAFT / "examples" / "reconciliation-query-batch"


def _refuse(uri: str) -> Any:
    raise RuntimeError(f"refusing to fetch {uri}")


@cache
def validator(name: str) -> Any:
    resources = []
    for path in (DRAFT / "schemas").glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema.get("$id", path.name).rstrip("#"), schema))
    registry = jsonschema_rs.Registry(resources, retriever=_refuse)
    schema = json.loads((DRAFT / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema_rs.Draft7Validator(schema, registry=registry)


def match(client: TestClient, queries: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    body = {"queries": queries}
    assert validator("reconciliation-query-batch").is_valid(body), body
    response = client.post("/reconcile/match", json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    errors = [str(e) for e in validator("reconciliation-result-batch").iter_errors(answer)]
    assert not errors, errors[:3]
    assert len(answer["results"]) == len(queries)
    return [result["candidates"] for result in answer["results"]]


def name(text: str, **extra: Any) -> dict[str, Any]:
    return {"conditions": [{"matchType": "name", "propertyValue": text}], **extra}


@pytest.mark.parametrize("folder", ["reconciliation-query-batch", "reconciliation-result-batch"])
def test_the_schemas_judge_the_cg_examples_as_the_cg_does(folder: str) -> None:
    for path in (DRAFT / "examples" / folder).glob("*/*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert validator(folder).is_valid(document) == (path.parent.name == "valid"), path


def test_names_ids_and_properties_as_conditions(client: TestClient) -> None:
    housing, by_id, by_notation, in_scheme = match(client, [
        name("housing", type="FinalOutcome", limit=3),
        {"conditions": [{"matchType": "id", "propertyValue": "mscos:000615"}]},
        name("CO3"),
        {"conditions": [{"matchType": "name", "propertyValue": "access"},
                        {"matchType": "property", "propertyId": "scheme", "propertyValue": "core"}]},
    ])
    assert housing[0]["id"] == "000101" and len(housing) == 3
    assert (by_id[0]["id"], by_id[0]["match"]) == ("000615", True)
    assert (by_notation[0]["id"], by_notation[0]["match"]) == ("000103", True)
    assert {c["id"] for c in in_scheme[:2]} == {"000106", "000107"}  # "Access to ..." labels first
    assert all("000101" <= c["id"] <= "000107" for c in in_scheme)  # the core scheme only


def test_match_ranks_as_the_0_2_batch_does(client: TestClient) -> None:
    phrases = ["registered with a GP", "fear of the trafficker", "Access to education", "000615", "paid work"]
    legacy = client.post("/reconcile", data={"queries": json.dumps(
        {f"q{i}": {"query": p, "type": "FinalOutcome"} for i, p in enumerate(phrases)})}).json()
    results = match(client, [name(p, type="FinalOutcome") for p in phrases])
    for i, candidates in enumerate(results):
        assert candidates == legacy[f"q{i}"]["result"]


def test_the_cg_minimal_example_is_answered(client: TestClient) -> None:
    body = json.loads((EXAMPLES / "valid" / "example-min.json").read_text(encoding="utf-8"))
    assert len(match(client, body["queries"])) == len(body["queries"])


@pytest.mark.parametrize("path", sorted((EXAMPLES / "invalid").glob("*.json")), ids=lambda p: p.stem)
def test_the_cg_invalid_examples_are_400(client: TestClient, path: Path) -> None:
    response = client.post("/reconcile/match", content=path.read_bytes(),
                           headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "invalid_queries"


@pytest.mark.parametrize("body", [
    b"not json", b"", b"[]", b'{"queries": {}}', json.dumps({"queries": [name("x")] * 201}).encode(),
    json.dumps({"queries": [name("x", type="Unknown")]}).encode(),
    json.dumps({"queries": [name("x" * 501)]}).encode(),
    json.dumps({"queries": [name("x", limit=-1)]}).encode(),
    json.dumps({"queries": [{"conditions": [{"matchType": "name", "propertyValue": [{"id": 1}]}]}]}).encode(),
], ids=["text", "empty", "array", "object", "too-many", "unknown-type", "too-long", "negative-limit", "bad-entity"])
def test_hostile_batches_are_400(client: TestClient, body: bytes) -> None:
    response = client.post("/reconcile/match", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
