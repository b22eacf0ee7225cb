"""Identifying details in free text: what each kind catches, what it lets through, and its
false-positive rate on the project's own text (the vocabulary, the examples, synthetic data),
which must be zero (docs/partner-data.md, "Privacy", says how this is measured)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from mscos_kg.resources import ontology_file
from mscos_kg.synth import SynthOptions, synthetic_graph
from mscos_kg.validation import load_dataset, validate_graph
from mscos_kg.validation.identifying import CANDIDATE, findings, is_text, kinds, scan
from mscos_kg.validation.vocabulary import Vocabulary
from tests.validation.conftest import EXAMPLES, VALID_EXAMPLES

FOCUS = URIRef("https://example.org/x/intervention")
XSD = "http://www.w3.org/2001/XMLSchema#"

CAUGHT = [
    ("Jane Doe, born 02/01/1990, 14 Acacia Avenue", {"IdentifyingText-date", "IdentifyingText-address"}),
    ("date of birth 1990-01-02", {"IdentifyingText-date"}),
    ("born 02.01.1990", {"IdentifyingText-date"}),
    ("seen 3/4/85", {"IdentifyingText-date"}),
    ("DOB: 2 January 1990", {"IdentifyingText-date"}),
    ("born on January 2nd, 1990", {"IdentifyingText-date"}),
    ("lives at 221B Baker St.", {"IdentifyingText-address"}),
    ("Flat 3, Rose Court", {"IdentifyingText-address"}),
    ("PO Box 1234", {"IdentifyingText-address"}),
    ("referred from SW1A 1AA", {"IdentifyingText-postcode"}),
    ("M1 1AE", {"IdentifyingText-postcode"}),
    ("Springfield, IL 62704", {"IdentifyingText-postcode"}),
    ("NI number QQ 12 34 56 C", {"IdentifyingText-identifier"}),
    ("AB123456C", {"IdentifyingText-identifier"}),
    ("passport A12345678", {"IdentifyingText-identifier"}),
    ("SSN 123-45-6789", {"IdentifyingText-identifier", "NoContactDetails-text"}),
    ("call 020 7946 0018", {"NoContactDetails-text"}),
    ("+44 20 7946 0958", {"NoContactDetails-text"}),
    ("jane.doe@example.org", {"NoContactDetails-text"}),
    ("NHS number 943 476 5919", {"NoContactDetails-text"}),
]

# Text that looks a little like the kinds above and must pass.
PASSED = [
    "2019-2021",
    "Between 2019 and 2021, 48 survivors took part",
    "May 2021",
    "the workshop of 8 October 2021",
    "Section 45 of the Modern Slavery Act 2015",
    "PHQ-9",
    "EQ-5D-5L",
    "ISO 3166-1",
    "version 2.10.1",
    "10.5555/mscos-example.2023",
    "3 to 6 months after referral",
    "12 Steps programme",
    "outcomes 000611-000682",
    "CO1",
    "COVID-19",
    "a sample of 12000 people",
]


@pytest.mark.parametrize(("text", "shapes"), CAUGHT, ids=[t for t, _ in CAUGHT])
def test_identifying_text_is_caught(text: str, shapes: set[str]) -> None:
    found = findings(FOCUS, RDFS.comment, Literal(text))
    assert {str(r.source_shape).split("#")[1] for r in found} == shapes
    assert all("rdfs:comment" in r.message for r in found)


@pytest.mark.parametrize("text", PASSED)
def test_ordinary_text_passes(text: str) -> None:
    assert findings(FOCUS, RDFS.comment, Literal(text)) == []


def test_values_are_not_text_but_a_mistyped_text_is() -> None:
    assert not is_text("2024-05-31", XSD + "date")
    assert not is_text("P6M", XSD + "duration")
    assert not is_text("-1", XSD + "integer")
    assert is_text("born 02/01/1990", XSD + "date")
    assert findings(FOCUS, URIRef("https://example.org/my#dob"), Literal("02/01/1990", datatype=XSD + "token"))


def test_every_kind_needs_a_digit_or_an_at_sign() -> None:
    """kinds_in skips text with neither (CANDIDATE): every match of every kind holds one, and
    the same texts with their digits and at signs taken out match no kind."""
    vocabulary = Graph().parse(data=ontology_file().read_text(encoding="utf-8"), format="turtle")
    texts = [t for t, _ in CAUGHT] + PASSED + [str(o) for o in vocabulary.objects() if isinstance(o, Literal)]
    for kind in kinds():
        for text in texts:
            assert all(CANDIDATE.search(m.group()) for m in kind.pattern.finditer(text)), (kind.shape, text)
            assert kind.pattern.search(CANDIDATE.sub("", text)) is None, (kind.shape, text)


def _text_hits(graph: Graph) -> list[tuple[str, str]]:
    return sorted((str(r.source_shape).split("#")[1], str(r.value)) for r in scan(graph))


def test_no_false_positive_in_the_vocabulary() -> None:
    graph = Graph().parse(data=ontology_file().read_text(encoding="utf-8"), format="turtle")
    # The one hit is a real e-mail address (the project's contact, in the vocabulary's metadata,
    # which is not partner data): a true positive. Every other literal passes.
    assert _text_hits(graph) == [("NoContactDetails-text", "mailto:mscos@kcl.ac.uk")]


@pytest.mark.parametrize("path", VALID_EXAMPLES, ids=lambda p: p.name)
def test_no_false_positive_in_the_examples(path: Path) -> None:
    assert _text_hits(load_dataset(path)) == []


def test_no_false_positive_in_synthetic_data(vocabulary: Vocabulary) -> None:
    for seed in (1, 2, 3):
        assert _text_hits(synthetic_graph(SynthOptions(evaluations=300, seed=seed), vocabulary)) == []


def test_identifying_text_on_an_untyped_node_is_a_violation(vocabulary: Vocabulary) -> None:
    data = load_dataset(EXAMPLES / "complete-evaluation.ttl")
    client = URIRef("https://example.org/mscos-examples/complete/client1")
    data.add((client, URIRef("https://example.org/my#note"), Literal("Jane Doe, born 02/01/1990")))
    report = validate_graph(data, vocabulary=vocabulary)
    assert not report.conforms
    hit = [r for r in report.results if r.rule == "IdentifyingText"]
    assert [(r.focus_node, str(r.source_shape).split("#")[1]) for r in hit] == [(client, "IdentifyingText-date")]
    assert "<https://example.org/my#note>" in hit[0].message
