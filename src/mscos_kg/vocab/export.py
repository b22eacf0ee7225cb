"""Release files: the whole vocabulary, one concept scheme or the OWL model, in every RDF format we publish.

Documentation and ontology tools want one thing per file: pyLODE renders the OWL model and
merges the metadata of every owl:Ontology and skos:ConceptScheme it finds in a file into one
block; VocPub validates one scheme per file (docs/model.md says which file to give which tool).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rdflib import OWL, RDF, SKOS, BNode, Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

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


TERMS_NAMESPACE = "https://w3id.org/mscos/def/"
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def model_graph(vocab: Graph) -> Graph:
    """The OWL model on its own: the ontology header, every term under def/, the axioms about them
    (including anonymous ones such as owl:AllDisjointClasses) and the agents and documents the
    header names. No concept scheme, concept or other individual of the vocabulary."""
    out = _bound_graph(vocab)
    ontologies = [o for o in vocab.subjects(RDF.type, OWL.Ontology) if isinstance(o, URIRef)]
    roots: set[Node] = {s for s in vocab.subjects() if isinstance(s, URIRef) and str(s).startswith(TERMS_NAMESPACE)}
    # The model also declares the terms it uses from SKOS, DCTERMS, PROV and schema.org (OWL 2 DL).
    roots |= {s for kind in DECLARATIONS for s in vocab.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    for s in roots:
        _copy_closure(vocab, out, s)
    for onto in ontologies:
        for p, o in vocab.predicate_objects(onto):
            if p == DCTERMS.hasPart:
                continue  # the schemes are published on their own
            out.add((onto, p, o))
            if isinstance(o, URIRef) and not str(o).startswith(TERMS_NAMESPACE) and o not in ontologies:
                for p2, o2 in vocab.predicate_objects(o):
                    out.add((o, p2, o2))
    # Anonymous axioms (owl:AllDisjointClasses, owl:AllDifferent) are subjects no triple points to.
    pointed = {o for o in vocab.objects() if isinstance(o, BNode)}
    for b in vocab.subjects():
        if isinstance(b, BNode) and b not in pointed and _mentions_terms(vocab, b):
            _copy_closure(vocab, out, b)
    return out


def _bound_graph(vocab: Graph) -> Graph:
    out = Graph()
    for prefix, ns in vocab.namespaces():
        out.bind(prefix, ns, override=True)
    return out


def _copy_closure(vocab: Graph, out: Graph, subject: Node) -> None:
    """The subject's triples and, through blank nodes (RDF lists, restrictions), theirs."""
    todo, seen = [subject], set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for p, o in vocab.predicate_objects(s):
            out.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def _mentions_terms(vocab: Graph, subject: BNode) -> bool:
    part = Graph()
    _copy_closure(vocab, part, subject)
    return any(str(o).startswith(TERMS_NAMESPACE) for o in part.objects() if isinstance(o, URIRef))


@dataclass(frozen=True)
class ReleaseFile:
    """One file of a release: its name and the graph it holds."""

    name: str
    graph: Graph


def release_files(vocab: Graph, fmt: str) -> list[ReleaseFile]:
    """The OWL model and each concept scheme, each a file of its own (`mscos export --split`)."""
    ext = FORMATS[fmt].extension
    files = [ReleaseFile(f"mscos-model.{ext}", model_graph(vocab))]
    for scheme in scheme_iris(vocab):
        key = str(scheme).rstrip("/").rsplit("/", 1)[-1]
        files.append(ReleaseFile(f"mscos-scheme-{key}.{ext}", scheme_graph(vocab, scheme)))
    return files
