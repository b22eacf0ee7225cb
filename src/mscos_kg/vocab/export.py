"""Release files: the whole vocabulary or one concept scheme, in every RDF format we publish."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS

from mscos_kg.resources import ontology_dir, ontology_file


@dataclass(frozen=True)
class RdfFormat:
    name: str
    rdflib_format: str
    media_type: str
    extension: str


FORMATS: dict[str, RdfFormat] = {
    "ttl": RdfFormat("ttl", "turtle", "text/turtle", "ttl"),
    "jsonld": RdfFormat("jsonld", "json-ld", "application/ld+json", "jsonld"),
    "rdfxml": RdfFormat("rdfxml", "xml", "application/rdf+xml", "rdf"),
    "nt": RdfFormat("nt", "nt", "application/n-triples", "nt"),
}


def load_vocabulary() -> Graph:
    """The shipped, built vocabulary (ontology/mscos.ttl)."""
    return Graph().parse(data=ontology_file().read_text(encoding="utf-8"), format="turtle")


def jsonld_context() -> dict[str, Any]:
    """The project's published JSON-LD context (ontology/context.jsonld), never fetched remotely."""
    path = ontology_dir() / "context.jsonld"
    if not path.is_file():
        return {}
    loaded = json.loads(path.read_text(encoding="utf-8"))
    ctx = loaded.get("@context", loaded)
    return ctx if isinstance(ctx, dict) else {}


def serialize(graph: Graph, fmt: str) -> str:
    spec = FORMATS[fmt]
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=jsonld_context() or None, auto_compact=True)
    return graph.serialize(format=spec.rdflib_format)


def scheme_graph(vocab: Graph, scheme: URIRef) -> Graph:
    """One concept scheme on its own: the scheme, its concepts, their sources and the agents.

    This is the unit the VocPub profile validates (exactly one skos:ConceptScheme per file).
    """
    out = Graph()
    for prefix, ns in vocab.namespaces():
        out.bind(prefix, ns, override=True)
    members = set(vocab.subjects(SKOS.inScheme, scheme))
    subjects = {scheme, *members}
    for s in subjects:
        for p, o in vocab.predicate_objects(s):
            if s == scheme and p == DCTERMS.isPartOf:
                continue  # the ontology header is not part of a scheme's own file
            out.add((s, p, o))
    linked = {o for o in out.objects() if isinstance(o, URIRef)}
    for node in linked:
        if (node, RDF.type, SKOS.Concept) in vocab or (node, RDF.type, SKOS.ConceptScheme) in vocab:
            continue  # concepts of other schemes are referenced, not described
        for p, o in vocab.predicate_objects(node):
            out.add((node, p, o))
    # Inverse links from concepts of other schemes are not this scheme's statements.
    for s, p, o in list(out.triples((None, SKOS.narrower, None))):
        if o not in members:
            out.remove((s, p, o))
    return out


def scheme_iris(vocab: Graph) -> list[URIRef]:
    return sorted(s for s in vocab.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef))
