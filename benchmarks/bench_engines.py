"""Benchmark: the remote store on each engine beside the embedded store (issue 19).

For the embedded store (in memory), `oxigraph serve` and Virtuoso 7 (opt-in: set
MSCOS_BENCH_VIRTUOSO=1; it is skipped, saying so, where `virtuoso-t` is missing):

* the vocabulary's load time through `mscos_kg.store.loading.load_vocabulary` (one transaction);
* the median latency of every named query that runs on the vocabulary alone (no partner data),
  with its header's example parameters, through the store port (`run_query`).

Partner data at 10,000 evaluations is measured for the embedded store and `oxigraph serve` by
`named_queries` and `ingestion`; on Virtuoso (which holds it through the literal codec,
decision 0020) it is not measured yet. Ratios are to the
embedded store, measured in the same run.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

from benchmarks.bench_queries import example_params
from benchmarks.common import BenchResult, Context, Figure, Status, Target, repeat
from benchmarks.corpus import vocabulary_file
from mscos_kg.queries import Catalog, NamedQuery, run_query
from mscos_kg.store import Credentials, EmbeddedStore, RemoteEndpoints, RemoteStore, Store
from mscos_kg.store.loading import load_vocabulary
from mscos_kg.store.server import OxigraphServer
from mscos_kg.store.virtuoso_server import VirtuosoServer, virtuoso_missing

NAME = "store_engines"
TITLE = "Store engines (embedded, oxigraph serve, Virtuoso)"
BASELINE = "embedded"
#: Named queries that answer from the vocabulary alone (the others need partner datasets).
VOCABULARY_QUERIES = (
    "core_outcomes", "outcomes_by_domain", "outcome_lineage", "dropped_round0_outcomes", "comet_mapping",
    "comet_core_area_counts", "source_discrepancies", "check_concept_documented", "check_no_broader_cycles",
)


def _embedded() -> Iterator[Store]:
    store = EmbeddedStore()
    try:
        yield store
    finally:
        store.close()


def _oxigraph() -> Iterator[Store]:
    with OxigraphServer() as server:
        store = RemoteStore(RemoteEndpoints.from_url(server.url))
        try:
            yield store
        finally:
            store.close()


def _virtuoso() -> Iterator[Store]:
    with VirtuosoServer() as server:
        store = RemoteStore(RemoteEndpoints.from_url(server.url, server.update_url),
                            credentials=Credentials(server.user, server.password))
        try:
            yield store
        finally:
            store.close()


def engines(result: BenchResult) -> dict[str, Callable[[], AbstractContextManager[Store]]]:
    out: dict[str, Callable[[], AbstractContextManager[Store]]] = {
        "embedded": contextlib.contextmanager(_embedded),
        "oxigraph-server": contextlib.contextmanager(_oxigraph),
    }
    missing = virtuoso_missing()
    if os.environ.get("MSCOS_BENCH_VIRTUOSO") != "1":
        result.notes.append("Virtuoso not measured: set MSCOS_BENCH_VIRTUOSO=1 to include it.")
    elif missing:
        result.notes.append(f"Virtuoso not measured: {missing}.")
    else:
        out["virtuoso"] = contextlib.contextmanager(_virtuoso)
    return out


def _emptied(store: Store) -> None:
    for graph in store.graphs():
        store.drop_graph(graph)


def run(ctx: Context) -> BenchResult:
    result = BenchResult(NAME, TITLE, ctx)
    catalog = Catalog.load()
    turtle = vocabulary_file().read_bytes()
    loads, runs = (1, 3) if ctx.smoke else (3, 20)
    for engine, opened in engines(result).items():
        with opened() as store:
            def load(store: Store = store) -> float:
                _emptied(store)
                start = time.perf_counter()
                load_vocabulary(store, turtle)
                return time.perf_counter() - start

            result.add(Figure(f"{engine}.vocabulary_load", f"vocabulary load, {engine}", "s", engine,
                              repeat(load, runs=loads, warmup=0),
                              baselines=() if engine == BASELINE else (f"{BASELINE}.vocabulary_load",)))
            for name in VOCABULARY_QUERIES:
                query = catalog.get(name)
                params = example_params(query)

                def once(store: Store = store, query: NamedQuery = query, params: dict[str, str] = params) -> float:
                    start = time.perf_counter()
                    run_query(store, query, params)
                    return time.perf_counter() - start

                baseline = () if engine == BASELINE else (f"{BASELINE}.{name}",)
                result.add(Figure(f"{engine}.{name}", f"{name}, {engine}", "s", engine,
                                  repeat(once, runs=runs), baselines=baseline, params=params))
    result.notes.append("Partner data at 10,000 evaluations: see named_queries and ingestion (embedded, "
                        "oxigraph serve); on Virtuoso not measured yet (docs/store.md).")
    measured = result.figure("virtuoso.vocabulary_load") is not None
    result.targets += [
        Target("Vocabulary load and named-query latency on Virtuoso beside the embedded store",
               Status.MET if measured else Status.NOT_MEASURED,
               "measured in this run" if measured else "Virtuoso not run (see the notes)", source="issue 19"),
        Target("Load time and named-query latency at 10,000 evaluations on Virtuoso", Status.NOT_MEASURED,
               "not measured yet: partner data at that size needs several datasets (docs/store.md)", source="issue 19"),
    ]
    return result
