"""The same triple in several graphs: every named query answers as with one copy (issue 15, item 8).

The store's default graph is the union of its graphs, which keeps a triple once per graph; a
dataset that restates vocabulary triples (or a vocabulary loaded twice) must not change any
answer. Data-driven over every entry of the manifest, hence over the whole catalogue.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, Triple, parse

from mscos_kg.queries import Catalog, run_query
from mscos_kg.store import EmbeddedStore
from mscos_kg.store.results import SelectResult
from tests.queries.query_manifest import Entry, as_multiset, load_fixtures, load_manifest

ENTRIES = load_manifest()
DATA = Path(__file__).resolve().parents[2] / "sparql" / "tests" / "data"


def _triples(path: Path) -> list[Triple]:
    return [q.triple for q in parse(path=path, format=RdfFormat.TURTLE)]


def _answer(store: EmbeddedStore, catalog: Catalog, entry: Entry) -> SelectResult:
    result = run_query(store, catalog.get(entry.query), dict(entry.params))
    assert isinstance(result, SelectResult)
    return result


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_every_file_loaded_into_two_graphs_gives_the_one_copy_answer(entry: Entry, catalog: Catalog) -> None:
    once, twice = EmbeddedStore(), EmbeddedStore()
    try:
        load_fixtures(once, entry)
        load_fixtures(twice, entry)
        for path in entry.data:  # a second copy of every file, each in a graph of its own
            twice.load_graph(NamedNode(f"urn:copy:{path.name}"), _triples(path))
        expected, actual = _answer(once, catalog, entry), _answer(twice, catalog, entry)
        assert actual.variables == expected.variables
        assert as_multiset(actual) == as_multiset(expected)
        assert len(actual) == len(expected)
    finally:
        once.close()
        twice.close()


@pytest.mark.parametrize("entry", [e for e in ENTRIES if not e.query.startswith("check_")],
                         ids=[e.name for e in ENTRIES if not e.query.startswith("check_")])
def test_a_dataset_restating_the_vocabulary_gives_the_one_copy_answer(entry: Entry, catalog: Catalog) -> None:
    """A partner graph that repeats every vocabulary triple (what an open-world upload could do)."""
    once, restated = EmbeddedStore(), EmbeddedStore()
    try:
        load_fixtures(once, entry)
        load_fixtures(restated, entry)
        partner = DATA / "partner_a.ttl"
        vocabulary = _triples(DATA / "tbox.ttl") + _triples(DATA / "vocabulary.ttl")
        restated.load_graph(NamedNode(partner.as_uri()), _triples(partner) + vocabulary)
        expected, actual = _answer(once, catalog, entry), _answer(restated, catalog, entry)
        assert as_multiset(actual) == as_multiset(expected)
    finally:
        once.close()
        restated.close()


def test_a_restated_core_outcome_type_keeps_evaluations_that_report_all_seven(catalog: Catalog) -> None:
    """Regression: `COUNT(?c)` made the total 8 when a dataset restated `id:000105 a mscos:CoreOutcome`."""
    entry = next(e for e in ENTRIES if e.query == "evaluations_all_core")
    store = EmbeddedStore()
    try:
        load_fixtures(store, entry)
        before = _answer(store, catalog, entry)
        assert len(before) > 0
        restated = Triple(
            NamedNode("https://w3id.org/mscos/id/000105"),
            NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            NamedNode("https://w3id.org/mscos/def/CoreOutcome"),
        )
        store.load_graph(NamedNode("urn:restating-dataset"), [restated])
        assert as_multiset(_answer(store, catalog, entry)) == as_multiset(before)
    finally:
        store.close()
