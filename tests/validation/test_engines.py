"""The fast paths give pySHACL's results: whole graph, per-evaluation parts in threads, and the
vocabulary extract instead of the whole ontology."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from mscos_kg.resources import ontology_file
from mscos_kg.synth import SynthOptions, write_synthetic
from mscos_kg.validation import Engine, Severity, ValidationOptions, load_dataset, validate_graph
from mscos_kg.validation.terms import MSCOS
from mscos_kg.validation.vocabulary import Vocabulary
from tests.validation.conftest import INVALID_EXAMPLES, keys


def _synthetic(evaluations: int, seed: int, vocabulary: Vocabulary) -> Graph:
    buffer = io.StringIO()
    write_synthetic(buffer, SynthOptions(evaluations=evaluations, seed=seed), vocabulary)
    return Graph().parse(data=buffer.getvalue(), format="turtle")


@pytest.fixture(scope="module")
def synthetic(vocabulary: Vocabulary) -> Graph:
    graph = _synthetic(12, 5, vocabulary)
    # Seed a few problems so that the comparison covers violations too.
    graph += load_dataset(INVALID_EXAMPLES[0])
    graph += load_dataset(next(p for p in INVALID_EXAMPLES if p.stem == "inconsistent-timepoints"))
    return graph


def test_turbo_whole_and_split_equal_pyshacl_on_synthetic_data(
    synthetic: Graph, vocabulary: Vocabulary
) -> None:
    reference = validate_graph(
        synthetic, options=ValidationOptions(engine=Engine.PYSHACL), vocabulary=vocabulary
    )
    assert reference.count(Severity.VIOLATION) and reference.count(Severity.WARNING)
    for options in (
        ValidationOptions(partition=False),
        ValidationOptions(partition=True, batch_size=1, workers=2),
        ValidationOptions(partition=True, batch_size=5, workers=1),
    ):
        report = validate_graph(synthetic, options=options, vocabulary=vocabulary)
        assert keys(report) == keys(reference), options
        assert report.conforms == reference.conforms


@pytest.mark.slow
def test_the_extract_gives_the_results_of_the_whole_ontology(vocabulary: Vocabulary) -> None:
    """pySHACL over data + the whole ontology judges the ontology's own instances of partner
    classes too; on the partner data's own nodes it must agree with the extract."""
    from pyshacl import validate

    from mscos_kg.validation.report import results_from_graph
    from mscos_kg.validation.shapes import load_shapes

    data = _synthetic(3, 11, vocabulary)
    data += load_dataset(next(p for p in INVALID_EXAMPLES if p.stem == "outcome-not-in-vocabulary"))
    whole = Graph().parse(data=ontology_file().read_text(encoding="utf-8"), format="turtle")
    combined = whole + data
    _, raw, _ = validate(combined, shacl_graph=load_shapes(10), inference="rdfs", allow_warnings=True)
    partner_nodes = set(data.subjects())
    full = sorted(
        r.sort_key() for r in results_from_graph(raw, load_shapes(10)) if r.focus_node in partner_nodes
    )
    extract = validate_graph(data, options=ValidationOptions(engine=Engine.PYSHACL), vocabulary=vocabulary)
    # Two datasets in one graph break the closed world (checked apart from the shapes, decision 0009).
    assert full == [k for k in keys(extract) if k[2] != "ClosedWorld"]


def test_synthetic_data_is_valid_and_shaped_like_partner_data(vocabulary: Vocabulary) -> None:
    graph = _synthetic(60, 2, vocabulary)
    report = validate_graph(graph, vocabulary=vocabulary)
    assert report.conforms, [r.message for r in report.results if r.severity is Severity.VIOLATION][:3]
    sizes = [
        len(list(graph.objects(e, MSCOS.hasMeasurement))) for e in graph.subjects(RDF.type, MSCOS.Evaluation)
    ]
    assert len(sizes) == 60 and min(sizes) >= 3 and max(sizes) <= 12
    assert any(len(c.reported) == 7 for c in report.coverage)
    outcomes = Counter(graph.objects(None, MSCOS.measuresOutcome))
    assert outcomes.most_common(1)[0][1] >= 5 * max(1, outcomes.most_common()[-1][1])
    assert len(set(graph.objects(None, MSCOS.country))) >= 2
    assert len(set(graph.objects(None, MSCOS.year))) >= 5


def test_synthetic_data_is_deterministic(vocabulary: Vocabulary) -> None:
    def text(seed: int) -> str:
        buffer = io.StringIO()
        write_synthetic(buffer, SynthOptions(evaluations=20, seed=seed), vocabulary)
        return buffer.getvalue()

    assert text(3) == text(3) != text(4)
