"""Every manifest entry: a named query on fixture data gives the expected result.

Runs over the embedded store, a real `oxigraph serve` and a real Virtuoso 7 (rows compared as multisets;
on Virtuoso the fixtures' xsd:duration literals go through the dialect's literal codec): `run_query`
gives the parameters to pyoxigraph as `substitutions` on the first and the remote stores write them
into the query text (`sparql_text.substitute`), so the bindings are proven to agree.
"""

from __future__ import annotations

import itertools

import pytest

from mscos_kg.queries import Catalog, run_query
from mscos_kg.store import EmbeddedStore, RemoteStore, Store
from mscos_kg.store.dialect import VIRTUOSO
from mscos_kg.store.results import SelectResult
from mscos_kg.store.sparql_text import tokens
from tests.queries.query_manifest import (
    REGENERATE,
    SPARQL_DIR,
    Entry,
    as_multiset,
    load_fixtures,
    load_manifest,
    read_expected,
    write_expected,
)

ENTRIES = load_manifest()


#: What Virtuoso 7.2.5's query engine answers differently, seen once the durations could be stored
#: (docs/store.md: Virtuoso). Strict: an engine that agrees turns these into failures to remove.
_BOOLEAN = "Virtuoso returns a boolean bound by BIND(true/false) and aggregated by MAX as xsd:integer 1/0"
_SQ156 = "Virtuoso 7.2.5 fails the query with SQ156 (internal optimized compiler error)"
VIRTUOSO_ANSWERS_OTHERWISE = {
    "instruments_per_outcome": _BOOLEAN,
    "instruments_per_outcome-CO6": _BOOLEAN,
    "instruments_per_outcome-deprecated": _BOOLEAN,
    "interventions_for_outcome-CO1": _BOOLEAN,
    "interventions_for_outcome-CO6": _BOOLEAN,
    "interventions_for_outcome-CO4-stated-and-inferred": _BOOLEAN,
    "interventions_for_outcome-LL.SAF.1-deprecated": _BOOLEAN,
    "gap_analysis-bridge": _SQ156,
    "gap_analysis-bridge-NL": _SQ156,
    "gap_analysis-safe-haven": _SQ156,
}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_named_query_gives_expected_result(
    entry: Entry, store: Store, catalog: Catalog, request: pytest.FixtureRequest
) -> None:
    reason = VIRTUOSO_ANSWERS_OTHERWISE.get(entry.name)
    if reason and isinstance(store, RemoteStore) and store.dialect is VIRTUOSO:
        request.node.add_marker(pytest.mark.xfail(reason=reason, strict=True))
    load_fixtures(store, entry)
    result = run_query(store, catalog.get(entry.query), dict(entry.params))
    assert isinstance(result, SelectResult)
    if REGENERATE and isinstance(store, EmbeddedStore):
        write_expected(entry.result, result)
    variables, expected = read_expected(entry.result)
    assert result.variables == variables
    actual = as_multiset(result)
    missing, extra = expected - actual, actual - expected
    assert not missing and not extra, (
        f"missing rows: {sorted(map(sorted, missing))}\nextra rows: {sorted(map(sorted, extra))}"
    )


def test_every_query_file_is_in_the_manifest() -> None:
    in_manifest = {e.query for e in ENTRIES}
    on_disk = {p.stem for p in SPARQL_DIR.glob("*.rq")}
    assert on_disk - in_manifest == set(), "queries without a manifest entry"
    assert in_manifest - on_disk == set(), "manifest entries naming a missing query"


def test_every_check_is_proven_to_pass_and_to_fire() -> None:
    for path in SPARQL_DIR.glob("check_*.rq"):
        entries = [e for e in ENTRIES if e.query == path.stem]
        sizes = [sum(read_expected(e.result)[1].values()) for e in entries]
        assert 0 in sizes, f"{path.name} has no entry where it returns no rows"
        assert any(size > 0 for size in sizes), f"{path.name} is never shown to fire on bad data"


def test_every_entry_has_its_expected_result_and_data() -> None:
    for entry in ENTRIES:
        assert entry.result.exists(), entry.name
        assert entry.data and all(p.exists() for p in entry.data), entry.name


def test_no_query_uses_not_exists() -> None:
    """FILTER NOT EXISTS costs the square of the data on Oxigraph (docs/queries.md)."""
    for path in SPARQL_DIR.glob("*.rq"):
        words = [t.text.upper() for t in tokens(path.read_text(encoding="utf-8")) if t.kind == "word"]
        pairs = list(itertools.pairwise(words))
        assert ("NOT", "EXISTS") not in pairs, f"{path.name} uses NOT EXISTS"
