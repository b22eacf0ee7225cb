"""Server-rendered HTML pages of resources (Jinja2 templates in api/templates/)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import jinja2
from rdflib import OWL, RDF, RDFS, SKOS, URIRef
from rdflib.namespace import DCTERMS

from . import views
from .models import Detail, Ref
from .negotiation import OFFERS

if TYPE_CHECKING:
    from .vocabulary import Resource, Vocabulary


class Pages:
    def __init__(self) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("mscos_api", "templates"),
            autoescape=jinja2.select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(self, template: str, **context: object) -> str:
        return self.env.get_template(template).render(**context)

    def resource(self, vocabulary: Vocabulary, resource: Resource, detail: Detail) -> str:
        members: list[tuple[int, Ref]] = []
        parts: list[Ref] = []
        terms: list[Ref] = []
        if resource.kind == "scheme":
            members = _hierarchy(vocabulary, URIRef(resource.iri))
        if resource.kind == "ontology":
            g = vocabulary.graph
            parts = sorted((views.ref(vocabulary, p) for p in g.objects(URIRef(resource.iri), DCTERMS.hasPart)),
                           key=lambda r: r.label or r.iri)
            defined = {s for cls in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
                       for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}
            terms = sorted((views.ref(vocabulary, t) for t in defined if str(t).startswith(vocabulary.base_iri)),
                           key=lambda r: r.iri)
        comments = [str(c) for c in vocabulary.graph.objects(URIRef(resource.iri), RDFS.comment)]
        return self.render(
            "resource.html",
            d=detail,
            kind=resource.kind,
            members=members,
            parts=parts,
            terms=terms,
            comments=comments,
            formats=[(o.media_type, vocabulary.href(resource.iri, o.key), o.key) for o in OFFERS if o.key != "html"],
            version=vocabulary.version,
        )


def _hierarchy(vocabulary: Vocabulary, scheme: URIRef) -> list[tuple[int, Ref]]:
    """The scheme's concepts, top concepts first, each followed by its narrower ones (depth, ref)."""
    g = vocabulary.graph
    members = {s for s in g.subjects(SKOS.inScheme, scheme) if isinstance(s, URIRef)}
    out: list[tuple[int, Ref]] = []
    seen: set[URIRef] = set()

    def visit(node: URIRef, depth: int) -> None:
        if node in seen:
            return
        seen.add(node)
        out.append((depth, views.ref(vocabulary, node)))
        children = [n for n in g.objects(node, SKOS.narrower) if isinstance(n, URIRef) and n in members]
        for child in sorted(children, key=_sort_key(vocabulary)):
            visit(child, depth + 1)

    tops = [t for t in g.objects(scheme, SKOS.hasTopConcept) if isinstance(t, URIRef)]
    for top in sorted(tops, key=_sort_key(vocabulary)):
        visit(top, 0)
    for rest in sorted(members - seen, key=_sort_key(vocabulary)):
        visit(rest, 0)
    return out


def _sort_key(vocabulary: Vocabulary) -> Callable[[URIRef], tuple[str, str]]:
    def key(node: URIRef) -> tuple[str, str]:
        notation = vocabulary.graph.value(node, SKOS.notation)
        return (_natural(str(notation)) if notation is not None else "~", str(node))

    return key


def _natural(text: str) -> str:
    """'CO10' after 'CO9': pad the digit runs."""
    return re.sub(r"\d+", lambda m: m.group(0).zfill(6), text)
