"""The hostile corpus: every case refused (or its output neutralised) on every path, nothing stored.

Each case in `cases/` is one input file (`NAME.ttl|.jsonld|.rdf|.nt|.csv`) and a sidecar
`NAME.yaml`: `expect` (`violation`, `read_error` or `neutralised`), an optional `rule` (the local
name of a violation's source shape, e.g. `SmallCountSuppressed-count`; for a read error its code,
or words of its message), optional
`paths` (default: all) and `why`. Paths:

* `validate`: `mscos validate --format json FILE` (exit 1 for violations, 2 for read errors);
* `api-validate`: `POST /validate` (200 with the report, or 400);
* `api-put`: `PUT /datasets/NAME` with a partner's token, on a real in-memory store (422 with
  the report, or 400);
* `load`: `mscos load` into a real store directory (exit 1, or 1 or 2 for a read error; its output
  names the violation).

Refused cases must leave every graph of the store exactly as it was (the store's quads are
compared before and after). A `neutralised` case is valid data whose text would run as a
formula in a spreadsheet: it is accepted and stored unchanged, every CSV/TSV written from it
(`/sparql` CSV and TSV, a named query's CSV, the spreadsheet export) holds no formula, and once
deleted the store is as before. Prefixes: `dc-` disclosure control, `pii-` identifying text,
`csv-` formula injection (docs/partner-data.md, "Privacy").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner
from fastapi.testclient import TestClient
from mscos_api.app import create_app

from mscos_kg.cli import cli
from mscos_kg.config import Settings
from mscos_kg.csvsafe import is_formula
from mscos_kg.resources import ontology_file
from mscos_kg.store.embedded import EmbeddedStore
from mscos_kg.store.loading import load_vocabulary
from mscos_kg.tokens import TokenRegistry, save_registry
from mscos_kg.validation import load_dataset
from mscos_kg.validation.spreadsheet_export import graph_to_csv

CASES = Path(__file__).resolve().parent / "cases"
SUFFIXES = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".nt": "application/n-triples",
    ".csv": "text/csv",
}
PATHS = ("validate", "api-validate", "api-put", "load")
EXPECTS = ("violation", "read_error", "neutralised")
TOKEN = "mscos_hostile-secret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CASE_NODES = "https://example.org/hostile/case/"


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    expect: str
    rule: str | None
    paths: tuple[str, ...]
    why: str

    @property
    def media_type(self) -> str:
        return SUFFIXES[self.path.suffix]


def load_cases() -> list[Case]:
    cases = []
    for sidecar in sorted(CASES.glob("*.yaml")):
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        [data] = [p for p in CASES.glob(f"{sidecar.stem}.*") if p.suffix in SUFFIXES]
        paths = tuple(meta.get("paths") or PATHS)
        assert meta["expect"] in EXPECTS and set(paths) <= set(PATHS) and meta.get("why"), sidecar.name
        cases.append(Case(sidecar.stem, data, meta["expect"], meta.get("rule"), paths, meta["why"]))
    return cases


ALL = load_cases()
RUNS = [(case, path) for case in ALL for path in case.paths]


def test_the_corpus_is_large_and_every_input_has_a_sidecar() -> None:
    assert len(ALL) >= 60
    inputs = {p.stem for p in CASES.iterdir() if p.suffix in SUFFIXES}
    assert inputs == {c.name for c in ALL}
    assert {c.name.split("-")[0] for c in ALL} >= {"dc", "pii", "csv"}


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    tokens = tmp_path_factory.mktemp("tokens") / "tokens.json"
    save_registry(tokens, TokenRegistry().with_token("hostile", TOKEN))
    with TestClient(create_app(Settings(store="memory", tokens_file=tokens))) as client:
        yield client


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store directory holding the vocabulary, as `mscos load` leaves it after a first run."""
    path = tmp_path_factory.mktemp("hostile-store") / "store"
    store = EmbeddedStore(path)
    try:
        load_vocabulary(store, Path(str(ontology_file())))
    finally:
        store.close()
    return path


def _quads(store: ox.Store) -> frozenset[str]:
    return frozenset(str(q) for q in store)


def _api_quads(api: TestClient) -> frozenset[str]:
    # The port has no "every quad" call; the embedded store's pyoxigraph store is read directly.
    return _quads(api.app.state.store._store)  # type: ignore[attr-defined]


def _dir_quads(path: Path) -> frozenset[str]:
    return _quads(ox.Store.read_only(str(path)))


def _shape_name(result: dict[str, Any]) -> str:
    return str(result["sourceShape"]["value"]).rsplit("#", 1)[-1]


def _violation_shapes(report: dict[str, Any]) -> set[str]:
    return {_shape_name(r) for r in report["results"] if r["severity"] == "Violation"}


def _named(case: Case, error: dict[str, Any]) -> bool:
    return case.rule is None or error.get("code") == case.rule or case.rule in error.get("message", "")


# ------------------------------------------------------------------------------ the runner
@pytest.mark.parametrize(("case", "path"), RUNS, ids=[f"{c.name}-{p}" for c, p in RUNS])
def test_hostile_case(case: Case, path: str, api: TestClient, store_dir: Path) -> None:
    {"validate": _validate, "api-validate": _api_validate, "api-put": _api_put, "load": _load}[path](
        case, api, store_dir
    )


