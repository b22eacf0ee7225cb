"""The storage port: what the rest of the project may ask of a triplestore.

Two implementations: `EmbeddedStore` (pyoxigraph, in memory or a directory) and `RemoteStore`
(any SPARQL 1.1 Query + Update server). Queries see the union of all named graphs as their
default graph; writes address named graphs only and each write is one transaction.

The write methods are low level and trust their input: partner data reaches them only through
`mscos_kg.store.loading`, which validates it first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from pyoxigraph import NamedNode, Triple

from mscos_kg.store.results import Bindings, SelectResult


@dataclass(frozen=True)
class GraphAnnotation:
    """Statements about a graph, kept in another graph and written in the same transaction.

    Every triple of `graph` whose subject is one of `subjects` is removed, then `triples` are
    added: so a provenance record is replaced together with the data it describes.
    """

    graph: NamedNode
    subjects: tuple[NamedNode, ...]
    triples: tuple[Triple, ...] = ()


@runtime_checkable
class Store(Protocol):
    """A SPARQL 1.1 dataset of named graphs."""

    def select(self, query: str, bindings: Bindings | None = None) -> SelectResult:
        """Run a SELECT query; `bindings` fix variables to typed terms (never spliced as text)."""
        ...

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""
        ...

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]:
        """Run a CONSTRUCT or DESCRIBE query."""
        ...

    def load_graph(self, graph: NamedNode, triples: Iterable[Triple]) -> None:
        """Add triples to a named graph (created if absent), in one transaction."""
        ...

    def replace_graph(
        self,
        graph: NamedNode,
        triples: Sequence[Triple],
        *,
        annotation: GraphAnnotation | None = None,
        retire: Sequence[NamedNode] = (),
    ) -> None:
        """Replace the content of a named graph, in one transaction.

        In the same transaction the `annotation` is rewritten and the `retire` graphs are
        dropped: a query sees the old state or the new one, never a mixture.
        """
        ...

    def drop_graph(self, graph: NamedNode, *, annotation: GraphAnnotation | None = None) -> None:
        """Remove a named graph (and rewrite its annotation) in one transaction; absent is fine."""
        ...

    def graphs(self) -> list[NamedNode]:
        """The names of the non-empty named graphs."""
        ...

    def close(self) -> None:
        """Release files or connections; the store is unusable afterwards."""
        ...
