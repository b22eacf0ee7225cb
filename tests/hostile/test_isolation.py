"""Isolation (issue 14, item 2): partner B attacks partner A's dataset in every way we could think
of; `/sparql`, the named queries and the pages still show A's data exactly as A submitted it.

Every attack is refused (403, 422 or 400) except B publishing its own, well-behaved dataset; B
then withdraws it, and every view of the store must be what it was before the attacks began.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from api.app import create_app
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from mscos_kg.config import Settings
from mscos_kg.tokens import TokenRegistry, save_registry

ROOT = Path(__file__).resolve().parents[2]
A_NS = "https://partner-a.example/data/"
B_NS = "https://partner-b.example/data/"
X_NS = "https://partner-x.example/data/"  # registered to no one: held by whoever stores first
TOKENS = {"partner-a": "mscos_a-token", "partner-b": "mscos_b-token", "early": "mscos_early-token"}
EXAMPLE = (ROOT / "examples" / "complete-evaluation.ttl").read_text(encoding="utf-8")
A_DATA = EXAMPLE.replace("https://example.org/mscos-examples/complete/", A_NS)
B_DATA = EXAMPLE.replace("https://example.org/mscos-examples/complete/", B_NS)
X_DATA = EXAMPLE.replace("https://example.org/mscos-examples/complete/", X_NS).replace("Example", "Other")
PREFIXES = "\n".join(line for line in EXAMPLE.splitlines() if line.startswith("@prefix")) + "\n"
TURTLE = "text/turtle"


def _with(base: str, extra: str) -> str:
    return base + "\n" + extra + "\n"


# (id, partner, dataset id, body, media type, expected status, expected error code)
ATTACKS: list[tuple[str, str, str, str, str, int, str]] = [
    ("same-dataset-id", "partner-b", "a-data", B_DATA, TURTLE, 403, "not_owner"),
    ("same-dataset-id-own-namespace", "partner-b", "a-data", A_DATA, TURTLE, 403, "not_owner"),
    ("same-iris", "partner-b", "b-copy", A_DATA, TURTLE, 403, "namespace_taken"),
    ("same-iris-unregistered-partner", "early", "early-copy", A_DATA, TURTLE, 403, "namespace_taken"),
    ("a-namespace-declared-by-b", "partner-b", "b-claim",
     B_DATA.replace(f"<{B_NS}>", f"<{A_NS}>"), TURTLE, 403, "namespace_taken"),
    ("namespace-containing-a", "partner-b", "b-wide",
     B_DATA.replace(f"<{B_NS}>", "<https://partner-a.example/>"), TURTLE, 403, "namespace_taken"),
    ("count-on-a-result", "partner-b", "b-count", _with(B_DATA, f"<{A_NS}r3> mscos:count 3 ."), TURTLE, 422,
     "dataset_invalid"),
    ("rename-a-intervention", "partner-b", "b-label",
     _with(B_DATA, f'<{A_NS}intervention> rdfs:label "Renamed by partner B" .'), TURTLE, 422, "dataset_invalid"),
    ("typed-node-under-a", "partner-b", "b-typed",
     _with(B_DATA, f"<{A_NS}r9> a mscos:AggregateResult ; mscos:n 40 ; mscos:mean 1.0 ."), TURTLE, 422,
     "dataset_invalid"),
    ("same-as-from-b-node", "partner-b", "b-sameas",
     _with(B_DATA, f"ex:intervention <http://www.w3.org/2002/07/owl#sameAs> <{A_NS}intervention> ."), TURTLE,
     422, "dataset_invalid"),
    ("same-as-from-a-node", "partner-b", "b-sameas-a",
     _with(B_DATA, f"<{A_NS}intervention> <http://www.w3.org/2002/07/owl#sameAs> ex:intervention ."), TURTLE,
     422, "dataset_invalid"),
    ("same-as-untyped-blank", "partner-b", "b-blank-sameas",
     _with(B_DATA, f"[] <http://www.w3.org/2002/07/owl#sameAs> <{A_NS}intervention> ."), TURTLE, 422,
     "dataset_invalid"),
    ("untyped-blank-count", "partner-b", "b-blank", _with(B_DATA, "[] mscos:count 3 ."), TURTLE, 422,
     "dataset_invalid"),
    ("link-to-a-intervention", "partner-b", "b-link",
     B_DATA.replace("mscos:evaluates ex:intervention", f"mscos:evaluates <{A_NS}intervention>"), TURTLE, 422,
     "dataset_invalid"),
    ("vocabulary-label", "partner-b", "b-vocab", _with(B_DATA, 'id:000101 skos:prefLabel "Renamed"@en .'), TURTLE,
     422, "dataset_invalid"),
    ("vocabulary-namespace", "partner-b", "b-vocab-ns",
     B_DATA.replace(f"<{B_NS}>", "<https://w3id.org/mscos/id/b/>"), TURTLE, 422, "dataset_invalid"),
    ("graph-namespace", "partner-b", "b-graph-ns",
     B_DATA.replace(f"<{B_NS}>", "<https://w3id.org/mscos/graph/dataset/>"), TURTLE, 422, "dataset_invalid"),
    ("trig-graph-name", "partner-b", "b-trig",
     _with(B_DATA, f"<https://w3id.org/mscos/graph/dataset/a-data> {{ <{A_NS}r3> mscos:count 3 . }}"), TURTLE,
     400, "unreadable_dataset"),
    ("nquads-graph-name", "partner-b", "b-nquads",
     f"<{A_NS}r3> <https://w3id.org/mscos/def/count> \"3\" <https://w3id.org/mscos/graph/dataset/a-data> .\n",
     "application/n-triples", 400, "unreadable_dataset"),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    registry = TokenRegistry()
    for partner, token in TOKENS.items():
        registry = registry.with_token(partner, token)
    registry = registry.with_namespaces("partner-a", (A_NS,)).with_namespaces("partner-b", (B_NS,))
    tokens = tmp_path_factory.mktemp("tokens") / "tokens.json"
    save_registry(tokens, registry)
    with TestClient(create_app(Settings(store="memory", tokens_file=tokens), warm=False)) as test_client:
        yield test_client


def put(client: TestClient, partner: str, dataset_id: str, body: str, media_type: str = TURTLE) -> Any:
    return client.put(f"/datasets/{dataset_id}", content=body.encode(),
                      headers={"Content-Type": media_type, "Authorization": f"Bearer {TOKENS[partner]}"})


def a_as_submitted() -> Graph:
    """A's file as a store holds it (Oxigraph writes literals in canonical form: 3.0 -> 3)."""
    store = pyoxigraph.Store()
    store.load(A_DATA.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    text = pyoxigraph.serialize(store, format=pyoxigraph.RdfFormat.N_QUADS) or b""
    return Graph().parse(data=text.decode(), format="nt")


def about_a(client: TestClient) -> Graph:
    """Every triple of the union default graph (what /sparql reads) about A's resources or
    pointing at them."""
    query = (
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o "
        f'FILTER(STRSTARTS(STR(?s), "{A_NS}") || STRSTARTS(STR(?o), "{A_NS}")) }}'
    )
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.text, format="nt")


