"""A read-only rdflib store over a list of triples.

pyshacl-turbo reads an rdflib Graph by iterating over all its triples once; building an indexed
`Graph` for every partition would cost more than the validation itself. This store holds the
triples in a list and answers only the full scan (and exact lookups, by scanning).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.plugins.stores.memory import Memory
from rdflib.store import Store
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
Index = Mapping[Node, Mapping[Node, Mapping[Node, Any]]]


class TripleListStore(Store):
    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, triples: Sequence[Triple]) -> None:
        super().__init__()
        self._triples = triples
        self._namespaces: dict[str, URIRef] = {}

    def triples(
        self, triple_pattern: tuple[Node | None, Node | None, Node | None], context: Any = None
    ) -> Iterator[tuple[Triple, Iterator[Any]]]:
        s, p, o = triple_pattern
        for triple in self._triples:
            if (
                (s is None or triple[0] == s)
                and (p is None or triple[1] == p)
                and (o is None or triple[2] == o)
            ):
                yield triple, iter(())

    def __len__(self, context: Any = None) -> int:
        return len(self._triples)

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        self._namespaces[prefix] = namespace

    def namespace(self, prefix: str) -> URIRef | None:
        return self._namespaces.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        for prefix, ns in self._namespaces.items():
            if ns == namespace:
                return prefix
        return None

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from self._namespaces.items()

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        raise TypeError("a TripleListStore is read-only")

    def remove(self, triple: Any, context: Any = None) -> None:
        raise TypeError("a TripleListStore is read-only")


def list_graph(triples: Iterable[Triple]) -> Graph:
    """A read-only Graph over `triples` (materialised once as a list)."""
    return Graph(store=TripleListStore(list(triples)), bind_namespaces="none")


def subject_index(graph: Graph) -> Index:
    """subject -> predicate -> objects of `graph`, read without rdflib's per-triple overhead.

    rdflib's Memory store computes the contexts of every triple it yields (about 25 us per
    triple, 25 s for a million); its subject index holds the same triples. It is used only
    when the graph is the store's one graph; otherwise an index is built the slow way.
    """
    store = graph.store
    index = getattr(store, "_Memory__spo", None)
    shared = not isinstance(store, Memory) or store.__len__() != len(graph)  # another graph's triples too
    if not graph.context_aware and isinstance(index, dict) and not shared:
        return index
    built: dict[Node, dict[Node, dict[Node, None]]] = {}
    for s, p, o in graph:
        built.setdefault(s, {}).setdefault(p, {})[o] = None
    return built


def iter_index(index: Index) -> Iterator[Triple]:
    for s, predicates in index.items():
        for p, objects in predicates.items():
            for o in objects:
                yield s, p, o


def ntriples(triples: Iterable[Triple], cache: dict[Node, str]) -> str:
    """N-Triples text of `triples`; `cache` keeps each term's text across calls."""
    lines = []
    for triple in triples:
        parts = []
        for term in triple:
            text = cache.get(term)
            if text is None:
                text = _quoteLiteral(term) if isinstance(term, Literal) else term.n3()
                cache[term] = text
            parts.append(text)
        lines.append(f"{parts[0]} {parts[1]} {parts[2]} .\n")
    return "".join(lines)
