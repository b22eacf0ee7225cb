"""The storage port: what the rest of the project may ask of a triplestore.

Two implementations: `EmbeddedStore` (pyoxigraph, in memory or a directory) and `RemoteStore`
(any SPARQL 1.1 Query + Update server). A read query sees the union of all named graphs as its
default graph, unless it names its own dataset (FROM / FROM NAMED) or the caller gives one
(`Dataset`, which overrides FROM / FROM NAMED as the SPARQL 1.1 Protocol requires). Graphs are
always graphs of the store, never fetched. Writes address named graphs only and each write is
one transaction.

A remote server must support (checked at the service's start by `capabilities.check_server`):
SPARQL 1.1 Query at its query endpoint with results as application/sparql-results+json (SELECT,
ASK) and RDF (CONSTRUCT, DESCRIBE); named graphs; the union of the named graphs as the default
graph of a query naming no dataset; and, for a service that writes, SPARQL 1.1 Update (DROP
SILENT GRAPH, INSERT DATA, INSERT/DELETE ... WHERE into named graphs) with each request run as one
transaction. The Graph Store Protocol is not used: a write and its provenance record must be one
transaction, and Virtuoso's and Oxigraph's PUT are not (docs/decisions/0020).

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


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset of a read query: graphs of the store (SPARQL 1.1 Protocol 2.1.4).

    The default graph is the merge of `default_graphs` (empty if none); `GRAPH` sees only
    `named_graphs` (none if empty). A graph the store lacks is empty. Given to a query, it
    replaces both the union default graph and any FROM / FROM NAMED of the query text.
    """

    default_graphs: tuple[NamedNode, ...] = ()
    named_graphs: tuple[NamedNode, ...] = ()

    def __post_init__(self) -> None:
        if not self.default_graphs and not self.named_graphs:
            raise ValueError("a Dataset names at least one graph (no dataset: pass None)")


@runtime_checkable
class Store(Protocol):
    """A SPARQL 1.1 dataset of named graphs."""

    def select(
        self, query: str, bindings: Bindings | None = None, *, dataset: Dataset | None = None
    ) -> SelectResult:
        """Run a SELECT query; `bindings` fix variables to typed terms (never spliced as text).

        `dataset`: the graphs to query instead of the default (see the module docstring).
        """
        ...

    def select_sparql_json(
        self, query: str, bindings: Bindings | None = None, *, dataset: Dataset | None = None
    ) -> bytes:
        """Run a SELECT query and return its solutions as SPARQL 1.1 Query Results JSON, written by
        the store itself (pyoxigraph's writer, or the server's answer): the service passes them on
        without making a Python object per term, which took longer than many queries."""
        ...

    def ask(
        self, query: str, bindings: Bindings | None = None, *, dataset: Dataset | None = None
    ) -> bool:
        """Run an ASK query."""
        ...

    def construct(
        self, query: str, bindings: Bindings | None = None, *, dataset: Dataset | None = None
    ) -> list[Triple]:
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
