"""The streamed check (`whole_graph=False`, for `mscos validate` and `mscos load`) gives the verdict,
results and triple count of the whole-graph check, on every example and invalid example."""

from __future__ import annotations

from pathlib import Path

import pytest

from mscos_kg.validation.intake import Checked, IntakeOptions, check_bytes, check_path
from mscos_kg.validation.vocabulary import Vocabulary

from .conftest import EXAMPLES, INVALID_EXAMPLES

RDF_FILES = sorted(EXAMPLES.glob("*.ttl")) + INVALID_EXAMPLES
STREAMED = IntakeOptions(whole_graph=False)
OUTSIDE = b"""@prefix mscos: <https://w3id.org/mscos/def/> .
@prefix p: <https://partner.example/data/> .
p:dataset a mscos:PartnerDataset ; <http://purl.org/dc/terms/title> "x" .
<https://other.example/thing> a mscos:Organisation .
p:org a mscos:Organisation, <https://partner.example/data/Unknown> .
p:instrument a mscos:Instrument ; <http://www.w3.org/2000/01/rdf-schema#label> "PHQ-9" ; p:extra "1" .
p:untyped <http://www.w3.org/2000/01/rdf-schema#label> "no type" .
p:org <http://www.w3.org/2000/01/rdf-schema#label> "stated twice" .
p:org <http://www.w3.org/2000/01/rdf-schema#label> "stated twice" .
"""


def results(checked: Checked) -> list[tuple[str, ...]]:
    return sorted(r.sort_key() for r in checked.report.results)


@pytest.mark.parametrize("path", RDF_FILES, ids=lambda p: p.name)
def test_a_streamed_check_equals_the_whole_graph_check(path: Path, vocabulary: Vocabulary) -> None:
    whole = check_path(path, vocabulary=vocabulary)
    streamed = check_path(path, options=STREAMED, vocabulary=vocabulary)
    assert streamed.conforms == whole.conforms
    assert results(streamed) == results(whole)
    assert len(streamed.triples) == len(whole.triples) == len(list(streamed.triples)) or not whole.triples
    assert streamed.sha256 == whole.sha256


@pytest.mark.parametrize("data", [b"", b"# only a comment\n", OUTSIDE], ids=["empty", "comment", "closed-world"])
def test_edge_cases_stream_to_the_same_results(data: bytes, vocabulary: Vocabulary) -> None:
    whole = check_bytes(data, name="data.ttl", vocabulary=vocabulary)
    streamed = check_bytes(data, name="data.ttl", options=STREAMED, vocabulary=vocabulary)
    assert results(streamed) == results(whole)
    assert len(streamed.triples) == len(whole.triples)
