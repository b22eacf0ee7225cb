"""SPARQL Update requests for the port's writes, shared by both implementations.

One write is one update request, which SPARQL 1.1 servers (and pyoxigraph) run as one
transaction; its operations are separated by ';' (a trailing one is allowed by the grammar).
The data is written as N-Triples by pyoxigraph's serializer (which escapes every literal),
inside INSERT DATA; nothing from a caller is pasted in as text. A dialect's literal codec maps
literals its server would alter to private datatypes on the way (`literal_codec.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from pyoxigraph import BlankNode, NamedNode, RdfFormat, Triple, serialize

from mscos_kg.store.dialect import STANDARD, Dialect
from mscos_kg.store.port import GraphAnnotation


def _ntriples(triples: Iterable[Triple]) -> bytes:
    out = serialize(triples, format=RdfFormat.N_TRIPLES)
    assert out is not None  # no output file given, so bytes are returned
    return out


#: Triples serialised at a time: the request streams, so a client holds one chunk, not the dataset.
CHUNK = 20_000


def _ntriples_chunks(triples: Iterable[Triple], size: int = CHUNK) -> Iterator[bytes]:
    it = iter(triples)
    while batch := list(islice(it, size)):
        yield _ntriples(batch)


def _holding(triples: Iterable[Triple], held: list[Triple]) -> Iterator[Triple]:
    """The triples without a blank node; those with one are appended to `held` instead."""
    for triple in triples:
        if isinstance(triple.subject, BlankNode) or isinstance(triple.object, BlankNode):
            held.append(triple)
        else:
            yield triple


def _delete_annotation(annotation: GraphAnnotation) -> bytes:
    if not annotation.subjects:
        return b""
    subjects = " ".join(str(s) for s in annotation.subjects)
    g = str(annotation.graph)
    return (
        f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {g} {{ VALUES ?s {{ {subjects} }} ?s ?p ?o }} }} ;\n"
    ).encode()


def _insert(blocks: Sequence[tuple[NamedNode, Sequence[Triple]]], dialect: Dialect = STANDARD) -> Iterator[bytes]:
    blocks = [(g, t) for g, t in blocks if t]
    if not blocks:
        return
    # A server that refuses blank nodes in INSERT DATA (Virtuoso) gets those triples in INSERT { } WHERE { }
    # after it; the others stream in one pass.
    held: list[tuple[NamedNode, list[Triple]]] = []
    yield b"INSERT DATA {\n"
    for graph, triples in blocks:
        stream: Iterable[Triple] = triples if dialect.codec is None else map(dialect.codec.encode_triple, triples)
        if not dialect.blank_nodes_in_insert_data:
            held.append((graph, []))
            stream = _holding(stream, held[-1][1])
        for chunk in _ntriples_chunks(stream, dialect.block_triples):  # a block per chunk: Virtuoso's parser
            yield f"GRAPH {graph} {{\n".encode() + chunk + b"}\n"
    yield b"} ;\n"
    for graph, triples in held:
        yield from _templates(graph, triples)


def _templates(graph: NamedNode, triples: list[Triple]) -> Iterator[bytes]:
    """INSERT { } WHERE { }: one solution, so a blank node label names one node throughout the operation
    (hence one operation for them all)."""
    if triples:
        yield f"INSERT {{ GRAPH {graph} {{\n".encode() + _ntriples(triples) + b"} } WHERE { } ;\n"


def replace_request(
    graph: NamedNode,
    triples: Sequence[Triple],
    *,
    annotation: GraphAnnotation | None,
    retire: Sequence[NamedNode],
    drop_first: bool = True,
    dialect: Dialect = STANDARD,
) -> Iterator[bytes]:
    """The update that (optionally) empties `graph`, drops `retire`, rewrites `annotation`, inserts."""
    if drop_first:
        yield f"DROP SILENT GRAPH {graph} ;\n".encode()
    for old in retire:
        if old != graph:
            yield f"DROP SILENT GRAPH {old} ;\n".encode()
    if annotation is not None:
        yield _delete_annotation(annotation)
    blocks: list[tuple[NamedNode, Sequence[Triple]]] = [(graph, triples)]
    if annotation is not None:
        blocks.append((annotation.graph, annotation.triples))
    yield from _insert(blocks, dialect)


def drop_request(
    graph: NamedNode, annotation: GraphAnnotation | None, dialect: Dialect = STANDARD
) -> Iterator[bytes]:
    """The update that drops `graph` and rewrites its annotation."""
    yield f"DROP SILENT GRAPH {graph} ;\n".encode()
    if annotation is not None:
        yield _delete_annotation(annotation)
        yield from _insert([(annotation.graph, annotation.triples)], dialect)


class UpdateWrites:
    """`replace_graph` and `drop_graph` of the store port, each as one SPARQL Update request that
    the store runs atomically with its own `_update`."""

    def _write_dialect(self) -> Dialect:
        """How this store's update texts are written (a remote store asks its server)."""
        return STANDARD

    def _update(self, chunks: Iterator[bytes]) -> None:
        raise NotImplementedError

    def replace_graph(
        self,
        graph: NamedNode,
        triples: Sequence[Triple],
        *,
        annotation: GraphAnnotation | None = None,
        retire: Sequence[NamedNode] = (),
    ) -> None:
        dialect = self._write_dialect()
        self._update(replace_request(graph, triples, annotation=annotation, retire=retire, dialect=dialect))

    def drop_graph(self, graph: NamedNode, *, annotation: GraphAnnotation | None = None) -> None:
        self._update(drop_request(graph, annotation, self._write_dialect()))
