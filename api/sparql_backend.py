"""Running a protocol query against the store: the dataset, the row cap and the deadline.

Two paths, chosen by what the store offers:

* **Streaming** (the store has `query_protocol`, like `EmbeddedStore`, or is a bare
  `pyoxigraph.Store`): results are read row by row, the deadline is checked between rows and
  reading stops at the row cap.
* **Port** (any other `mscos_kg.store.Store`, e.g. `RemoteStore`): the port's `select` / `ask` /
  `construct`, whose results arrive whole, so the query is given a LIMIT one above the cap
  first (`api/sparql_cap.py`) and cut to the cap afterwards.

Both honour the dataset: the protocol's `default-graph-uri` / `named-graph-uri` (a
`mscos_kg.store.Dataset`) override the query's FROM / FROM NAMED (SPARQL 1.1 Protocol 2.1.4);
without either, the default graph is the union of the store's graphs. Graphs named in FROM,
FROM NAMED or the dataset parameters are looked up in the store and never fetched; a graph the
store lacks is empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias, runtime_checkable

import pyoxigraph as ox

from mscos_kg.sparql_guard import QueryForm, query_form, returns_graph, syntax_message
from mscos_kg.sparql_guard import QuerySyntaxError as MalformedQueryError
from mscos_kg.store import Dataset
from mscos_kg.store.errors import QueryEvaluationError, QuerySyntaxError, StoreError

from .query_runner import Deadline
from .sparql_cap import limit_rows
from .sparql_results import Boolean, Graph, Outcome, Solutions

RawResult: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


@dataclass(frozen=True)
class ProtocolCall:
    query: str
    dataset: Dataset | None
    base_iri: str
    max_rows: int


@runtime_checkable
class ProtocolQueryable(Protocol):
    """A store whose read queries can be streamed (see docs/api.md, store requirements)."""

    def query_protocol(self, query: str, *, dataset: Dataset | None, base_iri: str | None) -> RawResult: ...


def execute(store: Any, call: ProtocolCall, deadline: Deadline) -> Outcome:
    """Run `call` on `store` (in a worker thread); raise the store's errors."""
    try:
        return _execute(store, call, deadline)
    except (QuerySyntaxError, SyntaxError) as exc:
        raise MalformedQueryError(syntax_message(str(exc))) from None


def _execute(store: Any, call: ProtocolCall, deadline: Deadline) -> Outcome:
    if isinstance(store, ProtocolQueryable):
        raw = store.query_protocol(call.query, dataset=call.dataset, base_iri=call.base_iri)
        return materialize(raw, deadline, call.max_rows)
    if isinstance(store, ox.Store):
        return materialize(_oxigraph_query(store, call), deadline, call.max_rows)
    return _through_port(store, call)


def _oxigraph_query(store: ox.Store, call: ProtocolCall) -> RawResult:
    """A bare pyoxigraph store: pyoxigraph's own default dataset (FROM honoured, no union)."""
    try:
        if call.dataset is not None:
            return store.query(
                call.query,
                base_iri=call.base_iri,
                default_graph=list(call.dataset.default_graphs),
                named_graphs=list(call.dataset.named_graphs),
            )
        return store.query(call.query, base_iri=call.base_iri)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from None
    except (RuntimeError, ValueError) as exc:
        raise QueryEvaluationError(str(exc)) from None
    except OSError as exc:
        raise StoreError(f"reading the store failed: {exc}") from None


def materialize(raw: RawResult, deadline: Deadline, max_rows: int) -> Outcome:
    """Read a lazy pyoxigraph result into memory: at most `max_rows`, checking the deadline per row."""
    try:
        if isinstance(raw, ox.QueryBoolean):
            return Boolean(bool(raw))
        if isinstance(raw, ox.QuerySolutions):
            variables = tuple(v.value for v in raw.variables)
            width = range(len(variables))
            rows: list[tuple[Any, ...]] = []
            for solution in raw:
                deadline.check()
                if len(rows) == max_rows:
                    return Solutions(variables, rows, truncated=True)
                rows.append(tuple(solution[i] for i in width))
            return Solutions(variables, rows)
        triples: list[ox.Triple] = []
        for triple in raw:
            deadline.check()
            if len(triples) == max_rows:
                return Graph(triples, truncated=True)
            triples.append(triple)
        return Graph(triples)
    except (RuntimeError, ValueError) as exc:
        raise QueryEvaluationError(str(exc)) from None
    except OSError as exc:
        raise StoreError(f"reading the store failed: {exc}") from None


def _through_port(store: Any, call: ProtocolCall) -> Outcome:
    form = query_form(call.query)
    if form is QueryForm.ASK:
        return Boolean(bool(store.ask(call.query, dataset=call.dataset)))
    capped = limit_rows(call.query, call.max_rows + 1)
    if form is not None and returns_graph(form):
        triples: list[ox.Triple] = store.construct(capped, dataset=call.dataset)
        return Graph(triples[: call.max_rows], truncated=len(triples) > call.max_rows)
    result = store.select(capped, dataset=call.dataset)
    rows = result.rows
    return Solutions(tuple(result.variables), rows[: call.max_rows], truncated=len(rows) > call.max_rows)
