"""Untyped search puts the published outcome before its earlier-stage namesakes; hidden labels
(ontology/src/search_terms.yaml) find an outcome as text, never as a name."""

from __future__ import annotations

import pytest

from mscos_kg.search import SearchIndex, SearchOptions, build_entries
from mscos_kg.vocab.export import load_vocabulary


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(build_entries(load_vocabulary()))


def notations(index: SearchIndex, query: str, **kw: object) -> list[str | None]:
    return [h.entry.notation for h in index.search(query, SearchOptions(limit=10, **kw))]  # type: ignore[arg-type]


@pytest.mark.parametrize(("query", "published", "namesake"), [
    ("housing", "CO1", "R0.CS.5"),  # Round 0 "Housing stability and independence": the case
    ("secure and", "CO1", "R0.SAF.5"),  # Round 0 "Secure and protected housing"
    ("access to education", "CO7", "R0.OPP.6"),  # same label in three stages: the published one first
    ("socialising", "LL.BSS.3", "W1.56"),
    ("long-term", "CO3", "R0.CS.6"),
])
def test_a_published_outcome_ranks_before_its_earlier_stage_namesake(
        index: SearchIndex, query: str, published: str, namesake: str) -> None:
    found = notations(index, query)
    assert published in found
    assert namesake in found and found.index(published) < found.index(namesake), found


def test_the_namesake_still_ranks_first_when_asked_for_by_type(index: SearchIndex) -> None:
    round0 = "https://w3id.org/mscos/def/Round0Outcome"
    assert notations(index, "housing stability", types=(round0,))[0] == "R0.CS.5"


def test_an_exact_earlier_stage_name_is_still_an_exact_match(index: SearchIndex) -> None:
    hit = index.search("Keeping busy")[0]
    assert (hit.entry.notation, hit.match) == ("R0.CS.2", "label")


@pytest.mark.parametrize(("word", "outcome"), [
    ("homelessness", "CO1"), ("caseworker", "CO3"), ("dentist", "CO6"), ("university", "CO7"),
    ("solicitor", "LL.RJD.4"), ("PTSD", "LL.HWB.3"), ("homophobia", "LL.RJD.3"),
])
def test_a_hidden_label_finds_its_outcome_as_text(index: SearchIndex, word: str, outcome: str) -> None:
    final = "https://w3id.org/mscos/def/FinalOutcome"
    hit = index.search(word, SearchOptions(types=(final,)))[0]
    assert hit.entry.notation == outcome
    assert hit.match == "text"  # a search term, not a name: never an exact match
    assert word not in hit.entry.alt_labels
