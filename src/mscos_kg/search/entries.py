"""What search knows about each resource: its names, its texts and its place in the vocabulary.

An ``Entry`` is built once from the vocabulary graph. Besides a resource's own label, notation,
alternative labels and definition it carries texts the vocabulary itself links to it, which act
as synonyms: the labels and descriptor quotes of an outcome's indicators, the labels of the
concepts mapped to it by an exact or close match, and the labels and descriptors of the earlier
outcomes it derives from (lineage).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

MSCOS = Namespace("https://w3id.org/mscos/def/")
SCHEMA = Namespace("https://schema.org/")

LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, SCHEMA.name, DCTERMS.title)
CLOSE_MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch)
LOOSE_MAPPINGS = (SKOS.narrowMatch, SKOS.broadMatch, SKOS.relatedMatch)
# Kinds of resource that search lists; anything else (claims, sections, mappings...) is not searched.
SEARCHABLE_CLASSES = (SKOS.Concept, MSCOS.Intervention, MSCOS.Instrument, MSCOS.PracticeModel, MSCOS.Framework)


@dataclass(frozen=True)
class Entry:
    iri: str
    label: str
    notation: str | None
    alt_labels: tuple[str, ...]
    definition: str | None
    types: frozenset[str]  # class IRIs, with their superclasses
    schemes: tuple[str, ...]
    deprecated: bool
    replaced_by: tuple[str, ...]
    indicators: tuple[str, ...]  # indicator labels and descriptor quotes
    synonyms: tuple[str, ...]  # labels of exactly / closely matching concepts, of predecessors
    related: tuple[str, ...]  # loosely matching labels, predecessor descriptors, scope notes
    hidden_labels: tuple[str, ...] = ()  # skos:hiddenLabel: search terms, not names (search_terms.yaml)

    def has_type(self, type_iri: str) -> bool:
        return type_iri in self.types


def _text(graph: Graph, subject: URIRef, prop: URIRef) -> str | None:
    values = [o for o in graph.objects(subject, prop) if isinstance(o, Literal)]
    english = [v for v in values if v.language in (None, "en")] or values
    return str(sorted(english)[0]) if english else None


def _texts(graph: Graph, subject: URIRef, prop: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, prop) if isinstance(o, Literal))


def label_of(graph: Graph, subject: URIRef) -> str | None:
    for prop in LABEL_PROPERTIES:
        value = _text(graph, subject, prop)
        if value:
            return value
    return None


def superclasses(graph: Graph) -> dict[URIRef, frozenset[URIRef]]:
    """Each class with all its superclasses (itself included), from rdfs:subClassOf."""
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct.setdefault(sub, set()).add(sup)
    closed: dict[URIRef, frozenset[URIRef]] = {}
    for cls in direct:
        seen: set[URIRef] = {cls}
        todo = [cls]
        while todo:
            for sup in direct.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        closed[cls] = frozenset(seen)
    return closed


def types_of(graph: Graph, subject: URIRef, closure: dict[URIRef, frozenset[URIRef]]) -> frozenset[str]:
    out: set[str] = set()
    for cls in graph.objects(subject, RDF.type):
        if isinstance(cls, URIRef):
            out.update(str(c) for c in closure.get(cls, frozenset({cls})))
    return frozenset(out)


def _linked(graph: Graph, subject: URIRef, props: Iterable[URIRef]) -> Iterator[URIRef]:
    for prop in props:
        for other in graph.objects(subject, prop):
            if isinstance(other, URIRef):
                yield other
        for other in graph.subjects(prop, subject):
            if isinstance(other, URIRef):
                yield other


def build_entries(graph: Graph, *, linked_text: bool = True) -> list[Entry]:
    """One entry per searchable resource of the graph, sorted by IRI.

    ``linked_text=False`` leaves out the texts of mapped concepts and of predecessors (the
    evaluation reports accuracy with and without them).
    """
    closure = superclasses(graph)
    subjects: set[URIRef] = set()
    for cls in SEARCHABLE_CLASSES:
        for known, supers in closure.items():
            if cls in supers:
                subjects.update(s for s in graph.subjects(RDF.type, known) if isinstance(s, URIRef))
        subjects.update(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))
    entries = []
    for subject in sorted(subjects):
        label = label_of(graph, subject)
        if not label:
            continue
        entries.append(_entry(graph, subject, label, closure, linked_text))
    return entries


def _entry(
    graph: Graph, s: URIRef, label: str, closure: dict[URIRef, frozenset[URIRef]], linked_text: bool
) -> Entry:
    indicators: list[str] = []
    for ind in graph.objects(s, MSCOS.hasIndicator):
        if isinstance(ind, URIRef):
            indicators += [t for t in (label_of(graph, ind), _text(graph, ind, MSCOS.descriptorQuote)) if t]
    synonyms: list[str] = []
    related: list[str] = []
    for other in _linked(graph, s, CLOSE_MAPPINGS if linked_text else ()):
        synonyms += [t for t in [label_of(graph, other), *_texts(graph, other, SKOS.altLabel)] if t]
    for other in _linked(graph, s, LOOSE_MAPPINGS if linked_text else ()):
        if MSCOS.CometDomain not in {o for o in graph.objects(other, RDF.type)}:
            related += [t for t in (label_of(graph, other),) if t]
    for origin in graph.objects(s, PROV.wasDerivedFrom) if linked_text else ():
        if isinstance(origin, URIRef) and (origin, RDF.type, SKOS.Concept) in graph:
            synonyms += [t for t in (label_of(graph, origin),) if t]
            related += [t for t in (_text(graph, origin, SKOS.definition),) if t]
    related += _texts(graph, s, SKOS.scopeNote)
    related += [t for t in (_text(graph, s, MSCOS.quote),) if t]
    deprecated = any(str(o).lower() in ("true", "1") for o in graph.objects(s, OWL.deprecated))
    return Entry(
        iri=str(s),
        label=label,
        notation=_text(graph, s, SKOS.notation),
        alt_labels=tuple(_texts(graph, s, SKOS.altLabel)),
        definition=_text(graph, s, SKOS.definition),
        types=types_of(graph, s, closure),
        schemes=tuple(sorted(str(o) for o in graph.objects(s, SKOS.inScheme))),
        deprecated=deprecated,
        replaced_by=tuple(sorted(str(o) for o in graph.objects(s, DCTERMS.isReplacedBy))),
        indicators=tuple(indicators),
        synonyms=tuple(dict.fromkeys(synonyms)),
        related=tuple(dict.fromkeys(related)),
        hidden_labels=tuple(_texts(graph, s, SKOS.hiddenLabel)),
    )
