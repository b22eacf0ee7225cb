"""`validate_file` (no rdflib graph of the data) gives `validate_graph`'s results."""

from __future__ import annotations

from pathlib import Path

import pytest

from mscos_kg.synth import SynthOptions, write_synthetic_file
from mscos_kg.validation import DatasetReadError, ValidationOptions, load_dataset, validate_graph
from mscos_kg.validation.streaming import validate_file
from mscos_kg.validation.vocabulary import Vocabulary
from tests.validation.conftest import EXAMPLES, INVALID_EXAMPLES, expectation, keys

TURTLE = sorted(EXAMPLES.glob("*.ttl")) + INVALID_EXAMPLES


@pytest.mark.parametrize("path", TURTLE, ids=lambda p: p.stem)
def test_streaming_equals_validate_graph(path: Path, vocabulary: Vocabulary) -> None:
    threshold = expectation(path).threshold if path in INVALID_EXAMPLES else 10
    options = ValidationOptions(threshold=threshold, batch_size=1)
    streamed = validate_file(path, options=options, vocabulary=vocabulary)
    reference = validate_graph(load_dataset(path), options=options, vocabulary=vocabulary)
    # Blank node labels differ between parsers; the examples report no result on a blank node.
    assert keys(streamed) == keys(reference)
    assert [c.to_json() for c in streamed.coverage] == [c.to_json() for c in reference.coverage]


def test_streaming_equals_validate_graph_on_synthetic_data(vocabulary: Vocabulary, tmp_path: Path) -> None:
    path = tmp_path / "synth.ttl"
    write_synthetic_file(path, SynthOptions(evaluations=60, seed=9), vocabulary)
    options = ValidationOptions(batch_size=7)
    assert keys(validate_file(path, options=options, vocabulary=vocabulary)) == keys(
        validate_graph(load_dataset(path), options=options, vocabulary=vocabulary)
    )


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [("data.csv", b"a,b\n", "Turtle"), ("broken.ttl", b"@prefix ex: <http://e/> .\nex:a ex:b", "invalid")],
)
def test_streaming_read_errors(name: str, content: bytes, fragment: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DatasetReadError, match=fragment):
        validate_file(path)


_DATASET = """@prefix mscos: <https://w3id.org/mscos/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
{dataset} a mscos:PartnerDataset ; rdfs:label "A dataset" .
{intervention} a mscos:Intervention ; rdfs:label {label} .
"""


@pytest.mark.parametrize(
    ("dataset", "intervention", "label", "rule"),
    [
        # A namespace that is not on the web is none: every IRI subject is refused, in its own
        # namespace too (the streamed index once judged only the others).
        ("<urn:acme:data/dataset>", "<urn:acme:data/intervention>", '"Support"', "ClosedWorld"),
        ("<https://w3id.org/mscos/data/dataset>", "<https://w3id.org/mscos/data/x>", '"Support"', "ClosedWorld"),
        # A literal holding a line separator (U+2028, U+0085) is one line of N-Triples, not three.
        (
            "<https://acme.example/data/dataset>",
            "<https://acme.example/data/i>",
            '"a\u2028b 14 Acacia Avenue\u0085c"',
            "IdentifyingText",
        ),
        ("<https://acme.example/data/dataset>", "<https://elsewhere.example/i>", '"x\u2028y"', "ClosedWorld"),
    ],
    ids=["urn-namespace", "reserved-namespace", "line-separator-literal", "line-separator-outside"],
)
def test_streamed_closed_world_and_text_equal_validate_graph(
    dataset: str, intervention: str, label: str, rule: str, vocabulary: Vocabulary, tmp_path: Path
) -> None:
    path = tmp_path / "data.ttl"
    path.write_text(_DATASET.format(dataset=dataset, intervention=intervention, label=label), encoding="utf-8")
    streamed = validate_file(path, vocabulary=vocabulary)
    reference = validate_graph(load_dataset(path), vocabulary=vocabulary)
    assert keys(streamed) == keys(reference)
    assert rule in {r.rule for r in streamed.results}
