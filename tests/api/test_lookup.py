"""Lookup endpoints: lists with filters, and a concept's links."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

BASE = "https://w3id.org/mscos/"


def _notations(body: dict) -> list[str]:  # type: ignore[type-arg]
    return [item["notation"] for item in body["items"]]


def test_core_outcomes_are_the_seven_in_order(client: TestClient) -> None:
    body = client.get("/outcomes", params={"set": "core"}).json()
    assert body["total"] == 7
    assert _notations(body) == [f"CO{i}" for i in range(1, 8)]
    first = body["items"][0]
    assert first["iri"] == f"{BASE}id/000101"
    assert first["id"] == "000101"
    assert first["label"] == "Secure and suitable housing"
    assert first["definition"].startswith("Survivors should live in a place")
    assert first["links"]["html"] == "/id/000101.html"
    assert first["links"]["turtle"] == "/id/000101.ttl"


def test_final_outcomes_are_core_plus_longlist(client: TestClient) -> None:
    final = client.get("/outcomes").json()["total"]
    core = client.get("/outcomes", params={"set": "core"}).json()["total"]
    longlist = client.get("/outcomes", params={"set": "longlist"}).json()["total"]
    assert final == core + longlist
    assert longlist >= 30


def test_outcomes_by_domain_and_scheme(client: TestClient) -> None:
    by_notation = client.get("/outcomes", params={"domain": "LL.SAF"}).json()
    by_id = client.get("/outcomes", params={"domain": "000401"}).json()
    assert _notations(by_notation) == _notations(by_id) == ["LL.SAF.1", "LL.SAF.2", "LL.SAF.3"]
    core = client.get("/outcomes", params={"scheme": "core", "set": "all"}).json()
    assert core["total"] == 7


def test_paging(client: TestClient) -> None:
    page = client.get("/outcomes", params={"set": "longlist", "limit": 2, "offset": 2}).json()
    everything = client.get("/outcomes", params={"set": "longlist"}).json()
    assert page["limit"] == 2 and page["offset"] == 2
    assert _notations(page) == _notations(everything)[2:4]


def test_domains_indicators_interventions_instruments_schemes(client: TestClient) -> None:
    domains = client.get("/domains", params={"scheme": "longlist"}).json()
    assert "LL.SAF" in _notations(domains)
    indicators = client.get("/indicators", params={"outcome": "CO6"}).json()
    assert "CO6.I05" in _notations(indicators)
    assert all(n.startswith("CO6.") for n in _notations(indicators))
    for path in ("/interventions", "/instruments"):
        body = client.get(path).json()
        assert body["total"] == len(body["items"])
        assert all(item["iri"].startswith(BASE) and item["label"] for item in body["items"])
    schemes = client.get("/schemes").json()
    assert f"{BASE}scheme/core" in [s["iri"] for s in schemes]


def test_concept_detail_and_links(client: TestClient) -> None:
    detail = client.get("/concepts/CO6").json()
    assert detail["iri"] == f"{BASE}id/000106"
    assert detail == client.get("/concepts/000106").json()
    assert detail == client.get("/id/000106", params={"format": "json"}).json()
    indicators = client.get("/concepts/CO6/indicators").json()
    assert "GP registration" in [i["label"] for i in indicators]
    narrower = client.get("/concepts/LL.SAF/narrower").json()
    assert [n["notation"] for n in narrower] == ["LL.SAF.1", "LL.SAF.2", "LL.SAF.3"]
    broader = client.get("/concepts/LL.SAF.1/broader").json()
    assert [b["notation"] for b in broader] == ["LL.SAF"]


def test_concept_lineage_has_derivation_type_and_evidence(client: TestClient) -> None:
    lineage = client.get("/concepts/CO1/lineage").json()
    if not lineage["derived_from"]:
        pytest.skip("the built vocabulary has no lineage yet")
    first = lineage["derived_from"][0]
    assert first["entity"]["iri"].startswith(f"{BASE}id/")
    assert first["derivation_type"]["iri"].startswith(f"{BASE}def/")
    assert first["evidence"]


def test_concept_mappings_with_evidence(client: TestClient) -> None:
    mappings = client.get("/concepts/000419/mappings").json()
    comet = [m for m in mappings if m["predicate"] == "skos:broadMatch" and m["direction"] == "outgoing"]
    assert comet and comet[0]["evidence"]
    assert comet[0]["target"]["iri"].startswith(f"{BASE}id/")


def test_unknown_concept_and_bad_filters(client: TestClient) -> None:
    assert client.get("/concepts/NOPE").json()["error"]["code"] == "unknown_identifier"
    assert client.get("/outcomes", params={"set": "bogus"}).status_code == 422
    assert client.get("/outcomes", params={"scheme": "bogus"}).json()["error"]["code"] == "unknown_scheme"
    assert client.get("/outcomes", params={"limit": 0}).status_code == 422


def test_concept_lineage_gives_each_derivation_its_strength(client: TestClient) -> None:
    """CO1's evidence calls Housing stability and independence (R0.CS.5) the weaker link."""
    lineage = client.get("/concepts/CO1/lineage").json()
    strengths = {d["entity"]["notation"]: (d["strength"]["label"], d["strength"]["iri"])
                 for d in lineage["derived_from"]}
    assert strengths == {
        "R0.SAF.5": ("strong", f"{BASE}def/StrongDerivation"),
        "R0.RJD.9": ("strong", f"{BASE}def/StrongDerivation"),
        "R0.CS.5": ("weak", f"{BASE}def/WeakDerivation"),
    }
