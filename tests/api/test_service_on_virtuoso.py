"""`mscos load --store URL` and the service (`PUT /datasets`, named queries) on a real Virtuoso 7.

The account comes from the configuration (MSCOS_STORE_USER / MSCOS_STORE_PASSWORD in the
environment), never from the command line. Virtuoso 7.2.5 alters xsd:duration (it keeps "P1Y" as "12"),
and every partner dataset states its measurements' timepoints as durations: the dialect's literal
codec sends them under a private datatype and maps them back, so a dataset reads back as it was
loaded (graph isomorphism; docs/store.md, Virtuoso).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from fastapi.testclient import TestClient
from mscos_api.app import create_app
from pyoxigraph import QueryResultsFormat, QuerySolutions, RdfFormat, parse_query_results, serialize
from rdflib.compare import isomorphic

from mscos_kg.cli import cli
from mscos_kg.config import Settings
from mscos_kg.store import RemoteEndpoints, RemoteStore
from mscos_kg.store.loading import drop_dataset
from mscos_kg.store.remote import Credentials
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


def _with_timepoints(source: str) -> str:
    """The example with its baseline timepoints made follow-ups too (P6M, P1Y, P1Y6M; several in one write)."""
    for later in ("P6M", "P1Y", "P1Y6M"):
        source = source.replace('"P0D"^^xsd:duration', f'"{later}"^^xsd:duration', 2)
    return source


def _graph(data: bytes, fmt: str = "turtle") -> rdflib.Graph:
    return rdflib.Graph().parse(data=data, format=fmt)


def test_a_dataset_with_durations_round_trips_through_load_and_put_on_virtuoso(
    account: VirtuosoServer, tmp_path: Path
) -> None:
    dataset = tmp_path / "ffp.ttl"
    dataset.write_text(_with_timepoints(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", "--store", account.url, "--submitter", "tester", str(dataset)])
    assert result.exit_code == 0, result.output
    assert account.password not in result.output
    store = RemoteStore(RemoteEndpoints.from_url(account.url, account.update_url),
                        credentials=Credentials(account.user, account.password))
    try:
        graphs = [g for g in store.graphs() if "/graph/dataset/" in g.value]
        assert len(graphs) == 1, store.graphs()
        stored = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graphs[0]})
        expected = _graph(dataset.read_bytes())
        assert isomorphic(_graph(serialize(stored, format=RdfFormat.N_TRIPLES) or b"", "nt"), expected)
        listed = CliRunner().invoke(cli, ["query", "core_outcomes", "--store", account.url, "--format", "json"])
        assert listed.exit_code == 0, listed.output
        drop_dataset(store, graphs[0].value.rsplit("/", 1)[1])  # its namespace is the submitter's: free it
    finally:
        store.close()

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
        put = remote.put("/datasets/ffp-life", content=dataset.read_bytes(),
                         headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
        assert put.status_code == 201, put.text
        got = remote.get("/datasets/ffp-life", headers={"Accept": "text/turtle"})
        assert got.status_code == 200, got.text
        assert "virtuoso#" not in got.text
        assert isomorphic(_graph(got.content), expected)
        timepoints = "SELECT DISTINCT ?t WHERE { ?m <https://w3id.org/mscos/def/timepoint> ?t }"
        found = remote.post("/sparql", data={"query": timepoints}, headers={"Accept": SPARQL_JSON})
        assert found.status_code == 200, found.text
        assert {row[0] for row in _rows(found.content)} == {
            f'"{d}"^^<http://www.w3.org/2001/XMLSchema#duration>' for d in ("P0D", "P6M", "P1Y", "P1Y6M")}
