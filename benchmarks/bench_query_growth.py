"""Benchmark: how the named queries grow with the data (issue 17, item 3).

Every named query (with its example's parameters, and without its optional ones when the example
sets any) is timed in this process on an embedded *directory* store holding the vocabulary and
`mscos synth` data (seed 1) at 1,000, 10,000 and, when asked, 100,000 evaluations. The stores are
filled with pyoxigraph's `bulk_load` (the floor of loading, and minutes faster than `mscos load`
at 100,000); the queries read the union of the graphs, as the service does. Each figure's ratio
is its growth against the size ten times smaller, measured in the same run.

The 100,000 size takes about 10 minutes to load and minutes per slow query on a shared 2-core
machine, so it is opt-in: `MSCOS_BENCH_QUERY_SIZES=1000,10000,100000`. Smoke mode: 10 and 100.
Targets: at most 12x per 10x from 10,000 to 100,000, under 3 s at 100,000.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat
from pyoxigraph import Store as OxStore

from benchmarks.bench_queries import Case, cases
from benchmarks.common import BenchResult, Context, Figure, Status, Target, fmt
from benchmarks.corpus import synth_file, vocabulary_file
from mscos_kg.queries import Catalog, run_query
from mscos_kg.store import EmbeddedStore, SelectResult

NAME = "query_growth"
TITLE = "Named queries: growth with the data"
GROWTH_LIMIT = 12.0  # issue 17: at most 12x per 10x of data
LIMIT_S = 3.0  # issue 17: under 3 s at 100,000 evaluations
LARGE = 100_000
RUNS = 3


def sizes(ctx: Context) -> tuple[int, ...]:
    if ctx.smoke:
        return (10, 100)
    chosen = os.environ.get("MSCOS_BENCH_QUERY_SIZES", "1000,10000")
    return tuple(sorted(int(s) for s in chosen.split(",") if s.strip()))


def bulk_store(workdir: Path, evaluations: int, seed: int) -> Path:
    """A directory store with the vocabulary and the synthetic file, each in a graph, bulk-loaded once."""
    path = workdir / f"bulk-store-{evaluations}-seed{seed}"
    marker = path / ".bench-complete"
    if marker.exists():
        return path
    data = synth_file(workdir, evaluations, seed)
    store = OxStore(str(path))
    store.bulk_load(path=vocabulary_file(), format=RdfFormat.TURTLE,
                    to_graph=NamedNode("https://w3id.org/mscos/graph/vocabulary"))
    store.bulk_load(path=data, format=RdfFormat.TURTLE,
                    to_graph=NamedNode(f"https://w3id.org/mscos/graph/dataset/synth-{evaluations}"))
    store.flush()
    del store  # closes the directory for the read-only opening below
    marker.write_text("ok")
    return path


def time_case(store: EmbeddedStore, case: Case, runs: int) -> tuple[list[float], list[float], int]:
    """Wall and CPU seconds per run (query and reading every row) and the row count.

    CPU time of this process is recorded beside wall time: pyoxigraph evaluates a query in the
    calling thread, and on a shared machine the wall time mostly measures the other work."""
    times, cpu, rows = [], [], 0
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = run_query(store, case.query, case.params)
        rows = len(result) if isinstance(result, SelectResult) else 1
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return times, cpu, rows


def run(ctx: Context) -> BenchResult:
    result = BenchResult(NAME, TITLE, ctx)
    catalog = Catalog.load()
    chosen = sizes(ctx)
    runs = 1 if ctx.smoke else RUNS
    all_cases = [c for c in cases(catalog) if not c.query.is_check]
    for size in chosen:
        path = bulk_store(ctx.workdir, size, ctx.seed)
        store = EmbeddedStore(path, read_only=True)
        try:
            for case in all_cases:
                times, cpu, rows = time_case(store, case, 1 if size >= LARGE else runs)
                smaller = size // 10
                for suffix, values in (("", times), (".cpu", cpu)):
                    result.add(Figure(
                        key=_key(case.name, size) + suffix,
                        label=f"{case.name} at {size:,}{' (CPU)' if suffix else ''}",
                        unit="s", system="embedded", runs=values,
                        baselines=(_key(case.name, smaller) + suffix,) if smaller in chosen else (),
                        params={"evaluations": size, "rows": rows, "parameters": case.params},
                    ))
        finally:
            store.close()
    result.relate()
    result.targets.extend(_targets(result, [c.name for c in all_cases], chosen))
    result.notes.append(
        "Directory store filled by pyoxigraph bulk_load; in-process run_query (substitutions), union default "
        "graph; ratio = growth against ten times fewer evaluations, same run; growth is judged on CPU time "
        "(keys ending .cpu), the time limit on wall time."
    )
    return result


def _key(name: str, size: int) -> str:
    return f"embedded.{size}.{name}"


def _targets(result: BenchResult, names: list[str], chosen: tuple[int, ...]) -> list[Target]:
    if LARGE not in chosen or LARGE // 10 not in chosen:
        return [Target(f"every named query grows at most {GROWTH_LIMIT:g}x from 10,000 to 100,000 evaluations "
                       f"and answers in under {LIMIT_S:g} s at 100,000", Status.NOT_MEASURED,
                       "100,000 not run (opt-in: MSCOS_BENCH_QUERY_SIZES=1000,10000,100000)", "issue 17")]
    growth = {n: f.ratio for n in names if (f := result.figure(_key(n, LARGE) + ".cpu")) is not None}
    slow = {n: f.median for n in names if (f := result.figure(_key(n, LARGE))) is not None and f.median >= LIMIT_S}
    steep = {n: g for n, g in growth.items() if g is not None and not math.isnan(g) and g > GROWTH_LIMIT}
    return [
        Target(f"every named query grows at most {GROWTH_LIMIT:g}x from 10,000 to 100,000",
               Status.MISSED if steep else Status.MET,
               ", ".join(f"{n} {g:.1f}x" for n, g in sorted(steep.items())) or "all within", "issue 17"),
        Target(f"every named query under {LIMIT_S:g} s at 100,000", Status.MISSED if slow else Status.MET,
               ", ".join(f"{n} {fmt(s, 's')}" for n, s in sorted(slow.items())) or "all under", "issue 17"),
    ]
