"""Search accuracy on the evaluation set (tests/data/search_phrases.yaml): report and floor."""

from __future__ import annotations

from pathlib import Path

import pytest

from mscos_kg.search import SearchIndex, build_entries
from mscos_kg.search.evaluation import EvaluationReport, evaluate, load_phrases
from mscos_kg.vocab.export import load_vocabulary

PHRASES = Path(__file__).resolve().parents[1] / "data" / "search_phrases.yaml"
TOP1_FLOOR = 0.80
TOP3_FLOOR = 0.95


@pytest.fixture(scope="module")
def graph():  # type: ignore[no-untyped-def]
    return load_vocabulary()


def test_the_evaluation_set_is_large_and_names_real_outcomes(graph) -> None:  # type: ignore[no-untyped-def]
    phrases = load_phrases(PHRASES)
    assert len(phrases) >= 50
    assert len({p.phrase.lower() for p in phrases}) == len(phrases)
    notations = {e.notation for e in build_entries(graph) if e.notation}
    for phrase in phrases:
        assert set(phrase.expected) <= notations, phrase


def test_search_accuracy_meets_the_floor(graph, capsys) -> None:  # type: ignore[no-untyped-def]
    report: EvaluationReport = evaluate(SearchIndex(build_entries(graph)), load_phrases(PHRASES))
    without_links = evaluate(SearchIndex(build_entries(graph, linked_text=False)), load_phrases(PHRASES))
    with capsys.disabled():
        print("\nsearch evaluation:", report.summary())
        print("without linked text (mappings, lineage):", without_links.summary().splitlines()[0])
    assert report.top1 >= TOP1_FLOOR, report.summary()
    assert report.top3 >= TOP3_FLOOR, report.summary()
