"""Server-rendered HTML pages of resources (Jinja2 templates in api/templates/).

A concept or other resource gets the concept page (``concept.html``, built by
``api/web/concept.py``), a concept scheme its scheme page, the ontology the vocabulary page. The
resolution routes serve these pages as ``text/html``; ``api/vocabulary.py`` renders each once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS

from . import views
from .models import Detail
from .negotiation import OFFERS
from .web import concept, render
from .web.site import Site

if TYPE_CHECKING:
    from .vocabulary import Resource, Vocabulary


class Pages:
    def __init__(self) -> None:
        self.env = render.environment()

    def render(self, template: str, **context: object) -> str:
        return self.env.get_template(template).render(**context)

    def resource(self, vocabulary: Vocabulary, resource: Resource, detail: Detail) -> str:
        site = Site.of(vocabulary)
        formats = [(o.media_type, vocabulary.href(resource.iri, o.key), o.key) for o in OFFERS if o.key != "html"]
        common = {"d": detail, "formats": formats, "version": vocabulary.version}
        if resource.kind == "scheme":
            sections, alone = site.sections(resource.iri)
            key = resource.iri.rstrip("/").rsplit("/", 1)[-1]
            count = len(alone) + sum(len(s.members) + 1 for s in sections)
            return self.render("scheme.html", **common, sections=sections, alone=alone, key=key, count=count,
                               full_definitions=key in ("glossary", "core"),
                               view=concept.build(site, detail))
        if resource.kind == "ontology":
            g = vocabulary.graph
            parts = sorted((views.ref(vocabulary, p) for p in g.objects(URIRef(resource.iri), DCTERMS.hasPart)),
                           key=lambda r: r.label or r.iri)
            defined = {s for cls in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
                       for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}
            terms = sorted((views.ref(vocabulary, t) for t in defined if str(t).startswith(vocabulary.base_iri)),
                           key=lambda r: r.iri)
            comments = [str(c) for c in g.objects(URIRef(resource.iri), RDFS.comment)]
            return self.render("resource.html", **common, parts=parts, terms=terms, comments=comments,
                               view=concept.build(site, detail))
        return self.render("concept.html", **common, view=concept.build(site, detail))
