"""Resources of the graph -> the JSON view (``Item`` and ``Detail`` in ``api/models.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from rdflib import OWL, RDF, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from mscos_kg.search.entries import MSCOS, label_of

from .models import Derivation, Detail, Item, Lineage, Links, Mapping, Property, Ref, Value
from .negotiation import BY_KEY

MAPPING_PROPERTIES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


class Namer(Protocol):
    base_iri: str

    @property
    def graph(self) -> Graph: ...

    def href(self, iri: str, key: str | None = None) -> str: ...

    def curie(self, iri: str) -> str: ...

    def justifications(self) -> dict[tuple[Node, Node, Node], Node]: ...


def ref(namer: Namer, node: Node) -> Ref:
    iri = str(node)
    label = label_of(namer.graph, node) if isinstance(node, URIRef) else None
    notation = namer.graph.value(node, SKOS.notation)
    return Ref(iri=iri, label=label, notation=str(notation) if notation is not None else None, href=namer.href(iri))


def _refs(namer: Namer, nodes: Iterable[Node]) -> list[Ref]:
    found = [n for n in nodes if isinstance(n, URIRef)]
    refs = [ref(namer, n) for n in set(found)]
    return sorted(refs, key=lambda r: (r.notation or "", r.label or "", r.iri))


def links(namer: Namer, iri: str) -> Links:
    return Links.model_validate({
        "html": namer.href(iri, "html"), "json": namer.href(iri, "json"), "turtle": namer.href(iri, "ttl"),
        "jsonld": namer.href(iri, "jsonld"), "rdfxml": namer.href(iri, "rdfxml"), "ntriples": namer.href(iri, "nt"),
    })


def _text(graph: Graph, s: Node, p: URIRef) -> str | None:
    values = sorted(o for o in graph.objects(s, p) if isinstance(o, Literal))
    english = [v for v in values if v.language in (None, "en")] or values
    return str(english[0]) if english else None


def identifier(namer: Namer, iri: str) -> str | None:
    prefix = f"{namer.base_iri}id/"
    if iri.startswith(prefix) and "#" not in iri:
        return iri[len(prefix):]
    return None


def item(namer: Namer, subject: URIRef) -> Item:
    return Item(**_item_fields(namer, subject))


def _item_fields(namer: Namer, s: URIRef) -> dict[str, object]:
    g = namer.graph
    iri = str(s)
    notation = g.value(s, SKOS.notation)
    return {
        "iri": iri,
        "id": identifier(namer, iri),
        "notation": str(notation) if notation is not None else None,
        "label": label_of(g, s),
        "definition": _text(g, s, SKOS.definition),
        "types": sorted(namer.curie(str(t)) for t in g.objects(s, RDF.type) if isinstance(t, URIRef)),
        "schemes": _refs(namer, g.objects(s, SKOS.inScheme)),
        "deprecated": any(str(o).lower() in ("true", "1") for o in g.objects(s, OWL.deprecated)),
        "replaced_by": _refs(namer, g.objects(s, DCTERMS.isReplacedBy)),
        "links": links(namer, iri),
    }


def detail(namer: Namer, s: URIRef) -> Detail:
    g = namer.graph
    return Detail(
        **_item_fields(namer, s),
        sources=_refs(namer, g.objects(s, DCTERMS.source)),
        broader=_refs(namer, g.objects(s, SKOS.broader)),
        narrower=_refs(namer, g.objects(s, SKOS.narrower)),
        indicators=_refs(namer, g.objects(s, MSCOS.hasIndicator)),
        indicates=_refs(namer, g.objects(s, MSCOS.indicates)),
        domains=_refs(namer, g.objects(s, MSCOS.inDomain)),
        lineage=lineage(namer, s),
        mappings=mappings(namer, s),
        properties=properties(namer, s),
    )


def lineage(namer: Namer, s: URIRef) -> Lineage:
    g = namer.graph
    qualified: dict[Node, Derivation] = {}
    for node in g.objects(s, PROV.qualifiedDerivation):
        entity = g.value(node, PROV.entity)
        if entity is None:
            continue
        kind = g.value(node, MSCOS.derivationType)
        strength = g.value(node, MSCOS.derivationStrength)
        qualified[entity] = Derivation(
            entity=ref(namer, entity),
            derivation_type=ref(namer, kind) if kind is not None else None,
            strength=ref(namer, strength) if strength is not None else None,
            evidence=_text(g, node, MSCOS.evidence),
            sources=_refs(namer, g.objects(node, DCTERMS.source)),
        )
    for origin in g.objects(s, PROV.wasDerivedFrom):
        if origin not in qualified and isinstance(origin, URIRef) and (origin, RDF.type, SKOS.Concept) in g:
            qualified[origin] = Derivation(entity=ref(namer, origin))
    derived = sorted(qualified.values(), key=lambda d: (d.entity.notation or "", d.entity.iri))
    derivatives = _refs(namer, (x for x in g.subjects(PROV.wasDerivedFrom, s) if (x, RDF.type, SKOS.Concept) in g))
    return Lineage(derived_from=derived, derivatives=derivatives)


def mapping_justifications(g: Graph) -> dict[tuple[Node, Node, Node], Node]:
    """(subject, predicate, object) of a SKOS mapping -> the mscos:Mapping node that justifies it."""
    out: dict[tuple[Node, Node, Node], Node] = {}
    for node in g.subjects(RDF.type, MSCOS.Mapping):
        subj, obj, pred = (g.value(node, p) for p in (MSCOS.mappingSubject, MSCOS.mappingObject,
                                                       MSCOS.mappingPredicate))
        if subj is not None and obj is not None and pred is not None:
            out[(subj, pred, obj)] = node
    return out


def mappings(namer: Namer, s: URIRef) -> list[Mapping]:
    g = namer.graph
    justification = namer.justifications()
    out: list[Mapping] = []
    for pred in MAPPING_PROPERTIES:
        for target in g.objects(s, pred):
            out.append(_mapping(namer, pred, "outgoing", target, justification.get((s, pred, target))))
        for origin in g.subjects(pred, s):
            out.append(_mapping(namer, pred, "incoming", origin, justification.get((origin, pred, s))))
    return sorted(out, key=lambda m: (m.direction != "outgoing", m.predicate, m.target.notation or "", m.target.iri))


def _mapping(namer: Namer, pred: URIRef, direction: str, other: Node, node: Node | None) -> Mapping:
    g = namer.graph
    return Mapping(
        predicate=namer.curie(str(pred)),
        direction=direction,
        target=ref(namer, other),
        evidence=_text(g, node, MSCOS.evidence) if node is not None else None,
        benefit_or_harm=_text(g, node, MSCOS.direction) if node is not None else None,
    )


def properties(namer: Namer, s: URIRef) -> list[Property]:
    g = namer.graph
    grouped: dict[str, list[Value]] = {}
    for p, o in g.predicate_objects(s):
        grouped.setdefault(str(p), []).append(value(namer, o))
    return [
        Property(property=p, name=namer.curie(p), values=sorted(v, key=lambda x: (x.label or x.value or x.iri or "")))
        for p, v in sorted(grouped.items(), key=lambda kv: namer.curie(kv[0]))
    ]


def value(namer: Namer, o: Node) -> Value:
    if isinstance(o, Literal):
        datatype = str(o.datatype) if o.datatype is not None else None
        return Value(value=str(o), language=o.language, datatype=datatype)
    if isinstance(o, URIRef):
        r = ref(namer, o)
        return Value(iri=r.iri, label=r.label or r.notation, href=r.href)
    return Value(value=str(o))


def media_types() -> dict[str, str]:
    return {key: offer.media_type for key, offer in BY_KEY.items()}
