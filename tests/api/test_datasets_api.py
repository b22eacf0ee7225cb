"""/datasets: partner submission with bearer tokens, ownership, atomic replacement, public reads."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mscos_api.app import create_app
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from mscos_kg.config import Settings
from mscos_kg.store.errors import StoreError
from mscos_kg.tokens import TokenRegistry, save_registry

from .test_validate_api import template_csv

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "florida-freedom-partnership.ttl"
PARTNER_DATASET = URIRef("https://w3id.org/mscos/def/PartnerDataset")
TOKENS = {"acme": "mscos_acme-secret-token", "beacon": "mscos_beacon-secret-token"}
TURTLE = "text/turtle"
#: A partner relabelling a core outcome: it would join the vocabulary in the union graph.
VOCABULARY_STATEMENT = b'<https://w3id.org/mscos/id/000101> <http://www.w3.org/2004/02/skos/core#prefLabel> "x"@en .'


def auth(partner: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[partner]}"}


@pytest.fixture(scope="module")
def tokens_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tokens") / "tokens.json"
    registry = TokenRegistry()
    for partner, token in TOKENS.items():
        registry = registry.with_token(partner, token)
    save_registry(path, registry)
    return path


@pytest.fixture(scope="module")
def api(tokens_file: Path) -> Iterator[TestClient]:
    settings = Settings(store="memory", tokens_file=tokens_file, max_upload_bytes=64 * 1024)
    with TestClient(create_app(settings)) as client:
        yield client


def put(api: TestClient, dataset_id: str, body: bytes, partner: str | None = "acme", kind: str = TURTLE) -> Any:
    headers = {"Content-Type": kind, **(auth(partner) if partner else {})}
    return api.put(f"/datasets/{dataset_id}", content=body, headers=headers)


def content(api: TestClient, dataset_id: str) -> Graph:
    response = api.get(f"/datasets/{dataset_id}", headers={"Accept": TURTLE})
    assert response.status_code == 200
    return Graph().parse(data=response.text, format="turtle")


def without_title() -> bytes:
    graph = Graph().parse(EXAMPLE, format="turtle")
    dataset = next(graph.subjects(RDF.type, PARTNER_DATASET))
    graph.remove((dataset, DCTERMS.title, None))
    return graph.serialize(format="turtle").encode()


# ------------------------------------------------------------------ authentication
@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "unauthorized"),
        ({"Authorization": "Bearer wrong-token"}, "invalid_token"),
        ({"Authorization": "Bearer " + TOKENS["acme"][:-1]}, "invalid_token"),
        ({"Authorization": "Basic YWNtZTpzZWNyZXQ="}, "unauthorized"),
    ],
)
def test_datasets_writes_need_a_valid_bearer_token(api: TestClient, headers: dict[str, str], code: str) -> None:
    for response in (
        api.put("/datasets/auth-test", content=EXAMPLE.read_bytes(), headers={"Content-Type": TURTLE, **headers}),
        api.delete("/datasets/auth-test", headers=headers),
    ):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == code
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert api.get("/datasets/auth-test").status_code == 404


def test_datasets_reads_are_public(api: TestClient) -> None:
    assert api.get("/datasets").status_code == 200


# ------------------------------------------------------------------ the life of a dataset
def test_datasets_put_get_replace_delete(api: TestClient) -> None:
    created = put(api, "ffp-life", EXAMPLE.read_bytes())
    assert created.status_code == 201, created.text
    body = created.json()
    record = body["dataset"]
    assert body["replaced"] is False and body["report"]["conforms"] is True
    assert record["id"] == "ffp-life" and record["submitter"] == "acme"
    assert record["graph"] == "https://w3id.org/mscos/graph/dataset/ffp-life"
    assert len(record["content_sha256"]) == 64 and record["triples"] > 100

    listed = {d["id"]: d for d in api.get("/datasets").json()["datasets"]}
    assert listed["ffp-life"] == record
    assert api.get("/datasets/ffp-life").json() == record
    assert isomorphic(content(api, "ffp-life"), Graph().parse(EXAMPLE, format="turtle"))

    in_sparql = (
        "ASK { GRAPH <https://w3id.org/mscos/graph/dataset/ffp-life> { ?s a <https://w3id.org/mscos/def/Evaluation> } }"
    )
    assert api.get("/sparql", params={"query": in_sparql}).json()["boolean"] is True

    replaced = put(api, "ffp-life", EXAMPLE.read_bytes())
    assert replaced.status_code == 200 and replaced.json()["replaced"] is True
    assert [d["id"] for d in api.get("/datasets").json()["datasets"]].count("ffp-life") == 1

    deleted = api.delete("/datasets/ffp-life", headers=auth("acme"))
    assert deleted.status_code == 204
    assert api.get("/datasets/ffp-life").status_code == 404
    assert api.get("/sparql", params={"query": in_sparql}).json()["boolean"] is False
    assert api.delete("/datasets/ffp-life", headers=auth("acme")).status_code == 404


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [("application/ld+json", "application/ld+json"), ("application/n-triples", "application/n-triples"),
     ("application/rdf+xml", "application/rdf+xml"), ("application/json", "application/json")],
)
def test_datasets_content_negotiation(api: TestClient, accept: str, media_type: str) -> None:
    assert put(api, "ffp-conneg", EXAMPLE.read_bytes()).status_code in (200, 201)
    response = api.get("/datasets/ffp-conneg", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    by_format = api.get("/datasets/ffp-conneg", params={"format": "nt"})
    assert by_format.headers["content-type"] == "application/n-triples"
    assert api.get("/datasets/ffp-conneg", headers={"Accept": "text/html"}).status_code == 406


def test_datasets_spreadsheet_upload_is_stored(api: TestClient) -> None:
    response = put(api, "acme-csv", template_csv(), kind="text/csv")
    assert response.status_code == 201, response.text
    assert response.json()["dataset"]["submitter"] == "acme"


# ------------------------------------------------------------------ ownership
def test_datasets_a_partner_cannot_touch_another_partners_dataset(api: TestClient) -> None:
    assert put(api, "acme-owned", EXAMPLE.read_bytes()).status_code == 201
    before = api.get("/datasets/acme-owned").json()
    overwrite = put(api, "acme-owned", EXAMPLE.read_bytes(), partner="beacon")
    delete = api.delete("/datasets/acme-owned", headers=auth("beacon"))
    for response in (overwrite, delete):
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "not_owner"
    assert api.get("/datasets/acme-owned").json() == before


def test_datasets_concurrent_claims_on_a_new_id_leave_one_owner(api: TestClient) -> None:
    results: dict[str, int] = {}

    def claim(partner: str) -> None:
        results[partner] = put(api, "contested", EXAMPLE.read_bytes(), partner=partner).status_code

    threads = [threading.Thread(target=claim, args=(p,)) for p in TOKENS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [201, 403]
    owner = api.get("/datasets/contested").json()["submitter"]
    assert results[owner] == 201


# ------------------------------------------------------------------ nothing lost on any error
@pytest.mark.parametrize(
    ("body", "kind", "status", "code"),
    [
        (without_title(), TURTLE, 422, "dataset_invalid"),
        (b"@prefix x: <http://x/> .\nx:a x:b ", TURTLE, 400, "unreadable_dataset"),
        (b"@prefix x: <http://x/> .\nx:a x:b x:c .\n", TURTLE, 422, "dataset_invalid"),
        (EXAMPLE.read_bytes() + VOCABULARY_STATEMENT, TURTLE, 422, "dataset_invalid"),
        (b"# " + b"x" * 70_000, TURTLE, 413, "payload_too_large"),
        (b'{"@context": "https://example.org/ctx.jsonld"}', "application/ld+json", 400, "unreadable_dataset"),
        (EXAMPLE.read_bytes(), "text/plain", 415, "unsupported_media_type"),
    ],
    ids=["invalid", "unreadable", "empty", "vocabulary-statement", "too-large", "remote-context", "media-type"],
)
def test_datasets_a_failed_replacement_keeps_the_previous_version(
    api: TestClient, body: bytes, kind: str, status: int, code: str
) -> None:
    assert put(api, "kept", EXAMPLE.read_bytes()).status_code in (200, 201)
    before = api.get("/datasets/kept").json()
    before_content = content(api, "kept")
    response = put(api, "kept", body, kind=kind)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    if code == "dataset_invalid":
        report = error["report"]
        assert report["conforms"] is False and report["counts"]["Violation"] >= 1
        reasons = {r["rule"] for r in report["results"]} | {
            r["path"]["value"] for r in report["results"] if r["path"]
        }
        assert reasons & {str(DCTERMS.title), "DatasetDescribed", "ClosedWorld"}
    assert api.get("/datasets/kept").json() == before
    assert isomorphic(content(api, "kept"), before_content)


def test_datasets_a_store_failure_during_the_write_loses_nothing(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert put(api, "store-failure", EXAMPLE.read_bytes()).status_code in (200, 201)
    before = api.get("/datasets/store-failure").json()
    store = api.app.state.store  # type: ignore[attr-defined]

    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("disk full")

    monkeypatch.setattr(store, "replace_graph", broken)
    response = put(api, "store-failure", EXAMPLE.read_bytes())
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "store_error"
    monkeypatch.undo()
    assert api.get("/datasets/store-failure").json() == before


@pytest.mark.parametrize("dataset_id", ["Upper", "under_score", "-leading", "trailing-", "a" * 65, "dot.s"])
def test_datasets_ids_follow_a_strict_pattern(api: TestClient, dataset_id: str) -> None:
    response = put(api, dataset_id, EXAMPLE.read_bytes())
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_parameter"
    assert api.get(f"/datasets/{dataset_id}").status_code == 422


def test_datasets_token_file_changes_apply_without_restart(api: TestClient, tokens_file: Path) -> None:
    original = tokens_file.read_bytes()
    try:
        save_registry(tokens_file, TokenRegistry().with_token("acme", "mscos_rotated"))
        assert put(api, "rotation", EXAMPLE.read_bytes()).status_code == 401
        response = api.put("/datasets/rotation", content=EXAMPLE.read_bytes(),
                           headers={"Content-Type": TURTLE, "Authorization": "Bearer mscos_rotated"})
        assert response.status_code == 201
    finally:
        tokens_file.write_bytes(original)


def test_datasets_unusable_tokens_file_is_503_without_details(api: TestClient, tokens_file: Path) -> None:
    original = tokens_file.read_bytes()
    try:
        tokens_file.write_text('{"acme": "not-a-digest"}')
        response = put(api, "broken-tokens", EXAMPLE.read_bytes())
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "tokens_unavailable"
        assert str(tokens_file) not in response.text
    finally:
        tokens_file.write_bytes(original)
