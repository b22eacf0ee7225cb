"""What a concept page shows, worked out from the JSON view (``Detail``) and the vocabulary.

The page is rendered once per concept (the representation cache of ``api/vocabulary.py``), so
this may read the rdflib graph freely; it stays well under a millisecond or two per concept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup
from rdflib import SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from mscos_kg.search.entries import MSCOS

from ..models import Derivation, Detail, Mapping, Ref
from ..negotiation import OFFERS
from . import lineage
from .site import Addressing, Site

RELATION_WORDS = {
    "skos:exactMatch": "exact match", "skos:closeMatch": "close match", "skos:broadMatch": "broader match",
    "skos:narrowMatch": "narrower match", "skos:relatedMatch": "related match",
}
FORMAT_NAMES = {"ttl": "Turtle", "jsonld": "JSON-LD", "rdfxml": "RDF/XML", "nt": "N-Triples", "json": "JSON view"}


@dataclass(frozen=True)
class Download:
    name: str
    media_type: str
    href: str


@dataclass(frozen=True)
class OutcomeLink:
    """An intervention's link to an outcome (a mscos:OutcomeLink): which link, its basis, evidence."""

    outcome: Ref
    relation: str
    basis: str | None
    evidence: str | None
    quote: str | None


LINK_WORDS = {"primaryOutcome": "primary outcome", "addressesOutcome": "addresses",
              "possiblyAddressesOutcome": "possibly addresses"}


@dataclass
class ConceptView:
    d: Detail
    kind: str | None
    breadcrumbs: list[Ref]
    alt_labels: list[str]
    scope_notes: list[str]
    editorial_notes: list[str]
    survivor_quotes: list[str]
    indicator_quotes: dict[str, str]
    round0: list[Derivation]
    workshop: list[Mapping]
    later: list[Ref]
    maps_to: list[Mapping]
    comet: list[Mapping]
    other_mappings: list[Mapping]
    interventions: list[Addressing]
    instruments: list[Addressing]
    documents: dict[str, Ref]
    lineage_figure: Markup | None
    downloads: list[Download]
    queries: list[tuple[str, str]] = field(default_factory=list)
    is_final: bool = False
    outcome_links: list[OutcomeLink] = field(default_factory=list)


def _texts(site: Site, node: Node, predicate: URIRef) -> list[str]:
    values = [o for o in site.vocabulary.graph.objects(node, predicate) if isinstance(o, Literal)]
    return sorted(str(v) for v in values if v.language in (None, "en"))


def _first(site: Site, node: Node, predicate: URIRef) -> str | None:
    values = _texts(site, node, predicate)
    return values[0] if values else None


def outcome_links(site: Site, node: URIRef) -> list[OutcomeLink]:
    """The qualified outcome links of an intervention, primary first."""
    g = site.vocabulary.graph
    out = []
    for link in g.objects(node, MSCOS.qualifiedOutcomeLink):
        outcome, prop, basis = (g.value(link, p) for p in (MSCOS.linkedOutcome, MSCOS.linkProperty, MSCOS.basis))
        if outcome is None:
            continue
        local = str(prop).rsplit("/", 1)[-1] if prop is not None else ""
        out.append(OutcomeLink(site.ref(outcome), LINK_WORDS.get(local, local),
                               site.ref(basis).label if basis is not None else None,
                               _first(site, link, MSCOS.evidence), _first(site, link, MSCOS.quote)))
    order = list(LINK_WORDS.values())
    return sorted(out, key=lambda x: (order.index(x.relation) if x.relation in order else len(order),
                                      x.outcome.notation or "", x.outcome.iri))


def relation(mapping: Mapping) -> str:
    return RELATION_WORDS.get(mapping.predicate, mapping.predicate)


def derivation_text(derivation: Derivation) -> str | None:
    """What the lineage figure writes under a Round 0 box: the type, and the strength beside it."""
    parts = [derivation.derivation_type.label if derivation.derivation_type else None,
             f"{derivation.strength.label} link" if derivation.strength else None]
    return ", ".join(p for p in parts if p) or None


def build(site: Site, detail: Detail) -> ConceptView:
    vocabulary = site.vocabulary
    g = vocabulary.graph
    node = URIRef(detail.iri)
    comet = [m for m in detail.mappings if m.target.iri in site.comet]
    workshop = [m for m in detail.mappings if m.direction == "incoming" and m.target.iri in site.workshop]
    maps_to = [m for m in detail.mappings if m.direction == "outgoing" and m.target.iri in site.final]
    other = [m for m in detail.mappings if m not in comet and m not in workshop and m not in maps_to]
    round0 = [d for d in detail.lineage.derived_from if d.entity.iri in site.round0] or list(
        detail.lineage.derived_from)
    indicator_quotes = {}
    for ref in detail.indicators:
        quotes = _texts(site, URIRef(ref.iri), MSCOS.descriptorQuote)
        if quotes:
            indicator_quotes[ref.iri] = quotes[0]
    documents = {}
    for source in detail.sources:
        document = g.value(URIRef(source.iri), DCTERMS.isPartOf)
        if document is not None:
            documents[source.iri] = site.ref(document)
    before = [
        lineage.Group("From e-Delphi Round 0", "round0",
                      tuple(lineage.Link(d.entity, derivation_text(d)) for d in round0)),
        lineage.Group("From the stakeholder workshops", "workshop",
                      tuple(lineage.Link(m.target, relation(m)) for m in workshop)),
    ]
    after = [
        lineage.Group("Later outcomes derived from it", "later",
                      tuple(lineage.Link(r, "derived") for r in detail.lineage.derivatives)),
        lineage.Group("Mapped to final outcomes", "later",
                      tuple(lineage.Link(m.target, relation(m)) for m in maps_to)),
    ]
    centre = Ref(iri=detail.iri, label=detail.label, notation=detail.notation, href=None)
    downloads = [Download(FORMAT_NAMES[o.key], o.media_type, vocabulary.href(detail.iri, o.key))
                 for o in OFFERS if o.key in FORMAT_NAMES]
    is_final = detail.iri in site.final
    addressing = site.interventions.get(detail.iri, [])
    identifier = detail.id or detail.iri
    queries = []
    if is_final:
        queries = [(f"/queries/interventions_for_outcome?outcome={identifier}",
                    "Interventions addressing it, with partner data"),
                   (f"/queries/outcome_lineage?outcome={identifier}", "Its lineage as a table")]
    return ConceptView(
        d=detail,
        kind=site.kind(detail.iri),
        breadcrumbs=_breadcrumbs(site, detail),
        alt_labels=_texts(site, node, SKOS.altLabel),
        scope_notes=_texts(site, node, SKOS.scopeNote),
        editorial_notes=_texts(site, node, SKOS.editorialNote),
        survivor_quotes=_texts(site, node, MSCOS.survivorQuote),
        indicator_quotes=indicator_quotes,
        round0=round0,
        workshop=workshop,
        later=list(detail.lineage.derivatives),
        maps_to=maps_to,
        comet=comet,
        other_mappings=other,
        interventions=[a for a in addressing if a.kind != "Instrument"],
        instruments=[a for a in addressing if a.kind == "Instrument"],
        documents=documents,
        lineage_figure=lineage.draw(centre, before, after),
        downloads=downloads,
        queries=queries,
        is_final=is_final,
        outcome_links=outcome_links(site, node),
    )


def _breadcrumbs(site: Site, detail: Detail) -> list[Ref]:
    crumbs = [Ref(iri="/", label="Home", href="/")]
    crumbs += detail.schemes[:1]
    crumbs += (detail.domains or detail.broader)[:1]
    return crumbs
