"""Queries rewritten for speed (issue 17) answer exactly as the texts they replace, on the same data.

`tests/queries/previous/` keeps the texts before the rewrite; both run on synthetic partner data
(`mscos synth`, seed 1) with the shipped vocabulary, with and without their parameters.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse

from mscos_kg.queries import Catalog, parse_query, run_query
from mscos_kg.resources import ontology_file
from mscos_kg.store import EmbeddedStore
from mscos_kg.store.results import SelectResult
from mscos_kg.synth import SynthOptions, write_synthetic

PREVIOUS = Path(__file__).parent / "previous"
INTERVENTION = "https://example.org/mscos-synth/intervention0"
CASES = [
    ("evaluations_all_core", {}),
    ("gap_analysis", {"intervention": INTERVENTION}),
    ("gap_analysis", {"intervention": INTERVENTION, "country": "GB"}),
]


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    vocabulary = Path(str(ontology_file()))
    store.load_graph(NamedNode("urn:test:vocabulary"),
                     [q.triple for q in parse(path=vocabulary, format=RdfFormat.TURTLE)])
    buffer = io.StringIO()
    write_synthetic(buffer, SynthOptions(evaluations=400, seed=1))
    data = [q.triple for q in parse(buffer.getvalue().encode(), format=RdfFormat.TURTLE)]
    store.load_graph(NamedNode("urn:test:synth"), data)
    yield store
    store.close()


def test_every_previous_text_is_still_a_named_query(catalog: Catalog) -> None:
    assert {p.stem for p in PREVIOUS.glob("*.rq")} <= set(catalog.names())


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{len(p)}" for n, p in CASES])
def test_a_rewritten_query_gives_the_rows_of_the_previous_text(
    store: EmbeddedStore, catalog: Catalog, name: str, params: dict[str, str]
) -> None:
    current = catalog.get(name)
    previous = parse_query(name, (PREVIOUS / f"{name}.rq").read_text(encoding="utf-8"))
    now, before = run_query(store, current, params), run_query(store, previous, params)
    assert isinstance(now, SelectResult) and isinstance(before, SelectResult)
    assert len(before) > 0, "the data must exercise the query"
    assert now.variables == before.variables
    assert now.rows == before.rows  # the same rows in the same order
