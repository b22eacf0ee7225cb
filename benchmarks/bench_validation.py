"""Benchmark 3, validation: time and peak memory for 100, 1,000 and 10,000 evaluations vs plain pySHACL.

The measuring is `benchmarks/validation.py` (written with the validation code): each run is a
fresh process on one synthetic file, with one of three engines:

* `mscos`: `validate_graph` on an rdflib graph of the file (pyshacl-turbo over independent
  parts, in threads): what the API and `mscos validate` do; parsing is not in its time;
* `mscos-file`: `validation.streaming.validate_file`, the project's path for large files (no
  rdflib graph of the data); parsing is in its time;
* `pyshacl`: plain pySHACL over the same data, vocabulary and shapes; parsing not in its time.

Each run reports its time (after a warm-up validation of a tiny dataset for the project's
engines: imports and compiled shapes, what a server does once), the process's peak resident
memory and the results counted by severity and rule. This module repeats the runs and turns them
into figures and targets.

Plain pySHACL is the reference but slow (minutes at 1,000 evaluations, and it grows faster than
the data). So it runs under a time limit (`REFERENCE_TIMEOUT_S`), once at 1,000 and not at all
at 10,000; a run that hits the limit is recorded as a lower bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from benchmarks.common import BenchResult, Context, Figure, Status, Target, fmt
from benchmarks.corpus import synth_file

NAME = "validation"
TITLE = "Validation of partner datasets"


ENGINES = ("mscos", "mscos-file")  # the project's; plain pySHACL is the reference


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
        SizePlan(10_000, 2, 0, 0.0),  # two runs of each engine: about two minutes each
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
        row: dict[str, Any] = {"evaluations": size.evaluations}
        for _ in range(size.runs):  # interleaved, so that a slow spell of the machine hits both alike
            for engine in ENGINES:
                row.setdefault(engine, []).append(validation.run_engine(engine, path, ENGINE_TIMEOUT_S))
        row["pyshacl"] = [validation.run_engine("pyshacl", path, size.reference_timeout_s)
                          for _ in range(size.reference_runs)]
        rows.append(row)
        _figures(result, size, row)
    result.details["runs"] = rows
    result.details["engines"] = {
        "mscos": "validate_graph, default options (pyshacl-turbo over parts, threads); parsing excluded",
        "mscos-file": "validation.streaming.validate_file (Oxigraph parser, no rdflib graph); parsing included",
        "pyshacl": "plain pySHACL over data + vocabulary, the same shapes, inference none; parsing excluded",
    }
    result.details["measured_by"] = "benchmarks/validation.py run_engine (one fresh process per run)"
    result.targets.extend(_targets(result, rows))
    return result


def _ok(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in runs if r.get("status") == "ok"]


def _figures(result: BenchResult, size: SizePlan, row: dict[str, Any]) -> None:
    n = size.evaluations
    ref = row["pyshacl"]
    triples = next((r["triples"] for r in _ok(row["mscos"] + ref) if r.get("triples")), None)
    params = {"evaluations": n, "triples": triples}
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
                          params={**params, "lower_bound": bool(note)}, note=note))
    if ref_ok:
        result.add(Figure(ref_mem_key, f"plain pySHACL peak memory, {n:,} evaluations", "MB", "pyshacl",
                          [r["peak_rss_mb"] for r in ref_ok], params=params))
    for engine in ENGINES:
        own = _ok(row[engine])
        result.add(Figure(f"{engine}.{n}.time", f"{engine} validate, {n:,} evaluations", "s", engine,
                          [r["validate_s"] for r in own], baselines=(ref_time_key,) if ref else (), params=params))
        result.add(Figure(f"{engine}.{n}.peak", f"{engine} validate peak memory, {n:,} evaluations", "MB", engine,
                          [r["peak_rss_mb"] for r in own], baselines=(ref_mem_key,) if ref_ok else (),
                          params=params))
        failed = [r for r in row[engine] if r.get("status") != "ok"]
        if failed:
            result.notes.append(f"{len(failed)} {engine} run(s) at {n:,} evaluations failed: {failed[0]}")


def _median(result: BenchResult, key: str) -> float:
    figure = result.figure(key)
    return figure.median if figure is not None and figure.runs else math.nan


def _targets(result: BenchResult, rows: list[dict[str, Any]]) -> list[Target]:
    sizes = [row["evaluations"] for row in rows]
    small, large = min(sizes), max(sizes)
    targets = []
    t_small = _median(result, f"mscos.{small}.time")
    targets.append(_limit(f"Validating {small:,} evaluations < 1 s", t_small, 1.0, "s"))
    # 10,000 evaluations: judged on each of the project's engines; met when one of them meets it.
    text = f"Validating {large:,} evaluations < 30 s and < 1 GB peak memory"
    measured = {e: (_median(result, f"{e}.{large}.time"), _median(result, f"{e}.{large}.peak")) for e in ENGINES}
    measured = {e: tm for e, tm in measured.items() if not (math.isnan(tm[0]) or math.isnan(tm[1]))}
    if not measured:
        targets.append(Target(text, Status.NOT_MEASURED, "no successful run"))
    else:
        meeting = [e for e, (t, m) in measured.items() if t < 30 and m < 1000]
        evidence = "; ".join(f"{e}: {fmt(t, 's')}, {fmt(m, 'MB')} peak" for e, (t, m) in measured.items())
        targets.append(Target(text, Status.MET if meeting else Status.MISSED,
                              evidence + (f" (met by {', '.join(meeting)})" if meeting else "")))
    compared = [(row["evaluations"], _same(row)) for row in rows if _same(row) is not None]
    text = "Validation results identical to pySHACL"
    if not compared:
        targets.append(Target(text, Status.NOT_MEASURED, "pySHACL finished at no size"))
    else:
        agree = all(same for _, same in compared)
        sizes_text = ", ".join(f"{n:,}" for n, _ in compared)
        untested = [f"{n:,}" for n in sizes if n not in dict(compared)]
        verdict = "same" if agree else "DIFFERENT"
        evidence = (f"{verdict} results (counted by severity and rule) from {', '.join(ENGINES)} and pySHACL at "
                    f"{sizes_text} evaluations")
        if untested:
            evidence += f"; not compared at {', '.join(untested)} (plain pySHACL not run or timed out)"
        targets.append(Target(text, Status.MET if agree else Status.MISSED, evidence))
    return targets


def _limit(text: str, value: float, limit: float, unit: str) -> Target:
    if math.isnan(value):
        return Target(text, Status.NOT_MEASURED, "no successful run")
    return Target(text, Status.MET if value < limit else Status.MISSED, f"{fmt(value, unit)} (median of runs)")


def _same(row: dict[str, Any]) -> bool | None:
    """Whether every successful run of the project's engines found what plain pySHACL found (None: no pySHACL)."""
    ref = _ok(row["pyshacl"])
    own = [r for engine in ENGINES for r in _ok(row[engine])]
    if not own or not ref:
        return None
    expected = ref[0]["results"]
    return all(r["results"] == expected for r in own + ref)
