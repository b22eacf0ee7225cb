"""The embedded store: pyoxigraph, in memory or in a directory (RocksDB)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    Triple,
    Variable,
)
from pyoxigraph import (
    Store as OxStore,
)

from mscos_kg.store.errors import (
    QueryEvaluationError,
    QueryFormError,
    QuerySyntaxError,
    StoreError,
    StoreUnavailableError,
)
from mscos_kg.store.port import Dataset
from mscos_kg.store.results import Bindings, SelectResult
from mscos_kg.store.sparql_text import names_dataset
from mscos_kg.store.updates import UpdateWrites


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
        try:
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
            return self._store.query(
                query, base_iri=base_iri, use_default_graph_as_union=union, substitutions=substitutions or None
            )
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except (RuntimeError, ValueError) as exc:
            raise QueryEvaluationError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(f"reading the store failed: {exc}") from exc

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
        text = b"".join(chunks).decode()
        with self._write_lock:
            try:
                self._store.update(text)
            except SyntaxError as exc:  # a bug here, not the caller's: the text is generated
                raise QuerySyntaxError(f"generated update is invalid: {exc}") from exc
            except OSError as exc:
                raise StoreError(f"writing to the store failed: {exc}") from exc

    def load_graph(self, graph: NamedNode, triples: Iterable[Triple]) -> None:
        if self.read_only:
            raise StoreError(f"{self!r} is read-only")
        with self._write_lock:
            try:
                self._store.extend(Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            except OSError as exc:
                raise StoreError(f"writing to the store failed: {exc}") from exc

    def graphs(self) -> list[NamedNode]:
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, NamedNode) and self._non_empty(g)),
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
