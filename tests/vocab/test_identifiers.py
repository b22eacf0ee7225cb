"""Identifier policy (docs/identifiers.md): published ids never disappear; deprecation keeps them."""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

BASE = "https://w3id.org/mscos/id/"
PUBLISHED = Path(__file__).resolve().parents[1] / "data" / "published_ids.txt"


def published_ids() -> list[str]:
    return [line.strip() for line in PUBLISHED.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def test_no_published_identifier_has_disappeared(vocab: Graph) -> None:
    present = {str(s) for s in vocab.subjects()}
    missing = [i for i in published_ids() if BASE + i not in present]
    assert missing == [], f"published identifiers missing from the vocabulary: {missing}"


def test_identifiers_are_six_opaque_digits(vocab: Graph) -> None:
    for s in set(vocab.subjects()):
        if str(s).startswith(BASE):
            local = str(s)[len(BASE):].split("#", 1)[0]
            assert len(local) == 6 and local.isdigit(), s


def test_every_minted_identifier_is_recorded_as_published(vocab: Graph) -> None:
    """New ids must be appended to the published list, so that they are protected from then on."""
    minted = {str(s)[len(BASE):] for s in vocab.subjects() if str(s).startswith(BASE) and "#" not in str(s)}
    assert minted - set(published_ids()) == set(), "append new ids to tests/data/published_ids.txt"


def test_deprecated_concepts_name_their_replacement(vocab: Graph) -> None:
    for concept in vocab.subjects(OWL.deprecated, Literal(True)):
        replacement = vocab.value(concept, DCTERMS.isReplacedBy)
        assert isinstance(replacement, URIRef) and (replacement, None, None) in vocab, concept
