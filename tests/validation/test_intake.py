"""The intake seam: one reading and one check for every path (issue 14, item 5)."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest

from mscos_kg.validation import DatasetReadError, Engine, Severity, ValidationOptions
from mscos_kg.validation.intake import IntakeOptions, check_bytes, check_path
from mscos_kg.validation.vocabulary import Vocabulary

from .conftest import EXAMPLES, INVALID

ENGINES = [IntakeOptions(ValidationOptions(engine=engine)) for engine in Engine]
PREFIX = b"@prefix ex: <https://partner.example/> .\n"


@pytest.mark.parametrize("options", ENGINES, ids=[e.value for e in Engine])
@pytest.mark.parametrize(
    "data", [b"", b"\n\n", PREFIX, b"# a comment only\n"], ids=["empty", "blank-lines", "prefix-only", "comment-only"]
)
def test_empty_and_subjectless_files_are_one_violation_on_both_engines(
    data: bytes, options: IntakeOptions, vocabulary: Vocabulary
) -> None:
    checked = check_bytes(data, name="empty.ttl", options=options, vocabulary=vocabulary)
    assert not checked.conforms
    assert [(r.severity, r.rule) for r in checked.report.results] == [(Severity.VIOLATION, "DatasetDescribed")]
    assert checked.triples == []


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("datatype.ttl", PREFIX + b'ex:a ex:b "48"^^<http://x.example/a#b#c> .\n', "'http://x.example/a#b#c' is not"),
        ("nested.jsonld", b"[" * 1000 + b"]" * 1000, "nested more than 64 levels"),
        (
            "nested-value.jsonld",
            b'{"@id": "https://partner.example/a", "https://partner.example/p": ' + b"[" * 1000 + b"1" + b"]" * 1000
            + b"}",
            "nested more than 64 levels",
        ),
        ("language.ttl", PREFIX + b'ex:a ex:b "x"@not_a_tag .\n', ""),
    ],
)
def test_malformed_input_is_a_read_error_not_a_crash(name: str, data: bytes, words: str) -> None:
    with pytest.raises(DatasetReadError) as raised:
        check_bytes(data, name=name)
    assert str(raised.value).startswith(name) and words in str(raised.value)


def test_the_same_violation_is_reported_once(vocabulary: Vocabulary) -> None:
    checked = check_path(INVALID / "timepoint-not-duration.ttl", vocabulary=vocabulary)
    durations = [r for r in checked.report.results if r.rule == "TimepointDuration"]
    assert len(durations) == 1 and str(durations[0].value) == "6 months"


def test_rdflib_conversion_warnings_are_not_logged(caplog: pytest.LogCaptureFixture, vocabulary: Vocabulary) -> None:
    with caplog.at_level(logging.DEBUG):
        check_path(INVALID / "timepoint-not-duration.ttl", vocabulary=vocabulary)
    assert not [r for r in caplog.records if r.name.startswith("rdflib")]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.*")), ids=lambda p: p.name)
def test_checked_carries_what_would_be_stored(path: Path, vocabulary: Vocabulary) -> None:
    checked = check_path(path, vocabulary=vocabulary)
    assert checked.conforms
    assert checked.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert checked.source == str(path)
    assert len(checked.triples) == len(checked.graph) > 0
    assert bool(checked.locations) == (path.suffix == ".csv")
