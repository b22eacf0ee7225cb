"""Secondary suppression (ComplementSuppressed, SecondarySuppression): the cases around the two
invalid examples, on the reference engine and both ways of running the default one."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from mscos_kg.validation import Engine, ValidationOptions, load_dataset, validate_graph
from mscos_kg.validation.terms import MSCOS
from mscos_kg.validation.vocabulary import Vocabulary
from tests.validation.conftest import INVALID, keys

EX = "https://example.org/mscos-examples/invalid/"
ENGINES = {
    "pyshacl": ValidationOptions(engine=Engine.PYSHACL),
    "turbo-whole": ValidationOptions(partition=False),
    "turbo-split": ValidationOptions(partition=True, batch_size=1),
}


def _fired(data: Graph, vocabulary: Vocabulary, rule: str, threshold: int = 10) -> set[tuple[str, str]]:
    """(focus, value) of `rule`'s results, after checking that the engines agree on everything."""
    reports = {
        name: validate_graph(data, options=replace(opts, threshold=threshold), vocabulary=vocabulary)
        for name, opts in ENGINES.items()
    }
    for name, report in reports.items():
        assert keys(report) == keys(reports["pyshacl"]), f"{name} disagrees with pySHACL"
    return {
        (str(r.focus_node).removeprefix(EX), str(r.value).removeprefix(EX))
        for r in reports["pyshacl"].results
        if r.rule == rule
    }


def _table() -> Graph:
    return load_dataset(INVALID / "secondary-suppression.ttl")


def test_one_suppressed_count_of_a_table_with_a_total(vocabulary: Vocabulary) -> None:
    assert _fired(_table(), vocabulary, "SecondarySuppression") == {("r8", "r8")}


def test_a_second_suppressed_count_protects_the_table(vocabulary: Vocabulary) -> None:
    data = _table()
    r6 = URIRef(EX + "r6")
    data.remove((r6, MSCOS["count"], None))
    data.remove((r6, MSCOS.proportion, None))
    data.add((r6, MSCOS.observationStatus, URIRef("https://w3id.org/mscos/id/001912")))
    assert _fired(data, vocabulary, "SecondarySuppression") == set()


def test_the_instrument_does_not_split_a_table(vocabulary: Vocabulary) -> None:
    data = _table()
    data.set((URIRef(EX + "m8"), MSCOS.usesInstrument, URIRef(EX + "aso")))
    assert _fired(data, vocabulary, "SecondarySuppression") == {("r8", "r8")}


def test_another_timepoint_is_another_table(vocabulary: Vocabulary) -> None:
    data = _table()
    data.set((URIRef(EX + "m8"), MSCOS.timepoint, Literal("P1Y", datatype=XSD.duration)))
    assert _fired(data, vocabulary, "SecondarySuppression") == set()


def test_without_a_total_nothing_can_be_recovered(vocabulary: Vocabulary) -> None:
    data = _table()
    data.remove((URIRef(EX + "r8"), MSCOS.n, None))
    data.remove((URIRef(EX + "evaluation"), MSCOS.sampleSize, None))
    assert _fired(data, vocabulary, "SecondarySuppression") == set()
    data.add((URIRef(EX + "evaluation"), MSCOS.sampleSize, Literal(48)))  # the evaluation's total suffices
    assert _fired(data, vocabulary, "SecondarySuppression") == {("r8", "r8")}


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(5, set()), (8, {("r3", "7"), ("r6", "5")}), (10, {("r3", "7"), ("r6", "5")})],
)
def test_the_complement_rule_follows_the_threshold(
    threshold: int, expected: set[tuple[str, str]], vocabulary: Vocabulary
) -> None:
    data = load_dataset(INVALID / "complement-small.ttl")
    assert _fired(data, vocabulary, "ComplementSuppressed", threshold) == expected


def test_a_count_equal_to_n_hides_no_small_group(vocabulary: Vocabulary) -> None:
    data = load_dataset(INVALID / "complement-small.ttl")
    r3 = URIRef(EX + "r3")
    data.set((r3, MSCOS["count"], Literal(48)))
    data.set((r3, MSCOS.proportion, Literal("1.0", datatype=XSD.decimal)))
    assert _fired(data, vocabulary, "ComplementSuppressed") == {("r6", "5")}
