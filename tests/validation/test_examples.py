"""Every example, valid and invalid, through both engines: the exact shapes and focus nodes that
fire, and pySHACL (the reference) and pyshacl-turbo (the default engine) agreeing on every result."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from mscos_kg.validation import Engine, Severity, ValidationOptions, load_dataset, validate_graph
from mscos_kg.validation.report import rule_of
from mscos_kg.validation.shapes import load_shapes
from mscos_kg.validation.vocabulary import Vocabulary
from tests.validation.conftest import (
    EXAMPLES,
    INVALID_EXAMPLES,
    VALID_EXAMPLES,
    expectation,
    keys,
    observed,
)

ENGINES = {
    "pyshacl": ValidationOptions(engine=Engine.PYSHACL),
    "turbo-whole": ValidationOptions(engine=Engine.TURBO, partition=False),
    "turbo-split": ValidationOptions(engine=Engine.TURBO, partition=True, batch_size=1),
}


def _run(data: Graph, vocabulary: Vocabulary, threshold: int = 10) -> dict[str, object]:
    from dataclasses import replace

    return {
        name: validate_graph(data, options=replace(opts, threshold=threshold), vocabulary=vocabulary)
        for name, opts in ENGINES.items()
    }


@pytest.mark.parametrize("path", INVALID_EXAMPLES, ids=lambda p: p.stem)
def test_invalid_example_fires_exactly_the_expected_shapes(path: Path, vocabulary: Vocabulary) -> None:
    expected = expectation(path)
    reports = _run(load_dataset(path), vocabulary, expected.threshold)
    reference = reports["pyshacl"]
    assert observed(reference) == expected.results  # type: ignore[arg-type]
    for name, report in reports.items():
        assert keys(report) == keys(reference), f"{name} disagrees with pySHACL"  # type: ignore[arg-type]
    rule = re.search(r"for the rule (\w+)", path.read_text(encoding="utf-8"))
    assert rule and rule.group(1) in {r.rule for r in reference.results}  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", VALID_EXAMPLES, ids=lambda p: p.name)
def test_valid_example_conforms_on_both_engines(path: Path, vocabulary: Vocabulary) -> None:
    reports = _run(load_dataset(path), vocabulary)
    for name, report in reports.items():
        assert report.conforms, f"{name}: {[r.message for r in report.results]}"  # type: ignore[attr-defined]
        assert keys(report) == keys(reports["pyshacl"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "stem",
    [
        "florida-freedom-partnership",
        "thriving-conversation-project",
        "learn-to-identify-and-fight-trafficking",
    ],
)
def test_spreadsheet_example_says_what_the_turtle_says(stem: str, vocabulary: Vocabulary) -> None:
    def rules(path: Path) -> Counter[tuple[Severity, str]]:
        report = validate_graph(load_dataset(path), vocabulary=vocabulary)
        return Counter((r.severity, r.rule) for r in report.results)

    assert rules(EXAMPLES / f"{stem}.csv") == rules(EXAMPLES / f"{stem}.ttl")


def test_jsonld_example_with_the_published_context_matches_turtle(vocabulary: Vocabulary) -> None:
    jsonld = validate_graph(load_dataset(EXAMPLES / "complete-evaluation.jsonld"), vocabulary=vocabulary)
    turtle = validate_graph(load_dataset(EXAMPLES / "complete-evaluation.ttl"), vocabulary=vocabulary)
    assert jsonld.conforms and turtle.conforms and not jsonld.results and not turtle.results


@pytest.mark.parametrize("fmt", ["xml", "nt", "json-ld"])
def test_every_rdf_syntax_gives_the_same_results(fmt: str, vocabulary: Vocabulary, tmp_path: Path) -> None:
    source = INVALID_EXAMPLES[0]
    graph = load_dataset(source)
    path = tmp_path / f"data.{ {'xml': 'rdf', 'nt': 'nt', 'json-ld': 'jsonld'}[fmt] }"
    path.write_text(graph.serialize(format=fmt), encoding="utf-8")
    assert keys(validate_graph(load_dataset(path), vocabulary=vocabulary)) == keys(
        validate_graph(graph, vocabulary=vocabulary)
    )


def test_every_rule_of_the_shapes_has_an_example_that_fires_it(vocabulary: Vocabulary) -> None:
    shapes = load_shapes(10)
    # Shapes that only serve others (through sh:not or sh:qualifiedValueShape) are not rules.
    helpers = set(shapes.objects(None, SH["not"])) | set(shapes.objects(None, SH.qualifiedValueShape))
    rules = {rule_of(s, shapes) for s in shapes.subjects(RDF.type, SH.NodeShape) if s not in helpers}
    rules |= {rule_of(s, shapes) for s in shapes.subjects(RDF.type, SH.PropertyShape)}
    fired = set()
    for path in INVALID_EXAMPLES:
        expected = expectation(path)
        fired |= {rule_of(shape, shapes) for _, shape, _ in expected.results}
    assert rules - fired == set()


def test_the_deprecated_outcome_message_names_its_replacement(vocabulary: Vocabulary) -> None:
    from tests.validation.conftest import CASES

    report = validate_graph(load_dataset(CASES / "deprecated-outcome.ttl"), vocabulary=vocabulary)
    [result] = [r for r in report.results if r.rule == "DeprecatedOutcome"]
    assert "https://w3id.org/mscos/id/000101" in result.message
    assert "Secure and suitable housing" in result.message
    assert str(result.focus_node) == "https://w3id.org/mscos/id/900101"
    assert str(result.value) == "https://example.org/mscos-examples/invalid/m1"


def test_missing_core_outcomes_are_listed_by_label(vocabulary: Vocabulary) -> None:
    from tests.validation.conftest import INVALID

    report = validate_graph(load_dataset(INVALID / "missing-core-outcomes.ttl"), vocabulary=vocabulary)
    [result] = report.results
    assert "Safety from any trafficker or other abuser; Long-term, consistent support" in result.message
    assert "Secure and suitable housing" not in result.message
    assert [c.missing for c in report.coverage] == [("CO2", "CO3", "CO4", "CO5", "CO7")]


def test_the_threshold_is_configurable(vocabulary: Vocabulary) -> None:
    from tests.validation.conftest import INVALID

    data = load_dataset(INVALID / "threshold-configured.ttl")
    assert validate_graph(data, threshold=10, vocabulary=vocabulary).conforms
    strict = validate_graph(data, threshold=15, vocabulary=vocabulary)
    assert not strict.conforms
    assert all("(15)" in r.message for r in strict.results)
    with pytest.raises(ValueError):
        validate_graph(data, threshold=0, vocabulary=vocabulary)
