"""/reconcile: the Reconciliation Service API 0.2, every response validated against the CG's
JSON Schemas (tests/data/reconciliation/0.2, Draft 7, no remote references fetched)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from fastapi.testclient import TestClient

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "reconciliation" / "0.2" / "schemas"


def _refuse(uri: str) -> Any:
    raise RuntimeError(f"refusing to fetch {uri}")


@cache
def validator(name: str) -> Any:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema.get("$id", path.name).rstrip("#"), schema))
    registry = jsonschema_rs.Registry(resources, retriever=_refuse)
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema_rs.Draft7Validator(schema, registry=registry)


def assert_valid(name: str, document: Any) -> None:
    errors = [str(e) for e in validator(name).iter_errors(document)]
    assert not errors, errors[:5]


def test_the_schemas_judge_the_cg_examples_as_the_cg_does() -> None:
    examples = SCHEMAS.parent / "examples"
    pairs = {"manifest": "manifest", "reconciliation-result-batch": "reconciliation-result-batch",
             "data-extension-response": "data-extension-response"}
    for folder, schema in pairs.items():
        for path in (examples / folder).glob("*/*.json"):
            document = json.loads(path.read_text(encoding="utf-8"))
            assert validator(schema).is_valid(document) == (path.parent.name == "valid"), path


def test_manifest(client: TestClient) -> None:
    manifest = client.get("/reconcile").json()
    assert_valid("manifest", manifest)
    assert "0.2" in manifest["versions"]
    assert manifest["identifierSpace"] == "https://w3id.org/mscos/id/"
    assert manifest["view"]["url"] == "https://w3id.org/mscos/id/{{id}}"
    assert manifest["defaultTypes"][0]["id"] == "FinalOutcome"
    assert manifest["preview"]["url"].endswith("/reconcile/preview?id={{id}}")


def _batch(client: TestClient, queries: dict[str, Any], method: str = "post") -> dict[str, Any]:
    payload = json.dumps(queries)
    if method == "post":
        response = client.post("/reconcile", data={"queries": payload})
    else:
        response = client.get("/reconcile", params={"queries": payload})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert_valid("reconciliation-result-batch", body)
    return body


@pytest.mark.parametrize("method", ["post", "get"])
def test_a_column_of_outcome_names_reconciles(client: TestClient, method: str) -> None:
    queries = {
        "q0": {"query": "Access to education", "type": "FinalOutcome"},
        "q1": {"query": "registered with a GP", "type": "FinalOutcome", "limit": 3},
        "q2": {"query": "Compassionate, trauma informed services"},
        "q3": {"query": "CO2"},
    }
    assert_valid("reconciliation-query-batch", queries)
    body = _batch(client, queries, method)
    assert set(body) == set(queries)
    q0 = body["q0"]["result"][0]
    assert (q0["id"], q0["match"], q0["score"]) == ("000107", True, 100.0)
    assert {"id": "FinalOutcome", "name": "MSCOS outcome (core or longlist)"} in q0["type"]
    q1 = body["q1"]["result"]
    assert q1[0]["id"] == "000106" and q1[0]["match"] is False and len(q1) <= 3
    assert body["q2"]["result"][0]["id"] == "000104"  # an alternative label: a certain match
    assert body["q2"]["result"][0]["match"] is True
    assert body["q3"]["result"][0]["name"] == "Safety from any trafficker or other abuser"


def test_scores_follow_the_search_ranking(client: TestClient) -> None:
    result = _batch(client, {"q": {"query": "housing", "limit": 5}})["q"]["result"]
    search = client.get("/search", params={"q": "housing", "limit": 5}).json()["items"]
    assert [c["score"] for c in result] == [s["score"] for s in search]
    assert [c["id"] for c in result] == [s["id"] for s in search]


def test_untyped_namesakes_prefer_the_published_outcome(client: TestClient) -> None:
    result = _batch(client, {"q": {"query": "Access to education"}})["q"]["result"]
    assert result[0]["id"] == "000107" and result[0]["match"] is True
    assert all(not c["match"] for c in result[1:])


def test_bad_batches_are_400(client: TestClient) -> None:
    for payload in ("not json", "[1, 2]", json.dumps({"q": {"query": "x", "type": "Unknown"}}),
                    json.dumps({f"q{i}": {"query": "x"} for i in range(201)})):
        response = client.post("/reconcile", data={"queries": payload})
        assert response.status_code == 400
        assert response.json()["error"]["code"] in {"invalid_queries", "batch_too_large"}


def test_suggest_entity_type_property(client: TestClient) -> None:
    entity = client.get("/reconcile/suggest/entity", params={"prefix": "secure and"}).json()
    assert_valid("suggest-entities-response", entity)
    assert entity["result"][0]["id"] == "000101"
    typed = client.get("/reconcile/suggest/entity", params={"prefix": "access", "type": "CoreOutcome"}).json()
    assert {r["id"] for r in typed["result"]} == {"000106", "000107"}
    types = client.get("/reconcile/suggest/type", params={"prefix": "outcome"}).json()
    assert_valid("suggest-types-response", types)
    assert "FinalOutcome" in [t["id"] for t in types["result"]]
    properties = client.get("/reconcile/suggest/property", params={"prefix": "def"}).json()
    assert_valid("suggest-properties-response", properties)
    assert properties["result"][0]["id"] == "definition"


def test_preview_is_small_html(client: TestClient) -> None:
    response = client.get("/reconcile/preview", params={"id": "000101"})
    assert response.headers["content-type"].startswith("text/html")
    assert "Secure and suitable housing" in response.text and "CO1" in response.text
    assert client.get("/reconcile/preview", params={"id": "nope"}).status_code == 404


def test_data_extension(client: TestClient) -> None:
    proposal = client.get("/reconcile/propose_properties", params={"type": "FinalOutcome"}).json()
    assert_valid("data-extension-property-proposal", proposal)
    wanted = ["definition", "domain", "notation", "indicators", "scheme", "iri", "deprecated"]
    assert set(wanted) <= {p["id"] for p in proposal["properties"]}
    query = {"ids": ["000101", "000410", "999999"], "properties": [{"id": p} for p in wanted]}
    assert_valid("data-extension-query", query)
    response = client.post("/reconcile", data={"extend": json.dumps(query)})
    body = response.json()
    assert_valid("data-extension-response", body)
    assert [m["id"] for m in body["meta"]] == wanted
    co1 = body["rows"]["000101"]
    assert co1["notation"] == [{"str": "CO1"}]
    assert co1["definition"][0]["str"].startswith("Survivors should live")
    assert {"id": "000201", "name": "A place to call home"} in co1["indicators"]
    assert body["rows"]["000410"]["domain"] == [{"id": "000401", "name": "Safety"}]
    assert body["rows"]["999999"]["notation"] == []
    bad = client.post("/reconcile", data={"extend": json.dumps({"ids": ["000101"], "properties": [{"id": "x"}]})})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "unknown_property"


def test_cors_allows_any_origin_to_read(client: TestClient) -> None:
    response = client.get("/reconcile", headers={"Origin": "https://openrefine.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options("/reconcile", headers={
        "Origin": "https://openrefine.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200
    refused = client.options("/datasets/x", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "PUT"})
    assert "PUT" not in refused.headers.get("access-control-allow-methods", "")
