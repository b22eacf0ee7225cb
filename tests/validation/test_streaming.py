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
