"""The embedded store: pyoxigraph, in memory or in a directory (RocksDB).

A new graph is written at bulk-load speed while queries cannot see it: pyoxigraph's transactional
writes (`update`, `extend`, `load`) cost three to nine times its bulk loader and hold the whole
write in memory, and its bulk writes are not transactions. So a graph being written is hidden
(queries run over the explicit list of the other graphs) until its provenance record is written
in one small transaction, the commit point; a crash before it leaves a marker file beside the
directory and the half-written graph is removed when the store is next opened (decision record
0015). A graph that already holds data is replaced in one SPARQL Update transaction.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    Variable,
    parse,
    serialize,
)
from pyoxigraph import (
    Store as OxStore,
)

from mscos_kg.store.convert import ParsedTriples
from mscos_kg.store.errors import (
    QueryEvaluationError,
    QueryFormError,
    QuerySyntaxError,
    StoreError,
    StoreUnavailableError,
)
from mscos_kg.store.port import Dataset, GraphAnnotation
from mscos_kg.store.results import Bindings, SelectResult
from mscos_kg.store.sparql_text import names_dataset
from mscos_kg.store.updates import UpdateWrites, replace_request


class EmbeddedStore(UpdateWrites):
    """A pyoxigraph store; `path=None` keeps everything in memory.

    A directory can be open read-write in one process at a time; `read_only=True` opens it
    without the lock, for reading by a process when no other one writes (RocksDB may otherwise
    refuse: query the service instead, or run a SPARQL server, see docs/store.md).
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._write_lock = threading.Lock()
        # The hidden set changes only while no query is being started (a query's snapshot is
        # taken when it starts: ASK runs whole then), so no snapshot holds part of a graph its
        # query was not told to leave out; queries wait only for the change itself.
        self._gate = threading.Condition()
        self._starting = 0
        self._changing = False
        self._hidden: frozenset[NamedNode] = frozenset()
        try:
            if self.path is None:
                self._store = OxStore()
            elif read_only:
                self._store = OxStore.read_only(str(self.path))
            else:
                # RocksDB creates the store directory but not its parents (data/store on a fresh clone).
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._store = OxStore(str(self.path))
        except (OSError, RuntimeError) as exc:  # a lock held by another process, or files changing under us
            raise StoreUnavailableError(f"cannot open the store at {self.path}: {exc}") from exc
        if self.path is not None and not read_only:
            self._recover()

    def __repr__(self) -> str:
        where = "memory" if self.path is None else str(self.path)
        return f"EmbeddedStore({where}{', read-only' if self.read_only else ''})"

    # ------------------------------------------------------------------ queries
    def query_protocol(
        self, query: str, *, dataset: Dataset | None = None, base_iri: str | None = None
    ) -> QuerySolutions | QueryBoolean | QueryTriples:
        """The lazy pyoxigraph result of a read query, for callers that stream it (the SPARQL endpoint
        reads row by row, checking its deadline and row cap). Same dataset rules as `select`."""
        return self._query(query, None, dataset, base_iri)

    def _query(
        self, query: str, bindings: Bindings | None, dataset: Dataset | None, base_iri: str | None = None
    ) -> QuerySolutions | QueryBoolean | QueryTriples:
        substitutions: dict[Variable, NamedNode | BlankNode | Literal | Triple] = {
            Variable(name): term for name, term in (bindings or {}).items()
        }
        with self._gate:
            self._gate.wait_for(lambda: not self._changing)
            hidden = self._hidden
            self._starting += 1
        try:
            return self._start_query(query, substitutions, dataset, base_iri, hidden)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except (RuntimeError, ValueError) as exc:
            raise QueryEvaluationError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(f"reading the store failed: {exc}") from exc
        finally:
            with self._gate:
                self._starting -= 1
                self._gate.notify_all()

    def _change_hidden(self, change: Callable[[], None]) -> None:
        """Run `change` (which may write) when no query is starting; new ones wait for it."""
        with self._gate:
            self._changing = True
            try:
                self._gate.wait_for(lambda: self._starting == 0)
                change()
            finally:
                self._changing = False
                self._gate.notify_all()

    def _start_query(
        self,
        query: str,
        substitutions: dict[Variable, NamedNode | BlankNode | Literal | Triple],
        dataset: Dataset | None,
        base_iri: str | None,
        hidden: frozenset[NamedNode],
    ) -> QuerySolutions | QueryBoolean | QueryTriples:
        if dataset is not None:  # explicit lists: pyoxigraph would read "absent" as "all graphs"
            return self._store.query(
                query,
                base_iri=base_iri,
                default_graph=list(dataset.default_graphs),
                named_graphs=list(dataset.named_graphs),
                substitutions=substitutions or None,
            )
        # The union option overrides FROM / FROM NAMED (measured), so a query naming its own
        # dataset runs without it and pyoxigraph takes the dataset from the query text.
        union = not names_dataset(query)
        if union and hidden:  # the union, less the graphs being written
            named = [g for g in self._store.named_graphs() if g not in hidden]
            return self._store.query(
                query,
                base_iri=base_iri,
                default_graph=[DefaultGraph(), *named],
                named_graphs=named,
                substitutions=substitutions or None,
            )
        return self._store.query(
            query, base_iri=base_iri, use_default_graph_as_union=union, substitutions=substitutions or None
        )

    def select(self, query: str, bindings: Bindings | None = None, *, dataset: Dataset | None = None) -> SelectResult:
        result = self._query(query, bindings, dataset)
        if not isinstance(result, QuerySolutions):
            raise QueryFormError("not a SELECT query")
        variables = tuple(v.value for v in result.variables)
        width = range(len(variables))
        try:
            rows = tuple(tuple(solution[i] for i in width) for solution in result)
        except (RuntimeError, ValueError) as exc:
            raise QueryEvaluationError(str(exc)) from exc
        return SelectResult(variables, rows)

    def select_sparql_json(
        self, query: str, bindings: Bindings | None = None, *, dataset: Dataset | None = None
    ) -> bytes:
        result = self._query(query, bindings, dataset)
        if not isinstance(result, QuerySolutions):
            raise QueryFormError("not a SELECT query")
        try:
            return result.serialize(format=QueryResultsFormat.JSON) or b""
        except (RuntimeError, ValueError) as exc:
            raise QueryEvaluationError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(f"reading the store failed: {exc}") from exc

    def ask(self, query: str, bindings: Bindings | None = None, *, dataset: Dataset | None = None) -> bool:
        result = self._query(query, bindings, dataset)
        if not isinstance(result, QueryBoolean):
            raise QueryFormError("not an ASK query")
        return bool(result)

    def construct(
        self, query: str, bindings: Bindings | None = None, *, dataset: Dataset | None = None
    ) -> list[Triple]:
        result = self._query(query, bindings, dataset)
        if not isinstance(result, QueryTriples):
            raise QueryFormError("not a CONSTRUCT or DESCRIBE query")
        try:
            return list(result)
        except (RuntimeError, ValueError) as exc:
            raise QueryEvaluationError(str(exc)) from exc

    # ------------------------------------------------------------------ writes
    def _update(self, chunks: Iterable[bytes]) -> None:
        if self.read_only:
            raise StoreError(f"{self!r} is read-only")
        with self._write_lock:
            self._update_locked(chunks)

    def _update_locked(self, chunks: Iterable[bytes]) -> None:
        text = b"".join(chunks).decode()
        try:
            self._store.update(text)
        except SyntaxError as exc:  # a bug here, not the caller's: the text is generated
            raise QuerySyntaxError(f"generated update is invalid: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"writing to the store failed: {exc}") from exc

    def replace_graph(
        self,
        graph: NamedNode,
        triples: Sequence[Triple],
        *,
        annotation: GraphAnnotation | None = None,
        retire: Sequence[NamedNode] = (),
    ) -> None:
        if self.read_only:
            raise StoreError(f"{self!r} is read-only")
        with self._write_lock:
            if annotation is not None and annotation.triples and self._fresh(graph, annotation, retire):
                self._write_hidden(graph, triples, annotation)
            else:
                self._update_locked(replace_request(graph, triples, annotation=annotation, retire=retire))

    def _fresh(self, graph: NamedNode, annotation: GraphAnnotation, retire: Sequence[NamedNode]) -> bool:
        """Nothing to remove: the graph, the annotation's subjects and the retired graphs are empty."""
        if any(self._non_empty(g) for g in (graph, *retire)):
            return False
        pattern = self._store.quads_for_pattern
        return all(next(iter(pattern(s, None, None, annotation.graph)), None) is None for s in annotation.subjects)

    def _write_hidden(self, graph: NamedNode, triples: Sequence[Triple], annotation: GraphAnnotation) -> None:
        """Bulk-load a new graph out of the queries' sight, then show it with its record (see the module)."""
        record = [Quad(t.subject, t.predicate, t.object, annotation.graph) for t in annotation.triples]
        marker = self._marker()

        def hide() -> None:
            self._hidden = self._hidden | {graph}

        def show(record: list[Quad] | None = None) -> None:
            if record:
                self._store.extend(record)
            self._hidden = self._hidden - {graph}

        self._change_hidden(hide)
        try:
            if marker is not None:
                probe = serialize([record[0]], format=RdfFormat.N_QUADS) or b""
                marker.write_text(json.dumps({"graph": graph.value, "commit": probe.decode()}), encoding="utf-8")
            if isinstance(triples, ParsedTriples):  # parsed natively, no Python object per triple
                self._store.bulk_load(
                    input=triples.data, format=triples.format, base_iri=triples.base_iri, to_graph=graph
                )
            else:
                self._store.bulk_extend(Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            # The commit point: the record is written and the graph shown together.
            self._change_hidden(lambda: show(record))
        except BaseException as exc:
            if graph in self._hidden:
                self._store.remove_graph(graph)
                self._change_hidden(show)
            if isinstance(exc, OSError | SyntaxError):
                raise StoreError(f"writing to the store failed: {exc}") from exc
            raise
        finally:
            if marker is not None:
                marker.unlink(missing_ok=True)

    def _marker(self) -> Path | None:
        """The file naming a graph being written, beside the store directory (not inside RocksDB's)."""
        return None if self.path is None else self.path.with_name(self.path.name + ".writing.json")

    def _recover(self) -> None:
        """Remove a graph whose writing a crash interrupted before its commit point."""
        marker = self._marker()
        if marker is None or not marker.exists():
            return
        try:
            pending = json.loads(marker.read_text(encoding="utf-8"))
            graph = NamedNode(pending["graph"])
            committed = [q for q in parse(pending["commit"].encode(), format=RdfFormat.N_QUADS) if q in self._store]
        except (OSError, ValueError, KeyError, SyntaxError, TypeError):
            return  # unreadable: leave it for a person (docs/store.md) rather than guess
        if not committed:
            self._store.remove_graph(graph)
        marker.unlink(missing_ok=True)

    def load_graph(self, graph: NamedNode, triples: Iterable[Triple]) -> None:
        if self.read_only:
            raise StoreError(f"{self!r} is read-only")
        with self._write_lock:
            try:
                self._store.extend(Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            except OSError as exc:
                raise StoreError(f"writing to the store failed: {exc}") from exc

    def graphs(self) -> list[NamedNode]:
        hidden = self._hidden
        return sorted(
            (
                g
                for g in self._store.named_graphs()
                if isinstance(g, NamedNode) and g not in hidden and self._non_empty(g)
            ),
            key=lambda g: g.value,
        )

    def _non_empty(self, graph: NamedNode) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, graph)), None) is not None

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store