def _validate(case: Case, api: TestClient, store_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(case.path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    body = json.loads(result.stdout)
    [entry] = body["files"]
    if case.expect == "violation":
        assert result.exit_code == 1, result.output
        assert case.rule is None or case.rule in _violation_shapes(entry["report"]), entry["report"]["results"]
    elif case.expect == "read_error":
        assert result.exit_code == 2, result.output
        assert _named(case, entry["error"]), entry["error"]
    else:
        assert result.exit_code == 0, result.output


def _api_validate(case: Case, api: TestClient, store_dir: Path) -> None:
    before = _api_quads(api)
    response = api.post("/validate", content=case.path.read_bytes(), headers={"Content-Type": case.media_type})
    if case.expect == "read_error":
        assert response.status_code == 400, response.text
        assert _named(case, response.json()["error"]), response.text
    else:
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["conforms"] is (case.expect == "neutralised"), report["results"]
        assert case.rule is None or case.rule in _violation_shapes(report), report["results"]
    assert _api_quads(api) == before


def _api_put(case: Case, api: TestClient, store_dir: Path) -> None:
    before = _api_quads(api)
    headers = {"Content-Type": case.media_type, **AUTH}
    response = api.put(f"/datasets/{case.name}", content=case.path.read_bytes(), headers=headers)
    if case.expect == "neutralised":
        assert response.status_code == 201, response.text
        _assert_outputs_neutralised(case, api)
        assert api.delete(f"/datasets/{case.name}", headers=AUTH).status_code == 204
    elif case.expect == "read_error":
        assert response.status_code == 400, response.text
        assert _named(case, response.json()["error"]), response.text
    else:
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == "dataset_invalid", error
        assert case.rule is None or case.rule in _violation_shapes(error["report"]), error["report"]["results"]
    assert api.get(f"/datasets/{case.name}").status_code == 404
    assert _api_quads(api) == before, "the store changed"


def _load(case: Case, api: TestClient, store_dir: Path) -> None:
    before = _dir_quads(store_dir)
    args = ["load", "--store", str(store_dir), "--submitter", "hostile", "--dataset-id", case.name, str(case.path)]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if case.expect == "neutralised":
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code in ((1, 2) if case.expect == "read_error" else (1,)), result.output
    if case.expect == "violation" and case.rule is not None:
        # `load` prints each violation's message: one of them is the named rule's (as /validate gives it).
        report = api.post("/validate", content=case.path.read_bytes(), headers={"Content-Type": case.media_type}).json()
        messages = {r["message"] for r in report["results"] if _shape_name(r) == case.rule}
        assert any(m in result.output for m in messages), result.output
    elif case.expect == "read_error":
        assert case.rule is None or case.rule in result.output, result.output
    assert before and _dir_quads(store_dir) == before, "the load changed the store"


# ------------------------------------------------------------------------------ neutralised output
def _no_formula(cells: list[str], where: str) -> None:
    formulas = [c for c in cells if is_formula(c)]
    assert not formulas, f"{where}: {formulas}"


def _assert_outputs_neutralised(case: Case, api: TestClient) -> None:
    query = 'SELECT ?s ?o WHERE { ?s ?p ?o . FILTER(isLiteral(?o) && STRSTARTS(STR(?s), "' + CASE_NODES + '")) }'
    as_csv = api.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert as_csv.status_code == 200, as_csv.text
    cells = [c for row in csv.reader(io.StringIO(as_csv.text, newline="")) for c in row]
    _no_formula(cells, "/sparql CSV")
    assert any(c.startswith("'") for c in cells), "the hostile value is missing from /sparql CSV"
    as_tsv = api.get("/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"})
    assert as_tsv.status_code == 200, as_tsv.text
    literals = [c[1 : c.rindex('"')] for line in as_tsv.text.splitlines() for c in line.split("\t") if c[:1] == '"']
    _no_formula(literals, "/sparql TSV")
    # TSV writes a leading tab or return escaped (backslash t or r), which no spreadsheet runs.
    assert any(c.startswith(("'", "\\t", "\\r")) for c in literals), "the hostile value is missing from /sparql TSV"
    named = api.get("/queries/interventions_for_outcome", params={"outcome": "000101", "format": "csv"})
    assert named.status_code == 200, named.text
    _no_formula([c for row in csv.reader(io.StringIO(named.text, newline="")) for c in row], "named query CSV")
    export = graph_to_csv(load_dataset(case.path))
    rows = [row for row in csv.reader(io.StringIO(export, newline="")) if row and not row[0].startswith("#")]
    _no_formula([c for row in rows for c in row], "spreadsheet export")
    # The RDF keeps the value as submitted: only the written files change.
    stored = api.get(f"/datasets/{case.name}", headers={"Accept": "application/n-triples"})
    assert stored.status_code == 200
    submitted = {str(o) for o in load_dataset(case.path).objects() if str(o)[:1] in "=+-@\t\r"}
    assert submitted and all(json.dumps(v)[1:-1] in stored.text for v in submitted), stored.text