def views(client: TestClient) -> dict[str, Any]:
    """What the service publishes: every named query (required parameters filled in), the pages."""
    out: dict[str, Any] = {}
    for query in client.get("/queries").json()["queries"]:
        params = {p["name"]: "000101" for p in query.get("parameters", []) if p.get("required")}
        response = client.get(f"/queries/{query['name']}", params={**params, "format": "json"})
        out[f"query {query['name']}"] = (response.status_code, response.json())
    for page in ("/coverage", "/queries.html"):
        # The charts number their SVG ids per process; the numbers say nothing about the data.
        out[page] = re.sub(r"svg\d+-", "svg-", client.get(page, headers={"Accept": "text/html"}).text)
    out["/datasets"] = sorted(d["id"] for d in client.get("/datasets").json()["datasets"])
    return out


def test_partner_b_cannot_change_what_is_published_about_partner_a(client: TestClient) -> None:
    assert put(client, "partner-a", "a-data", A_DATA).status_code == 201
    assert put(client, "early", "x-data", X_DATA).status_code == 201  # an unregistered namespace, held by "early"
    before = views(client)
    _assert_same(about_a(client), a_as_submitted())

    refused = {}
    for name, partner, dataset_id, body, media_type, status, code in ATTACKS:
        response = put(client, partner, dataset_id, body, media_type)
        refused[name] = (response.status_code, response.json().get("error", {}).get("code"))
        assert refused[name] == (status, code), (name, response.text[:500])
    x_copy = put(client, "partner-b", "b-x-copy", X_DATA)
    assert (x_copy.status_code, x_copy.json()["error"]["code"]) == (403, "namespace_taken")
    delete = client.delete("/datasets/a-data", headers={"Authorization": f"Bearer {TOKENS['partner-b']}"})
    assert delete.status_code == 403

    # B's own, well-behaved dataset is accepted, and touches nothing of A's.
    assert put(client, "partner-b", "b-data", B_DATA).status_code == 201
    _assert_same(about_a(client), a_as_submitted())
    stored = client.get("/datasets/a-data", params={"format": "nt"})
    _assert_same(Graph().parse(data=stored.text, format="nt"), a_as_submitted())
    assert client.delete("/datasets/b-data", headers={"Authorization": f"Bearer {TOKENS['partner-b']}"}).status_code \
        == 204

    after = views(client)
    assert after.keys() == before.keys()
    for view, published in before.items():
        assert after[view] == published, f"{view} changed"


def _assert_same(found: Graph, expected: Graph) -> None:
    if isomorphic(found, expected):
        return
    _, only_found, only_expected = graph_diff(to_isomorphic(found), to_isomorphic(expected))
    pytest.fail(
        "published data about A differs from what A submitted:\n"
        f"only published: {json.dumps(sorted(map(str, only_found))[:10])}\n"
        f"only submitted: {json.dumps(sorted(map(str, only_expected))[:10])}"
    )
