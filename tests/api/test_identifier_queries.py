"""Identifiers as queries: a notation, the six-digit id, the full IRI (bare or in <>), and the
prefixed names mscos:NNNNNN and id:NNNNNN find that entity first, as an exact match, through
/search, /suggest, /reconcile (0.2) and /reconcile/suggest/entity, for one entity of every kind
the reconciliation service lists (the manifest's types)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mscos_api.reconciliation import TYPES

from mscos_kg.search import SearchIndex, build_entries
from mscos_kg.vocab.export import load_vocabulary

from .test_reconcile import assert_valid

ID_BASE = "https://w3id.org/mscos/id/"


def _examples() -> list[tuple[str, str, str]]:
    """(kind, entity IRI, query): the first entity of each kind, under every identifier form."""
    index = SearchIndex(build_entries(load_vocabulary()))
    cases = []
    for kind in TYPES:
        entry = next(e for e in index.entries if e.has_type(kind.iri) and e.iri.startswith(ID_BASE)
                     and not e.deprecated)
        local = entry.iri.removeprefix(ID_BASE)
        forms = [local, entry.iri, f"<{entry.iri}>", f"mscos:{local}", f"id:{local}", f" {local} "]
        if entry.notation:
            forms.append(entry.notation)
        cases += [(kind.id, entry.iri, form) for form in forms]
    return cases


CASES = _examples()


def test_every_kind_of_entity_is_covered() -> None:
    assert {kind for kind, _, _ in CASES} == {t.id for t in TYPES}


@pytest.mark.parametrize(("kind", "iri", "query"), CASES)
def test_an_identifier_finds_its_entity_everywhere(client: TestClient, kind: str, iri: str, query: str) -> None:
    local = iri.removeprefix(ID_BASE)
    expected_kind = "notation" if not query.strip().isdigit() and ":" not in query else "identifier"

    found = client.get("/search", params={"q": query}).json()["items"]
    assert (found[0]["iri"], found[0]["match"]) == (iri, expected_kind), (kind, query, found[:2])

    suggested = client.get("/suggest", params={"q": query}).json()["items"]
    assert suggested[0]["iri"] == iri, (kind, query)

    batch = {"q0": {"query": query}, "q1": {"query": query, "type": kind}}
    answer: dict[str, Any] = client.post("/reconcile", data={"queries": json.dumps(batch)}).json()
    assert_valid("reconciliation-result-batch", answer)
    for key in batch:
        first = answer[key]["result"][0]
        assert (first["id"], first["match"]) == (local, True), (kind, query, key, answer[key]["result"][:2])

    entity = client.get("/reconcile/suggest/entity", params={"prefix": query}).json()
    assert_valid("suggest-entities-response", entity)
    assert entity["result"][0]["id"] == local, (kind, query)


@pytest.mark.parametrize("query", ["999999", "mscos:999999", "https://w3id.org/mscos/id/999999", "id:12345"])
def test_an_unknown_identifier_finds_nothing_as_an_identifier(client: TestClient, query: str) -> None:
    found = client.get("/search", params={"q": query}).json()["items"]
    assert all(item["match"] != "identifier" for item in found)
    answer = client.post("/reconcile", data={"queries": json.dumps({"q0": {"query": query}})}).json()
    assert not any(c["match"] for c in answer["q0"]["result"])
