"""Hostile load (issue 16, item 6): legitimate traffic alone, then under attack, then recovery.

One `mscos serve` on a directory store (its store server included) on 127.0.0.1. Legitimate
clients loop over resolution, search and a named query. Then, for as long again, hostile
clients add the largest reconciliation batches, runaway SPARQL aggregates and the largest
uploads, each abandoned by its client after 2 s. Then the hostile clients stop and the
legitimate ones go on: the recovery time is how long until a one-second window's p99 is back
within 1.5x of the unloaded p99. Everything is bounded in time and stays on 127.0.0.1.

`--workers 2` against the hello-world app is measured by `bench_store_hop` (its own target).
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.common import BenchResult, Context, Figure, Status, Target, percentile
from benchmarks.processes import mscos_server

NAME = "hostile"
TITLE = "Hostile load: legitimate traffic alone, under attack, and after (issue 16)"
QUERY_TIMEOUT_S = 5
VALIDATION_TIMEOUT_S = 10
LEGIT_CLIENTS = 2
PHRASE = ("access to education and safe housing for survivors of exploitation " * 10)[:500]
BATCH = json.dumps({f"q{i}": {"query": PHRASE} for i in range(200)})
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass(frozen=True)
class Sample:
    at: float
    latency: float
    status: int


def _legit(url: str, stop: threading.Event, out: list[Sample]) -> None:
    requests = [("/id/000101", {"Accept": "application/ld+json"}), ("/search?q=education", {}),
                ("/queries/core_outcomes", {})]
    with httpx.Client(base_url=url, timeout=60) as http:
        i = 0
        while not stop.is_set():
            path, headers = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            try:
                status = http.get(path, headers=headers).status_code
            except httpx.HTTPError:
                status = 599
            out.append(Sample(time.monotonic(), time.perf_counter() - started, status))


def _hostile(action: Callable[[httpx.Client], object], url: str, stop: threading.Event, statuses: list[int]) -> None:
    with httpx.Client(base_url=url, timeout=2.0) as http:  # abandons anything slower than 2 s
        while not stop.is_set():
            try:
                answer = action(http)
                statuses.append(answer.status_code if isinstance(answer, httpx.Response) else 0)
            except httpx.TimeoutException:
                statuses.append(0)  # abandoned
            except httpx.HTTPError:
                statuses.append(599)


def _attacks(upload: bytes) -> list[Callable[[httpx.Client], object]]:
    return [
        lambda http: http.post("/reconcile", data={"queries": BATCH}),
        lambda http: http.post("/reconcile", data={"queries": BATCH}),
        lambda http: http.post("/sparql", data={"query": RUNAWAY}),
        lambda http: http.post("/validate", content=upload, headers={"Content-Type": "text/turtle"}),
    ]


def _upload(ctx: Context) -> bytes:
    from click.testing import CliRunner

    from mscos_kg.cli import cli

    path = ctx.workdir / "hostile-upload.ttl"
    if not path.exists():
        evaluations = "200" if ctx.smoke else "5000"
        CliRunner().invoke(cli, ["synth", "--evaluations", evaluations, "-o", str(path)], catch_exceptions=False)
    return path.read_bytes()


def _window(samples: list[Sample], start: float, end: float) -> list[Sample]:
    return [s for s in samples if start <= s.at < end]


def _rps(samples: list[Sample], seconds: float) -> float:
    return sum(1 for s in samples if s.status < 400) / seconds if seconds else math.nan


def _p(samples: list[Sample], q: float) -> float:
    return percentile([s.latency for s in samples], q)


def run(ctx: Context) -> BenchResult:
    result = BenchResult(NAME, TITLE, ctx)
    phase_s = 4.0 if ctx.smoke else 30.0
    longest_deadline = max(QUERY_TIMEOUT_S, VALIDATION_TIMEOUT_S)
    env = {"MSCOS_QUERY_TIMEOUT_S": str(QUERY_TIMEOUT_S), "MSCOS_VALIDATION_TIMEOUT_S": str(VALIDATION_TIMEOUT_S),
           "MSCOS_MAX_UPLOAD_BYTES": str(10 * 1024 * 1024)}
    upload = _upload(ctx)
    store = ctx.workdir / "hostile-store"
    logdir = Path(ctx.workdir)
    legit: list[Sample] = []
    hostile: list[int] = []
    with mscos_server(logdir, str(store), env) as server:
        time.sleep(2 if ctx.smoke else 30)  # warm-up: representations and worker processes
        stop_legit, stop_hostile = threading.Event(), threading.Event()
        clients = [threading.Thread(target=_legit, args=(server.url, stop_legit, legit)) for _ in range(LEGIT_CLIENTS)]
        t0 = time.monotonic()
        for thread in clients:
            thread.start()
        time.sleep(phase_s)
        t1 = time.monotonic()
        attackers = [threading.Thread(target=_hostile, args=(a, server.url, stop_hostile, hostile))
                     for a in _attacks(upload)]
        for thread in attackers:
            thread.start()
        time.sleep(phase_s)
        stop_hostile.set()
        t2 = time.monotonic()
        time.sleep(longest_deadline + (2 if ctx.smoke else 10))
        stop_legit.set()
        t3 = time.monotonic()
        for thread in [*clients, *attackers]:
            thread.join(timeout=60)
    alone, attacked, after = _window(legit, t0, t1), _window(legit, t1, t2), _window(legit, t2, t3)
    base_p99 = _p(alone, 99)
    recovery = math.nan
    for second in range(int(t3 - t2)):
        window = _window(legit, t2 + second, t2 + second + 1)
        if window and _p(window, 99) <= 1.5 * base_p99:
            recovery = float(second)
            break
    for key, label, samples, seconds in (("alone", "alone", alone, t1 - t0), ("attacked", "under attack", attacked,
                                                                               t2 - t1)):
        result.add(Figure(f"legit.{key}.rps", f"legitimate req/s {label}", "req/s", "mscos",
                          [_rps(samples, seconds)], higher_is_better=True))
        result.add(Figure(f"legit.{key}.p50", f"legitimate p50 {label}", "s", "mscos", [_p(samples, 50)]))
        result.add(Figure(f"legit.{key}.p99", f"legitimate p99 {label}", "s", "mscos", [_p(samples, 99)],
                          baselines=("legit.alone.p99",) if key == "attacked" else ()))
    result.add(Figure("legit.recovery", "recovery after the attack", "s", "mscos", [recovery]))
    deliberate = (503, 504)
    codes = {s.status for s in [*alone, *attacked, *after]} | set(hostile)
    unexpected = sorted(code for code in codes if code >= 500 and code not in deliberate)
    ratio = _p(attacked, 99) / base_p99 if base_p99 else math.nan
    result.targets += [
        Target("legitimate p99 under load within 3x of unloaded", Status.MET if ratio <= 3 else Status.MISSED,
               f"{ratio:.2f}x", "issue 16"),
        Target("no 5xx other than deliberate 503/429/504", Status.MISSED if unexpected else Status.MET,
               f"unexpected: {unexpected or 'none'}", "issue 16"),
        Target(f"full recovery within the longest deadline ({longest_deadline} s)",
               Status.MET if recovery <= longest_deadline else Status.MISSED, f"{recovery} s", "issue 16"),
    ]
    result.details = {"hostile_statuses": {str(s): hostile.count(s) for s in sorted(set(hostile))},
                      "legit_statuses": {str(code): sum(1 for x in legit if x.status == code)
                                         for code in {x.status for x in legit}},
                      "phase_s": phase_s}
    return result
