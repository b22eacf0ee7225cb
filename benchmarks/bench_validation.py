"""Benchmark 3, validation: time and peak memory for 100, 1,000 and 10,000 evaluations vs plain pySHACL.

The measuring is `benchmarks/validation.py` (written with the validation code): each run is a
fresh process that parses one synthetic file, then validates it either with the project's
default engine (`mscos`: pyshacl-turbo over independent parts, in threads) or with plain
pySHACL over the same data, vocabulary and shapes; it reports the validation time (parsing and
vocabulary loading excluded), the process's peak resident memory and the results counted by
severity and rule. This module repeats those runs and turns them into figures and targets.

Plain pySHACL is the reference but slow: measured while preparing the suite, 40 s for 100
evaluations and 801 s for 1,000. So it runs under a time limit (`REFERENCE_TIMEOUT_S`), once at
1,000 and not at all at 10,000; a run that hits the limit is recorded as a lower bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from benchmarks.common import BenchResult, Context, Figure, Status, Target, fmt
from benchmarks.corpus import synth_file

NAME = "validation"
TITLE = "Validation of partner datasets"


@dataclass(frozen=True)
class SizePlan:
    evaluations: int
    runs: int  # runs of the project's engine
    reference_runs: int  # runs of plain pySHACL (0: not run)
    reference_timeout_s: float


def plans(ctx: Context) -> list[SizePlan]:
    if ctx.smoke:
        return [SizePlan(5, 1, 1, 120.0), SizePlan(20, 1, 0, 0.0)]
    return [
        SizePlan(100, 3, 3, 300.0),
        SizePlan(1_000, 3, 1, REFERENCE_TIMEOUT_S),
        SizePlan(10_000, 3, 0, 0.0),
    ]


# Long enough to show the gap, short enough to keep the full suite well under an hour.
REFERENCE_TIMEOUT_S = 420.0
ENGINE_TIMEOUT_S = 900.0


def run(ctx: Context) -> BenchResult:
    from benchmarks import validation  # the validation engineers' measuring code

    result = BenchResult(NAME, TITLE, ctx)
    rows: list[dict[str, Any]] = []
    for size in plans(ctx):
        path = synth_file(ctx.workdir, size.evaluations, ctx.seed)
        own = [validation.run_engine("mscos", path, ENGINE_TIMEOUT_S) for _ in range(size.runs)]
        ref = [validation.run_engine("pyshacl", path, size.reference_timeout_s) for _ in range(size.reference_runs)]
        rows.append({"evaluations": size.evaluations, "mscos": own, "pyshacl": ref})
        _figures(result, size, own, ref)
    result.details["runs"] = rows
    result.details["engines"] = {
        "mscos": "mscos_kg.validation.validate_graph with default options (pyshacl-turbo over parts, threads)",
        "pyshacl": "plain pySHACL over data + vocabulary, the same shapes, inference none",
    }
    result.details["measured_by"] = "benchmarks/validation.py run_engine (one fresh process per run)"
    result.targets.extend(_targets(result, rows))
    return result


def _ok(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in runs if r.get("status") == "ok"]


def _figures(result: BenchResult, size: SizePlan, own: list[dict[str, Any]], ref: list[dict[str, Any]]) -> None:
    n = size.evaluations
    params = {"evaluations": n, "triples": next((r["triples"] for r in _ok(own + ref)), None)}
    ref_ok = _ok(ref)
    timeouts = [r for r in ref if r.get("status") == "timeout"]
    ref_time_key, ref_mem_key = f"pyshacl.{n}.time", f"pyshacl.{n}.peak"
    note = ""
    if timeouts and not ref_ok:
        # A lower bound: pySHACL was still running when the limit struck.
        note = f"did not finish within {timeouts[0]['timeout_s']:.0f} s; the figure is that limit (a lower bound)"
        ref_times = [float(r["timeout_s"]) for r in timeouts]
    else:
        ref_times = [r["validate_s"] for r in ref_ok]
    if ref:
        result.add(Figure(ref_time_key, f"plain pySHACL, {n:,} evaluations", "s", "pyshacl", ref_times,
                          params=params, note=note))
    if ref_ok:
        result.add(Figure(ref_mem_key, f"plain pySHACL peak memory, {n:,} evaluations", "MB", "pyshacl",
                          [r["peak_rss_mb"] for r in ref_ok], params=params))
    result.add(Figure(f"mscos.{n}.time", f"mscos validate, {n:,} evaluations", "s", "mscos",
                      [r["validate_s"] for r in _ok(own)], baselines=(ref_time_key,) if ref else (),
                      params=params))
    result.add(Figure(f"mscos.{n}.peak", f"mscos validate peak memory, {n:,} evaluations", "MB", "mscos",
                      [r["peak_rss_mb"] for r in _ok(own)], baselines=(ref_mem_key,) if ref_ok else (),
                      params=params))
    failed = [r for r in own if r.get("status") != "ok"]
    if failed:
        result.notes.append(f"{len(failed)} mscos validation run(s) at {n:,} evaluations failed: {failed[0]}")


def _median(result: BenchResult, key: str) -> float:
    figure = result.figure(key)
    return figure.median if figure is not None and figure.runs else math.nan


def _targets(result: BenchResult, rows: list[dict[str, Any]]) -> list[Target]:
    sizes = [row["evaluations"] for row in rows]
    small, large = min(sizes), max(sizes)
    targets = []
    t_small = _median(result, f"mscos.{small}.time")
    targets.append(_limit(f"Validating {small:,} evaluations < 1 s", t_small, 1.0, "s"))
    t_large, m_large = _median(result, f"mscos.{large}.time"), _median(result, f"mscos.{large}.peak")
    text = f"Validating {large:,} evaluations < 30 s and < 1 GB peak memory"
    if math.isnan(t_large) or math.isnan(m_large):
        targets.append(Target(text, Status.NOT_MEASURED, "no successful run"))
    else:
        met = t_large < 30 and m_large < 1000
        targets.append(Target(text, Status.MET if met else Status.MISSED,
                              f"{fmt(t_large, 's')} and {fmt(m_large, 'MB')} peak (median of runs)"))
    compared = [(row["evaluations"], _same(row)) for row in rows if _same(row) is not None]
    text = "Validation results identical to pySHACL"
    if not compared:
        targets.append(Target(text, Status.NOT_MEASURED, "pySHACL finished at no size"))
    else:
        agree = all(same for _, same in compared)
        sizes_text = ", ".join(f"{n:,}" for n, _ in compared)
        untested = [f"{n:,}" for n in sizes if n not in dict(compared)]
        verdict = "same" if agree else "DIFFERENT"
        evidence = f"{verdict} results (counted by severity and rule) at {sizes_text} evaluations"
        if untested:
            evidence += f"; not compared at {', '.join(untested)} (plain pySHACL not run or timed out)"
        targets.append(Target(text, Status.MET if agree else Status.MISSED, evidence))
    return targets


def _limit(text: str, value: float, limit: float, unit: str) -> Target:
    if math.isnan(value):
        return Target(text, Status.NOT_MEASURED, "no successful run")
    return Target(text, Status.MET if value < limit else Status.MISSED, f"{fmt(value, unit)} (median of runs)")


def _same(row: dict[str, Any]) -> bool | None:
    """Whether every successful mscos run found what plain pySHACL found (None: nothing to compare)."""
    own, ref = _ok(row["mscos"]), _ok(row["pyshacl"])
    if not own or not ref:
        return None
    expected = ref[0]["results"]
    return all(r["results"] == expected for r in own + ref)
