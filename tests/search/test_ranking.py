"""The ranking's rules, on a small hand-made vocabulary (independent of the curated content)."""

from __future__ import annotations

import pytest
from rdflib import Graph

from mscos_kg.search import QueryTooLongError, SearchIndex, SearchOptions, build_entries
from mscos_kg.search.text import fold, stem, terms

TTL = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix mscos: <https://w3id.org/mscos/def/> .
@prefix id: <https://w3id.org/mscos/id/> .
mscos:CoreOutcome rdfs:subClassOf mscos:FinalOutcome .
mscos:FinalOutcome rdfs:subClassOf mscos:Outcome .
mscos:Round0Outcome rdfs:subClassOf mscos:Outcome .
id:000001 a skos:Concept, mscos:CoreOutcome ; skos:prefLabel "Safe housing"@en ; skos:notation "A1" ;
  skos:altLabel "Secure accommodation"@en ; skos:definition "A home to rest."@en ;
  mscos:hasIndicator id:000011 .
id:000011 a skos:Concept, mscos:Indicator ; skos:prefLabel "Enough sleep"@en ; skos:notation "A1.I1" ;
  mscos:descriptorQuote "having enough peace to sleep"@en .
id:000002 a skos:Concept, mscos:CoreOutcome ; skos:prefLabel "Housing advice"@en ; skos:notation "A2" ;
  skos:definition "Advice on safe housing and tenancy."@en .
id:000003 a skos:Concept, mscos:Round0Outcome ; skos:prefLabel "Safe housing"@en ; skos:notation "R1" ;
  skos:definition "An earlier outcome."@en .
id:000004 a skos:Concept, mscos:CoreOutcome ; skos:prefLabel "Employment"@en ; skos:notation "A4" ;
  skos:definition "Registered employment with a safe employer."@en ; owl:deprecated true .
"""


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(build_entries(Graph().parse(data=TTL, format="turtle")))


def labels(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [h.entry.notation for h in hits]


def test_exact_label_then_prefix_then_alt_then_text(index: SearchIndex) -> None:
    hits = index.search("safe housing")
    assert labels(hits)[:2] == ["A1", "R1"]  # both exact; the final outcome first
    assert hits[0].match == "label" and hits[0].score == 100
    assert index.search("housing")[0].entry.notation == "A2"  # label prefix beats text
    assert index.search("secure accommodation")[0].match == "alt_label"
    assert index.search("tenancy")[0].entry.notation == "A2"


def test_notation_exact_and_case_folded(index: SearchIndex) -> None:
    assert index.search("a1.i1")[0].match == "notation"


def test_indicator_text_ranks_its_outcome(index: SearchIndex) -> None:
    hits = index.search("sleep", SearchOptions(types=("https://w3id.org/mscos/def/FinalOutcome",)))
    assert labels(hits) == ["A1"]


def test_deprecated_out_unless_asked(index: SearchIndex) -> None:
    assert "A4" not in labels(index.search("employment"))
    assert labels(index.search("employment", SearchOptions(include_deprecated=True)))[0] == "A4"


def test_stemming_meets_word_forms(index: SearchIndex) -> None:
    assert stem("registered") == stem("register")
    assert stem("housing") == stem("house")
    assert terms("Being registered with a GP") == ["regist", "gp"]
    assert fold("Trauma-informed  Services") == "trauma informed services"
    assert labels(index.search("employer registration", SearchOptions(include_deprecated=True))) == ["A4"]


def test_suggest_uses_the_last_word_as_a_prefix(index: SearchIndex) -> None:
    assert labels(index.suggest("safe hou"))[:1] == ["A1"]
    assert labels(index.suggest("adv")) == ["A2"]  # a word of the label starts with it
    assert labels(index.suggest("zzz")) == []
    assert labels(index.suggest("housing adv")) == ["A2"]


def test_query_length_limit(index: SearchIndex) -> None:
    with pytest.raises(QueryTooLongError):
        index.search("x" * 501)
