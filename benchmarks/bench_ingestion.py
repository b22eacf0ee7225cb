"""Ingestion at scale (issue 17): `mscos validate`, `mscos load` and the bulk-load floor at 1,000,
10,000 and (opt-in) 100,000 synthetic evaluations.

Each step runs in a fresh process (`benchmarks/ingestion.py`) that reports its time and peak
memory; the three steps alternate within each round, so they share the machine's moods. The
floor is `mscos validate` plus pyoxigraph's `Store.bulk_load` of the same file, both measured in
this run: `mscos load` is judged by its ratio to that sum. 100,000 evaluations take about half
an hour on 2 shared cores, so they run only with `MSCOS_BENCH_100K=1` (their targets are
otherwise NOT MEASURED). Alone: `python -m benchmarks.run --only ingestion`.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from dataclasses import dataclass

from benchmarks.common import REPO, BenchResult, Context, Figure, Status, Target, fmt
from benchmarks.corpus import synth_file

NAME = "ingestion"
TITLE = "Ingestion: validate, load and the bulk-load floor"
STEPS = ("validate", "bulk", "load")
SOURCE = "issue 17"
STEP_TIMEOUT_S = 3600


@dataclass(frozen=True)
class Plan:
    evaluations: int
    runs: int


def plans(ctx: Context) -> list[Plan]:
    if ctx.smoke:
        return [Plan(20, 1)]
    out = [Plan(1000, 3), Plan(10_000, 1)]
    if os.environ.get("MSCOS_BENCH_100K") == "1":
        out.append(Plan(100_000, 1))
    return out


def _step(step: str, path: str, ctx: Context) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.ingestion", step, path, str(ctx.workdir)],
        cwd=REPO, capture_output=True, text=True, timeout=STEP_TIMEOUT_S, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{step} {path} failed: {done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(ctx: Context) -> BenchResult:
    result = BenchResult(NAME, TITLE, ctx)
    measured: dict[int, dict[str, list[dict[str, float]]]] = {}
    for plan in plans(ctx):
        path = str(synth_file(ctx.workdir, plan.evaluations, ctx.seed))
        rounds = measured[plan.evaluations] = {step: [] for step in STEPS}
        for _ in range(plan.runs):
            for step in STEPS:
                rounds[step].append(_step(step, path, ctx))
        n = plan.evaluations
        for step in STEPS:
            runs = rounds[step]
            system = "pyoxigraph" if step == "bulk" else "mscos"
            base = (f"floor.{n}.time",) if step == "load" else ()
            result.add(Figure(f"{step}.{n}.time", f"{step} time, {n:,} evaluations", "s", system,
                              [r["seconds"] for r in runs], baselines=base, params={"evaluations": n}))
            result.add(Figure(f"{step}.{n}.peak", f"{step} peak memory, {n:,} evaluations", "MB", system,
                              [r["peak_mb"] for r in runs], params={"evaluations": n}))
        floor = [v["seconds"] + b["seconds"] for v, b in zip(rounds["validate"], rounds["bulk"], strict=True)]
        result.add(Figure(f"floor.{n}.time", f"validate + bulk load, {n:,} evaluations", "s", "floor", floor,
                          params={"evaluations": n}))
    result.relate()
    _growth(result, sorted(measured))
    _targets(result, ctx)
    return result


def _growth(result: BenchResult, sizes: list[int]) -> None:
    """Time and memory per 10x of data, for each step."""
    growth: dict[str, dict[str, float]] = {}
    for small, large in itertools.pairwise(sizes):
        for step in (*STEPS, "floor"):
            for what in ("time", "peak"):
                a, b = result.figure(f"{step}.{small}.{what}"), result.figure(f"{step}.{large}.{what}")
                if a and b and a.runs and b.runs and a.median:
                    growth.setdefault(f"{step}.{what}", {})[f"{small}->{large}"] = b.median / a.median
    result.details["growth_per_10x"] = growth
    for key, steps in growth.items():
        result.notes.append(f"growth per 10x, {key}: " + ", ".join(f"{k} {v:.1f}x" for k, v in steps.items()))


def _targets(result: BenchResult, ctx: Context) -> None:
    def target(text: str, key: str, check: float | None, limit: float, evidence: str) -> None:
        figure = result.figure(key)
        if ctx.smoke or figure is None or check is None:
            result.targets.append(Target(text, Status.NOT_MEASURED, "not run at this size", SOURCE))
            return
        result.targets.append(Target(text, Status.MET if check <= limit else Status.MISSED, evidence, SOURCE))

    load = result.figure("load.10000.time")
    ratio = load.ratio if load else None
    target("mscos load at 10,000 within 1.3x validate + bulk load", "load.10000.time", ratio, 1.3,
           f"{fmt(ratio)}x ({fmt(load.median if load else None, 's')})")
    for n, text, key, limit, unit in (
        (10_000, "mscos load at 10,000 under 1.5 GB", "load.10000.peak", 1536, "MB"),
        (100_000, "mscos load at 100,000 under 10 minutes", "load.100000.time", 600, "s"),
        (100_000, "mscos load at 100,000 under 4 GB", "load.100000.peak", 4096, "MB"),
        (100_000, "mscos validate at 100,000 under 1 GB", "validate.100000.peak", 1024, "MB"),
    ):
        figure = result.figure(key)
        value = figure.median if figure else None
        target(text, key, value, limit, f"{fmt(value, unit)} at {n:,}")
