"""Benchmark 5, start-up and memory of the service.

* Cold start: from launching `mscos serve --store memory` to its first answered `/health` (the
  service answers only once its lifespan has loaded the vocabulary and opened the store). The
  same is measured for the hello-world app (the floor: Python, FastAPI and uvicorn starting)
  and for rdflib-endpoint over the vocabulary, round by round.
* Resident memory (VmRSS from /proc) of the service with the vocabulary only (`--store memory`,
  and a store directory holding only the vocabulary) and with 10,000 synthetic evaluations in
  its store directory. Each server is measured once its memory has settled (the service fills
  its caches in a background thread after start-up) and after it has answered a little work:
  a concept, a search and, with data, every named query once. The baselines are rdflib-endpoint
  and `oxigraph serve` holding the same data.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from benchmarks.common import BenchResult, Context, Figure, Status, Target, fmt
from benchmarks.corpus import prepared_store, vocabulary_file, vocabulary_store
from benchmarks.processes import Server, hello_server, mscos_server, oxigraph_server, rdflib_server
from mscos_kg.queries import Catalog

NAME = "startup"
TITLE = "Start-up and memory"
COLD_START_LIMIT_S = 2.0
MEMORY_LIMIT_MB = 500.0
SERVICE_ENV = {"MSCOS_QUERY_TIMEOUT_S": "300", "MSCOS_MAX_RESULT_ROWS": "100000000"}


@dataclass(frozen=True)
class Plan:
    cold_rounds: int
    data_rounds: int
    evaluations: int
    settle_s: float  # longest wait for memory to settle


def plan(ctx: Context) -> Plan:
    return Plan(1, 1, 10, 1.0) if ctx.smoke else Plan(5, 3, 10_000, 30.0)


def settled_rss(server: Server, timeout_s: float = 30.0) -> float:
    """RSS once it stops growing (two readings 0.5 s apart within 1 MB), or after `timeout_s`."""
    previous = server.rss_mb()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        time.sleep(0.5)
        current = server.rss_mb()
        if abs(current - previous) < 1.0:
            return current
        previous = current
    return server.rss_mb()


def exercise(server: Server, catalog: Catalog | None) -> None:
    """A little of the work the server exists for, so that its memory is that of a serving process."""
    with httpx.Client(base_url=server.url, timeout=300.0) as client:
        if server.name == "mscos":
            client.get("/id/000101", headers={"Accept": "application/ld+json"})
            client.get("/id/000101", headers={"Accept": "text/html"})
            client.get("/search", params={"q": "housing"})
        if catalog is not None:
            from benchmarks.bench_queries import bound_text, example_params

            for name in catalog.names():
                query = catalog.get(name)
                if server.name == "mscos":
                    client.get(f"/queries/{name}", params=example_params(query))
                elif server.name == "oxigraph-server":
                    client.post("/query", content=bound_text(query, example_params(query)).encode(),
                                headers={"Content-Type": "application/sparql-query"})


def run(ctx: Context) -> BenchResult:
    result = BenchResult(NAME, TITLE, ctx)
    p = plan(ctx)
    ready: dict[str, list[float]] = {}
    rss: dict[str, list[float]] = {}
    vocab_dir = vocabulary_store(ctx.workdir)
    for _ in range(p.cold_rounds):
        for key, server in (
            ("mscos-memory", mscos_server(ctx.workdir, "memory")),
            ("hello-world", hello_server(ctx.workdir)),
            ("rdflib-endpoint-vocabulary", rdflib_server(ctx.workdir, [vocabulary_file()])),
            ("mscos-directory", mscos_server(ctx.workdir, str(vocab_dir))),
        ):
            with server:
                ready.setdefault(key, []).append(server.ready_s)
                exercise(server, None)
                rss.setdefault(key, []).append(settled_rss(server, p.settle_s))
    store = prepared_store(ctx.workdir, p.evaluations, ctx.seed)
    catalog = Catalog.load()
    for _ in range(p.data_rounds):
        for key, server in (
            ("mscos-data", mscos_server(ctx.workdir, str(store.path), SERVICE_ENV)),
            ("rdflib-endpoint-data", rdflib_server(ctx.workdir, [vocabulary_file(), store.data])),
            ("oxigraph-server-data", oxigraph_server(ctx.workdir)),
        ):
            with server:
                if server.name == "oxigraph-server":
                    from benchmarks.bench_queries import load_oxigraph

                    load_oxigraph(server, [vocabulary_file(), store.data])
                exercise(server, catalog if server.name != "rdflib-endpoint" else None)
                rss.setdefault(key, []).append(settled_rss(server, p.settle_s))
    _figures(result, ready, rss, p.evaluations)
    result.details.update({
        "evaluations": p.evaluations,
        "cold_start": "from Popen of the server command to the first 200 from its health check, polled every 10 ms",
        "memory": "VmRSS of the server process from /proc, once settled, after a concept, a search and (with data)"
                  " every named query once; rdflib-endpoint is measured after loading only (its queries take"
                  " seconds each at this size)",
    })
    result.targets.extend(_targets(result, p.evaluations))
    return result


def _figures(result: BenchResult, ready: dict[str, list[float]], rss: dict[str, list[float]], n: int) -> None:
    labels = {
        "mscos-memory": "mscos serve --store memory (vocabulary only)",
        "mscos-directory": "mscos serve --store DIR (vocabulary only)",
        "hello-world": "hello-world FastAPI app",
        "rdflib-endpoint-vocabulary": "rdflib-endpoint, vocabulary only",
        "mscos-data": f"mscos serve --store DIR, {n:,} evaluations",
        "rdflib-endpoint-data": f"rdflib-endpoint, {n:,} evaluations",
        "oxigraph-server-data": f"oxigraph serve, {n:,} evaluations",
    }
    for key, runs in ready.items():
        result.add(Figure(f"{key}.cold_start", f"cold start, {labels[key]}", "s", key.split("-")[0], runs,
                          baselines=() if key == "hello-world" else ("hello-world.cold_start",)))
    vocabulary_baselines = ("rdflib-endpoint-vocabulary.rss", "hello-world.rss")
    for key, runs in rss.items():
        baselines: tuple[str, ...]
        if key.startswith("mscos"):
            baselines = ("rdflib-endpoint-data.rss", "oxigraph-server-data.rss") if key == "mscos-data" \
                else vocabulary_baselines
        else:  # the hello-world app is the floor of a Python server; oxigraph is not one
            baselines = () if key in ("hello-world", "oxigraph-server-data") else ("hello-world.rss",)
        result.add(Figure(f"{key}.rss", f"memory, {labels[key]}", "MB", key.split("-")[0], runs,
                          baselines=baselines, params={"evaluations": n if key.endswith("data") else 0}))


def _targets(result: BenchResult, n: int) -> list[Target]:
    result.relate()
    targets = []
    cold = result.figure("mscos-memory.cold_start")
    hello = result.figure("hello-world.cold_start")
    if cold is None or not cold.runs:
        targets.append(Target("Cold start < 2 s", Status.NOT_MEASURED, "not measured"))
    else:
        floor = f" (hello-world app: {fmt(hello.median, 's')})" if hello is not None else ""
        targets.append(Target("Cold start < 2 s", Status.MET if cold.median < COLD_START_LIMIT_S else Status.MISSED,
                              f"{fmt(cold.median, 's')} median, {fmt(min(cold.runs), 's')}-{fmt(max(cold.runs), 's')}"
                              + floor))
    data = result.figure("mscos-data.rss")
    text = f"Service memory < 500 MB with {n:,} evaluations loaded"
    if data is None or not data.runs:
        targets.append(Target(text, Status.NOT_MEASURED, "not measured"))
    else:
        rdflib = result.figure("rdflib-endpoint-data.rss")
        versus = f" (rdflib-endpoint: {fmt(rdflib.median, 'MB')})" if rdflib is not None else ""
        targets.append(Target(text, Status.MET if data.median < MEMORY_LIMIT_MB else Status.MISSED,
                              f"{fmt(data.median, 'MB')}" + versus))
    return targets
