"""The differences page's data: where the MSCOS source documents disagree, claim by claim.

The rows are the named query ``source_discrepancies`` (the same as
``/queries/source_discrepancies``); each claim is completed from the vocabulary with the words
it quotes and the document its source section is part of, each discrepancy with its note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode
from rdflib import SKOS, URIRef
from rdflib.namespace import DCTERMS

from mscos_kg.queries import Catalog, run_query
from mscos_kg.search.entries import MSCOS
from mscos_kg.store.results import SelectResult

from ..models import Ref
from .site import Site, natural


@dataclass(frozen=True)
class Claim:
    iri: str
    about: Ref
    quantity: str
    value: str
    kind: str
    source: Ref | None
    document: Ref | None
    quote: str | None


@dataclass
class Difference:
    iri: str
    href: str
    label: str
    note: str | None
    claims: list[Claim] = field(default_factory=list)

    @property
    def values(self) -> list[str]:
        return sorted({c.value for c in self.claims}, key=natural)


def _text(term: object) -> str:
    if isinstance(term, NamedNode | Literal):
        return term.value
    return "" if term is None else str(term)


def compute(store: Any, catalog: Catalog, site: Site) -> list[Difference]:
    """Blocking (a store query): run it in a worker thread."""
    g = site.vocabulary.graph
    result = run_query(store, catalog.get("source_discrepancies"), {}, base_iri=site.vocabulary.base_iri)
    assert isinstance(result, SelectResult)
    found: dict[str, Difference] = {}
    for row in result.as_dicts():
        iri = _text(row.get("discrepancy"))
        if iri not in found:
            note = g.value(URIRef(iri), SKOS.editorialNote)
            found[iri] = Difference(iri, site.vocabulary.href(iri), _text(row.get("label")) or iri,
                                    str(note) if note is not None else None)
        source_iri = _text(row.get("source"))
        source = site.ref(URIRef(source_iri)) if source_iri else None
        document = g.value(URIRef(source_iri), DCTERMS.isPartOf) if source_iri else None
        claim_iri = _text(row.get("claim"))
        quote = g.value(URIRef(claim_iri), MSCOS.quote)
        about = site.ref(URIRef(_text(row.get("about"))))
        if not about.label and row.get("aboutLabel") is not None:
            about = about.model_copy(update={"label": _text(row.get("aboutLabel"))})
        found[iri].claims.append(Claim(
            claim_iri, about, _text(row.get("quantity")), _text(row.get("value")), _text(row.get("kind")),
            source, site.ref(document) if document is not None else None, str(quote) if quote is not None else None,
        ))
    for difference in found.values():
        difference.claims.sort(key=lambda c: (natural(c.value), c.document.label if c.document else "", c.iri))
    return sorted(found.values(), key=lambda d: d.label)
