"""Named queries through the store server, and what a second service process gains (issue 16).

Three comparisons, each measured in one run on the same machine:

1. **The read transport** (library level): the named query `core_outcomes` (a 74 KB SPARQL JSON
   answer) through `RemoteStore` against one in-memory `oxigraph serve`, with the previous httpx
   transport (a given `httpx.Client`) and with the kept-alive standard-library connections
   (`mscos_kg.store.http_reads`): one at a time, and 16 threads at once.
2. **The hop** (service level): `GET /queries/core_outcomes` under 16 connections on
   `mscos serve --in-process` (directory inside the process) and `mscos serve` (its store server).
3. **`--workers 2`**: resolution (`/id/000101`) on 1 and 2 service processes against the
   hello-world app on 1 and 2 (`benchmarks/hello_app.py`); the target compares the gains.
"""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import httpx

from benchmarks.common import BenchResult, Context, Figure, Status, Target
from benchmarks.load import generator_name, run_load
from benchmarks.processes import Server, hello_server, mscos_server, start_all
from mscos_kg.queries import Catalog
from mscos_kg.store.loading import load_vocabulary
from mscos_kg.store.remote import RemoteEndpoints, RemoteStore
from mscos_kg.store.server import OxigraphServer

NAME = "store_hop"
TITLE = "Named queries through the store server; --workers 2 against hello-world (issue 16)"
QUERY = "core_outcomes"
THREADS = 16
CONNECTIONS = 16
VOCABULARY = Path(__file__).resolve().parent.parent / "ontology" / "mscos.ttl"
#: One load generator is one client: lift the per-client limit so that it measures throughput, not 429s.
UNLIMITED = {"MSCOS_CLIENT_QUERIES": "1000"}


