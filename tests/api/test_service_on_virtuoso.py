"""`mscos load --store URL` and the service (`PUT /datasets`, named queries) on a real Virtuoso 7.

The account comes from the configuration (MSCOS_STORE_USER / MSCOS_STORE_PASSWORD in the
environment), never from the command line. Virtuoso 7.2.5 cannot hold xsd:duration (it keeps "P1Y"
as "12"), and every partner dataset states its measurements' timepoints as durations: such a write
is refused whole with a message, and nothing of it is stored (docs/store.md, Virtuoso).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from mscos_api.app import create_app
from pyoxigraph import QueryResultsFormat, QuerySolutions, parse_query_results

from mscos_kg.cli import cli
from mscos_kg.config import Settings
from mscos_kg.store import RemoteEndpoints, RemoteStore
from mscos_kg.store.virtuoso_server import VirtuosoServer
from mscos_kg.tokens import TokenRegistry, save_registry
from tests.conftest import virtuoso_store

pytestmark = pytest.mark.server

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "florida-freedom-partnership.ttl"
TOKEN = "mscos_acme-secret-token"
SPARQL_JSON = "application/sparql-results+json"


def _rows(document: bytes) -> Counter[tuple[str, ...]]:
    """The solutions as a multiset of N-Triples terms (Virtuoso writes SPARQL 1.0's "typed-literal")."""
    solutions = parse_query_results(document, format=QueryResultsFormat.JSON)
    assert isinstance(solutions, QuerySolutions)
    names = [v.value for v in solutions.variables]
    return Counter(tuple(str(row[n]) if row[n] is not None else "" for n in names) for row in solutions)


@pytest.fixture
def account(virtuoso_server: VirtuosoServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[VirtuosoServer]:
    virtuoso_store(virtuoso_server).close()  # empty
    monkeypatch.setenv("MSCOS_STORE_USER", virtuoso_server.user)
    monkeypatch.setenv("MSCOS_STORE_PASSWORD", virtuoso_server.password)
    monkeypatch.setenv("MSCOS_STORE_UPDATE_URL", virtuoso_server.update_url)
    yield virtuoso_server


def test_load_and_the_service_on_virtuoso_refuse_a_dataset_it_would_alter_whole(
    account: VirtuosoServer, tmp_path: Path
) -> None:
    result = CliRunner().invoke(cli, ["load", "--store", account.url, "--submitter", "tester", str(EXAMPLE)])
    assert result.exit_code != 0
    assert "loaded the vocabulary" in result.output
    assert "cannot hold http://www.w3.org/2001/XMLSchema#duration" in result.output
    assert account.password not in result.output
    store = RemoteStore(RemoteEndpoints.from_url(account.url))
    graphs = [g.value for g in store.graphs()]
    store.close()
    assert graphs == ["https://w3id.org/mscos/graph/provenance", "https://w3id.org/mscos/graph/vocabulary/1.1.0"]
    listed = CliRunner().invoke(cli, ["query", "core_outcomes", "--store", account.url, "--format", "json"])
    assert listed.exit_code == 0, listed.output

    # the service on the same store (the vocabulary loaded above: one load, it takes a while on Virtuoso)
    tokens = tmp_path / "tokens.json"
    save_registry(tokens, TokenRegistry().with_token("acme", TOKEN))
    embedded = create_app(Settings(store="memory"), warm=False)
    on_virtuoso = create_app(Settings(store=account.url, tokens_file=tokens), warm=False)
    with TestClient(embedded) as local, TestClient(on_virtuoso) as remote:
        for name in ("core_outcomes", "outcomes_by_domain", "comet_mapping"):
            ours, theirs = (c.get(f"/queries/{name}", headers={"Accept": SPARQL_JSON}) for c in (local, remote))
            assert ours.status_code == theirs.status_code == 200, theirs.text
            assert _rows(ours.content) == _rows(theirs.content), name
        put = remote.put("/datasets/ffp-life", content=EXAMPLE.read_bytes(),
                         headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
        assert put.status_code == 503, put.text
        assert "xsd" not in put.json()["error"]["code"] and "duration" in put.json()["error"]["message"]
        assert remote.get("/datasets").json()["datasets"] == []
        assert remote.get("/datasets/ffp-life").status_code == 404
