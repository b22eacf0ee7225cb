"""Every quality gate passes on the shipped vocabulary, and each is proven to fire on bad data."""

from __future__ import annotations

import shutil

import pytest
from rdflib import OWL, RDF, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from mscos_kg.vocab import checks
from mscos_kg.vocab.export import scheme_graph

REASONER = "consistent under HermiT, no unsatisfiable classes"
CHEAP_GATES = [name for name in checks.GATES if name != REASONER]
EX = Namespace("https://w3id.org/mscos/id/")


@pytest.mark.parametrize("name", CHEAP_GATES)
def test_gate_passes_on_the_shipped_vocabulary(vocab: Graph, name: str) -> None:
    assert checks.GATES[name](vocab) == []


@pytest.mark.requires_java
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime (make system-deps)")
def test_vocabulary_is_consistent_under_hermit(vocab: Graph) -> None:
    assert checks.gate_reasoner(vocab) == []


@pytest.mark.requires_java
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime (make system-deps)")
def test_hermit_gate_fires_on_an_individual_in_disjoint_classes(vocab: Graph) -> None:
    bad = Graph() + vocab
    core = next(bad.subjects(RDF.type, URIRef("https://w3id.org/mscos/def/CoreOutcome")))
    bad.add((core, RDF.type, URIRef("https://w3id.org/mscos/def/LonglistOutcome")))
    problems = checks.gate_reasoner(bad)
    assert problems and "inconsistent" in problems[0]


def _concept(g: Graph, ident: str, label: str) -> URIRef:
    c = EX[ident]
    g.add((c, RDF.type, SKOS.Concept))
    g.add((c, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((c, SKOS.definition, Literal("A test concept.", lang="en")))
    g.add((c, SKOS.notation, Literal(ident)))
    g.add((c, SKOS.inScheme, URIRef("https://w3id.org/mscos/scheme/core")))
    g.add((c, DCTERMS.source, URIRef("https://w3id.org/mscos/source/toolkit")))
    return c


def test_skos_shapes_fire_on_two_english_preflabels() -> None:
    g = Graph()
    c = _concept(g, "999901", "One")
    g.add((c, SKOS.prefLabel, Literal("Two", lang="en")))
    assert any("S14" in p for p in checks.gate_skos_shapes(g))


def test_skos_shapes_fire_on_a_label_both_preferred_and_alternative() -> None:
    g = Graph()
    c = _concept(g, "999901", "Same")
    g.add((c, SKOS.altLabel, Literal("Same", lang="en")))
    assert any("S13" in p for p in checks.gate_skos_shapes(g))


def test_skos_shapes_fire_on_a_broader_cycle() -> None:
    g = Graph()
    a, b = _concept(g, "999901", "A"), _concept(g, "999902", "B")
    g.add((a, SKOS.broader, b))
    g.add((b, SKOS.broader, a))
    assert any("cycle" in p for p in checks.gate_skos_shapes(g))


def test_skos_shapes_fire_on_related_to_a_broader_concept() -> None:
    g = Graph()
    a, b = _concept(g, "999901", "A"), _concept(g, "999902", "B")
    g.add((a, SKOS.broader, b))
    g.add((a, SKOS.related, b))
    assert any("S27" in p for p in checks.gate_skos_shapes(g))


def test_skos_shapes_fire_on_exact_and_broad_match_to_the_same_concept() -> None:
    g = Graph()
    a, b = _concept(g, "999901", "A"), _concept(g, "999902", "B")
    g.add((a, SKOS.exactMatch, b))
    g.add((a, SKOS.broadMatch, b))
    assert any("S46" in p for p in checks.gate_skos_shapes(g))


def test_verbatim_gate_fires_on_a_paraphrased_definition(vocab: Graph) -> None:
    bad = Graph() + vocab
    core = next(bad.subjects(RDF.type, URIRef("https://w3id.org/mscos/def/CoreOutcome")))
    bad.remove((core, SKOS.definition, None))
    bad.add((core, SKOS.definition, Literal("Survivors should have a nice home.", lang="en")))
    problems = checks.gate_verbatim(bad)
    assert len(problems) == 1 and str(core) in problems[0]


def test_declared_terms_gate_fires_on_an_undeclared_term() -> None:
    g = Graph()
    g.add((EX["999901"], URIRef("https://w3id.org/mscos/def/noSuchProperty"), Literal("x")))
    assert checks.gate_declared_terms(g) == [
        "https://w3id.org/mscos/def/noSuchProperty is used but not declared in ontology/src/model.ttl"]


def test_vocpub_fires_on_a_scheme_without_metadata(vocab: Graph) -> None:
    scheme = URIRef("https://w3id.org/mscos/scheme/core")
    bad = Graph() + scheme_graph(vocab, scheme)
    bad.remove((scheme, DCTERMS.created, None))
    bad.remove((scheme, DCTERMS.creator, None))
    shapes = checks.shapes_dir() / "vocpub" / "validator.ttl"
    problems = checks._shacl(bad, Graph().parse(data=shapes.read_text(encoding="utf-8"), format="turtle"))
    assert any("created date" in p for p in problems) and any("2.1.06" in p for p in problems)


def test_every_scheme_exports_on_its_own_with_exactly_one_scheme(vocab: Graph) -> None:
    for scheme in vocab.subjects(RDF.type, SKOS.ConceptScheme):
        part = scheme_graph(vocab, scheme)  # type: ignore[arg-type]
        assert list(part.subjects(RDF.type, SKOS.ConceptScheme)) == [scheme]
        assert (None, RDF.type, OWL.Ontology) not in part