def _sequential_ms(store: RemoteStore, text: str, n: int) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        store.select(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _threaded_qps(store: RemoteStore, text: str, total: int) -> float:
    def work(k: int) -> None:
        for _ in range(k):
            store.select(text)

    threads = [threading.Thread(target=work, args=(total // THREADS,)) for _ in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (total // THREADS) * THREADS / (time.perf_counter() - started)


def _transport(ctx: Context, result: BenchResult) -> None:
    text = Catalog.load().get(QUERY).text
    n, total, rounds = (20, 64, 1) if ctx.smoke else (100, 640, 3)
    with OxigraphServer() as server:
        endpoints = RemoteEndpoints.from_url(server.url)
        kept = RemoteStore(endpoints)
        with httpx.Client(timeout=httpx.Timeout(60.0, connect=5.0)) as client:
            via_httpx = RemoteStore(endpoints, client=client)
            load_vocabulary(kept, VOCABULARY.read_bytes())
            runs: dict[str, tuple[list[float], list[float]]] = {"httpx": ([], []), "kept": ([], [])}
            for _ in range(rounds):  # interleaved: both see the same machine load
                for name, store in (("httpx", via_httpx), ("kept", kept)):
                    _sequential_ms(store, text, 10)  # warm-up
                    runs[name][0].append(_sequential_ms(store, text, n))
                    runs[name][1].append(_threaded_qps(store, text, total))
        kept.close()
    for name, system in (("httpx", "httpx (before)"), ("kept", "http.client kept (after)")):
        result.add(Figure(f"reads.{name}.ms", f"{QUERY} one at a time, {system}", "ms", system, runs[name][0],
                          baselines=("reads.httpx.ms",) if name == "kept" else ()))
        result.add(Figure(f"reads.{name}.qps", f"{QUERY} with {THREADS} threads, {system}", "q/s", system,
                          runs[name][1], higher_is_better=True,
                          baselines=("reads.httpx.qps",) if name == "kept" else ()))


def _service_rps(ctx: Context, result: BenchResult, generator: str) -> None:
    duration = 2.0 if ctx.smoke else 6.0
    for key, extra in (("in_process", ["--in-process"]), ("store_server", [])):
        store = ctx.workdir / f"hop-store-{key}"
        with mscos_server(ctx.workdir, str(store), UNLIMITED, extra=extra) as server:
            server.wait_idle()
            url = f"{server.url}/queries/{QUERY}"
            run_load(url, {}, CONNECTIONS, 1.0, generator)  # warm-up
            load = run_load(url, {}, CONNECTIONS, duration, generator)
        result.add(Figure(f"queries.{key}.rps", f"/queries/{QUERY}, {CONNECTIONS} connections, {key}", "req/s",
                          "mscos", [load.rps], higher_is_better=True,
                          baselines=("queries.in_process.rps",) if key == "store_server" else (),
                          params={"p50_ms": load.p50_ms, "p99_ms": load.p99_ms, "errors": load.errors}))


def _workers(ctx: Context, result: BenchResult, generator: str) -> Target:
    """All four servers up at once, measured in turn for `rounds` rounds: each sees the same load."""
    duration, rounds = (2.0, 1) if ctx.smoke else (5.0, 3)
    resolution = ("/id/000101", {"Accept": "application/ld+json"})
    servers: dict[tuple[str, int], tuple[Server, str, dict[str, str]]] = {}
    for workers in (1, 2):
        store = str(ctx.workdir / f"workers-store-{workers}")
        servers[("mscos", workers)] = (mscos_server(ctx.workdir, store, extra=["--workers", str(workers)]),
                                       *resolution)
        servers[("hello-world", workers)] = (hello_server(ctx.workdir, workers), "/hello", {})
    start_all([server for server, _, _ in servers.values()])
    runs: dict[tuple[str, int], list[float]] = {key: [] for key in servers}
    try:
        for server, _, _ in servers.values():
            server.wait_idle()
        for server, path, headers in servers.values():
            for _ in range(2):  # warm: both workers' precomputed representations
                run_load(server.url + path, headers, CONNECTIONS, 1.0, generator)
        for _ in range(rounds):
            for key, (server, path, headers) in servers.items():
                runs[key].append(run_load(server.url + path, headers, CONNECTIONS, duration, generator).rps)
    finally:
        for server, _, _ in servers.values():
            server.stop()
    for (system, workers), values in runs.items():
        result.add(Figure(f"workers.{system}.w{workers}.rps", f"{system} {servers[(system, workers)][1]}, "
                          f"{workers} worker(s)", "req/s", system, values, higher_is_better=True,
                          baselines=(f"workers.{system}.w1.rps",) if workers == 2 else ()))
    median = {key: statistics.median(values) for key, values in runs.items()}
    hello_gain = median[("hello-world", 2)] / median[("hello-world", 1)] - 1
    mscos_gain = median[("mscos", 2)] / median[("mscos", 1)] - 1
    share = mscos_gain / hello_gain if hello_gain > 0 else float("nan")
    evidence = (f"mscos x{1 + mscos_gain:.2f}, hello-world x{1 + hello_gain:.2f} (medians of {rounds} interleaved "
                f"runs): {share:.0%} of hello-world's gain")
    return Target(WORKERS_TARGET,
                  Status.MET if share >= 0.9 else Status.MISSED, evidence, "issue 16")


WORKERS_TARGET = "--workers 2: resolution gains >= 90% of hello-world's gain"


def run(ctx: Context) -> BenchResult:
    result = BenchResult(NAME, TITLE, ctx)
    generator = generator_name(ctx.load_generator)
    _transport(ctx, result)
    if ctx.smoke:  # six service start-ups take minutes on a busy machine: the smoke run checks the code path above
        result.notes.append("smoke: the service-level comparisons (hop, --workers) run in full mode only")
        result.targets.append(Target(WORKERS_TARGET, Status.NOT_MEASURED, "full mode only", "issue 16"))
    else:
        _service_rps(ctx, result, generator)
        result.targets.append(_workers(ctx, result, generator))
    result.relate()
    result.details = {"generator": generator, "connections": CONNECTIONS, "threads": THREADS}
    return result
