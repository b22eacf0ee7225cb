"""Terms for the store: rdflib graphs to pyoxigraph triples, and triples read again from bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse, serialize


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


class ParsedTriples(Sequence[Triple]):
    """The triples of a Turtle or N-Triples document, read again by Oxigraph's parser on each pass.

    Holding a million `Triple` objects costs about 1 GB; the bytes cost a thirtieth of that and
    parse again at about a million triples a second. Blank nodes get fresh labels on every pass
    (as the store would give them), so one pass is one consistent copy. `size` is the number of
    distinct triples, known from the validation pass; the embedded store loads `data` natively
    (`Store.bulk_load`) instead of iterating.
    """

    def __init__(self, data: bytes, format: RdfFormat, size: int, base_iri: str | None = None) -> None:
        self.data = data
        self.format = format
        self.size = size
        self.base_iri = base_iri

    def __iter__(self) -> Iterator[Triple]:
        for quad in parse(self.data, format=self.format, base_iri=self.base_iri, rename_blank_nodes=True):
            yield quad.triple

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, index: int) -> Triple: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Triple]: ...
    def __getitem__(self, index: int | slice) -> Triple | Sequence[Triple]:
        return list(self)[index]  # rare (tests): a pass gives fresh blank nodes anyway


def content_sha256(triples: Iterable[Triple]) -> str:
    """SHA-256 of the sorted N-Triples lines of `triples` (blank node labels are not canonical)."""
    data = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    lines = sorted(data.splitlines())
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line)
        digest.update(b"\n")
    return digest.hexdigest()
