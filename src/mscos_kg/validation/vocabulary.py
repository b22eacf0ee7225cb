"""The validation extract of the MSCOS vocabulary.

The shapes need only a few facts from the vocabulary: which IRIs are outcomes (and of which
class), which are controlled codes, their labels and notations, and which are deprecated with
what replacement. This module extracts those facts with their class memberships materialised
(`rdf:type` for every superclass), so that no engine needs subclass reasoning and no engine
sees the rest of the ontology. The whole ontology is also wrong as validation data: it holds
instances of partner classes (the toolkit's own example organisations and evaluations) that
the closed shapes would judge as if a partner had sent them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from mscos_kg.validation.errors import VocabularyMissingError
from mscos_kg.validation.terms import MSCOS

#: Classes whose members the shapes look up, most specific first is not required.
LOOKUP_CLASSES = (
    MSCOS.Outcome,
    MSCOS.FinalOutcome,
    MSCOS.CoreOutcome,
    MSCOS.LonglistOutcome,
    MSCOS.Round0Outcome,
    MSCOS.WorkshopOutcome,
    MSCOS.ReporterType,
    MSCOS.StudyDesign,
    MSCOS.ObservationStatus,
    MSCOS.InterventionLevel,
    MSCOS.Instrument,
)
_FACTS = (SKOS.prefLabel, RDFS.label, SKOS.notation, OWL.deprecated, DCTERMS.isReplacedBy)


@dataclass(frozen=True)
class Vocabulary:
    """The extract (`graph`) plus an index used to add only the facts a dataset part needs."""

    graph: Graph
    core_outcomes: tuple[URIRef, ...]
    facts: Mapping[Node, tuple[tuple[Node, Node, Node], ...]]

    def facts_about(self, iris: Iterable[Node]) -> list[tuple[Node, Node, Node]]:
        """The extract's triples about `iris` and the core outcomes (and their replacements)."""
        seen: set[Node] = set()
        out: list[tuple[Node, Node, Node]] = []
        todo = [*self.core_outcomes, *iris]
        while todo:
            iri = todo.pop()
            if iri in seen:
                continue
            seen.add(iri)
            for triple in self.facts.get(iri, ()):
                out.append(triple)
                if triple[1] == DCTERMS.isReplacedBy:
                    todo.append(triple[2])
        return out


def load_vocabulary(source: Graph | None = None) -> Vocabulary:
    """Extract from `source`, or from the packaged ontology/mscos.ttl (read once per process)."""
    if source is None:
        return _packaged_vocabulary()
    return extract(source)


@lru_cache(maxsize=1)
def _packaged_vocabulary() -> Vocabulary:
    return extract(_packaged_ontology())


def _packaged_ontology() -> Graph:
    from mscos_kg.resources import ontology_file

    path = ontology_file()
    if not path.is_file():
        raise VocabularyMissingError(
            "ontology/mscos.ttl is not built: run `mscos vocab build` before validating partner data"
        )
    graph = Graph()
    graph.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    return graph


def extract(ontology: Graph) -> Vocabulary:
    supers = _superclasses(ontology)
    out = Graph()
    members: dict[URIRef, set[URIRef]] = {}
    for cls in LOOKUP_CLASSES:
        for sub in _subclasses(supers, cls):
            for member in ontology.subjects(RDF.type, sub):
                if isinstance(member, URIRef):
                    members.setdefault(member, set()).add(cls)
    for member, classes in members.items():
        for cls in classes:
            out.add((member, RDF.type, cls))
        for prop in _FACTS:
            for value in ontology.objects(member, prop):
                if (
                    prop in (SKOS.prefLabel, RDFS.label)
                    and isinstance(value, Literal)
                    and value.language not in (None, "en")
                ):
                    continue
                out.add((member, prop, value))
    core = tuple(sorted(m for m, classes in members.items() if MSCOS.CoreOutcome in classes))
    facts: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for triple in out:
        facts.setdefault(triple[0], []).append(triple)
    return Vocabulary(out, core, {k: tuple(v) for k, v in facts.items()})


def _superclasses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Reflexive-transitive rdfs:subClassOf closure over named classes."""
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct.setdefault(sub, set()).add(sup)
    closure: dict[URIRef, set[URIRef]] = {}
    for cls in set(direct) | set(LOOKUP_CLASSES):
        seen = {cls}
        todo = [cls]
        while todo:
            for sup in direct.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        closure[cls] = seen
    return closure


def _subclasses(supers: dict[URIRef, set[URIRef]], cls: URIRef) -> set[URIRef]:
    return {sub for sub, sups in supers.items() if cls in sups} | {cls}
