"""rdflib graphs (what validation produces) to pyoxigraph triples (what the store writes)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize


class _Terms:
    def __init__(self) -> None:
        self.blanks: dict[rdflib.BNode, BlankNode] = {}
        self.iris: dict[str, NamedNode] = {}

    def iri(self, term: rdflib.URIRef) -> NamedNode:
        node = self.iris.get(term)
        if node is None:
            node = self.iris[term] = NamedNode(str(term))
        return node

    def resource(self, term: rdflib.term.Node) -> NamedNode | BlankNode:
        if isinstance(term, rdflib.URIRef):
            return self.iri(term)
        if isinstance(term, rdflib.BNode):
            blank = self.blanks.get(term)
            if blank is None:
                blank = self.blanks[term] = BlankNode()
            return blank
        raise ValueError(f"not an IRI or blank node: {term!r}")

    def term(self, term: rdflib.term.Node) -> NamedNode | BlankNode | Literal:
        if isinstance(term, rdflib.Literal):
            if term.language:
                return Literal(str(term), language=term.language)
            if term.datatype is not None:
                return Literal(str(term), datatype=self.iri(term.datatype))
            return Literal(str(term))
        return self.resource(term)


def to_triples(graph: rdflib.Graph) -> list[Triple]:
    """The triples of an rdflib graph as pyoxigraph triples (blank nodes kept distinct)."""
    terms = _Terms()
    out = []
    for s, p, o in graph:
        if not isinstance(p, rdflib.URIRef):
            raise ValueError(f"not an IRI in predicate position: {p!r}")
        out.append(Triple(terms.resource(s), terms.iri(p), terms.term(o)))
    return out


def content_sha256(triples: Iterable[Triple]) -> str:
    """SHA-256 of the sorted N-Triples lines of `triples` (blank node labels are not canonical)."""
    data = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    lines = sorted(data.splitlines())
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line)
        digest.update(b"\n")
    return digest.hexdigest()
