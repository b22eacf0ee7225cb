"""Benchmark 3, validation: time and peak memory for 100, 1,000 and 10,000 evaluations vs plain pySHACL.

The measuring is `benchmarks/validation.py` (written with the validation code): each run is a
fresh process on one synthetic file, with one of three engines:

* `mscos`: what `mscos validate FILE` does (`validation.files.validate_path`): a Turtle file is
  streamed into pyshacl-turbo part by part, with no rdflib graph of the data; parsing is in
  its time;
* `mscos-graph`: `validate_graph` on an rdflib graph of the file (what the API does with an
  upload); parsing is not in its time, but the graph (about 1.2 KB a triple) is in its memory;
* `pyshacl`: plain pySHACL over the same data, vocabulary and shapes; parsing not in its time.

Each run reports its time (after a warm-up validation of a tiny dataset for the project's
engines: imports and compiled shapes, what a server does once), the process's peak resident
memory and the results counted by severity and rule. This module repeats the runs and turns them
into figures and targets.

Plain pySHACL is the reference but slow (about 3 minutes at 1,000 evaluations, half an hour at
10,000: it parses each SPARQL constraint again for every focus node). So it runs under a time
limit (`REFERENCE_TIMEOUT_S`), once at 1,000 and once at 10,000 (limit
`LARGE_REFERENCE_TIMEOUT_S`); a run that hits the limit is recorded as a lower bound.
`MSCOS_BENCH_PYSHACL_10K=0` leaves out the 10,000 run (the suite then takes half as long, and
the agreement target is NOT MEASURED); the reference can also run alone and be merged into the
committed results:

    python -m benchmarks.bench_validation reference --evaluations 10000
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS_DIR, BenchResult, Context, Figure, Status, Target, fmt
from benchmarks.corpus import synth_file

NAME = "validation"
TITLE = "Validation of partner datasets"


ENGINES = ("mscos", "mscos-graph")  # the project's; plain pySHACL is the reference
DEFAULT_ENGINE = "mscos"  # `mscos validate`: the one the 10,000-evaluation target is judged on
# Engines of earlier results files (before `mscos validate` streamed Turtle), still read by `reference`.
KNOWN_ENGINES = (*ENGINES, "mscos-file")


@dataclass(frozen=True)
class SizePlan:
    evaluations: int
    runs: int  # runs of the project's engine
    reference_runs: int  # runs of plain pySHACL (0: not run)
    reference_timeout_s: float


def plans(ctx: Context) -> list[SizePlan]:
    if ctx.smoke:
        return [SizePlan(5, 1, 1, 120.0), SizePlan(20, 1, 0, 0.0)]
    large = os.environ.get("MSCOS_BENCH_PYSHACL_10K", "1") != "0"
    return [
        SizePlan(100, 3, 3, 300.0),
        SizePlan(1_000, 3, 1, REFERENCE_TIMEOUT_S),
        # Two runs of each engine: under a minute each. pySHACL once (half an hour).
        SizePlan(10_000, 2, 1 if large else 0, LARGE_REFERENCE_TIMEOUT_S if large else 0.0),
    ]


# Long enough to show the gap, short enough to keep the full suite well under an hour.
REFERENCE_TIMEOUT_S = 420.0
# pySHACL at 10,000 evaluations: about 10 times its 1,000 time, on a busy machine more.
LARGE_REFERENCE_TIMEOUT_S = 5400.0
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
    result.details["engines"] = ENGINE_DESCRIPTIONS
    result.details["measured_by"] = "benchmarks/validation.py run_engine (one fresh process per run)"
    result.targets.extend(_targets(result, rows))
    return result


ENGINE_DESCRIPTIONS = {
    "mscos": "`mscos validate FILE` (validation.files.validate_path: Turtle streamed with Oxigraph's parser, "
    "no rdflib graph, pyshacl-turbo over parts in threads); parsing included",
    "mscos-graph": "validate_graph on an rdflib graph (the API), default options; parsing excluded, the graph "
    "in its peak memory",
    "pyshacl": "plain pySHACL over data + vocabulary, the same shapes, inference none; parsing excluded",
}


def _engines(row: dict[str, Any]) -> list[str]:
    return [e for e in KNOWN_ENGINES if e in row]


def _ok(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in runs if r.get("status") == "ok"]


def _figures(result: BenchResult, size: SizePlan, row: dict[str, Any]) -> None:
    n = size.evaluations
    ref = row["pyshacl"]
    triples = next((r["triples"] for e in _engines(row) for r in _ok(row[e] + ref) if r.get("triples")), None)
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
    if ref and ref[0].get("measured_apart"):
        note = "; ".join(filter(None, [note, ref[0]["measured_apart"]]))
    if ref:
        result.add(Figure(ref_time_key, f"plain pySHACL, {n:,} evaluations", "s", "pyshacl", ref_times,
                          params={**params, "lower_bound": bool(timeouts and not ref_ok)}, note=note))
    if ref_ok:
        result.add(Figure(ref_mem_key, f"plain pySHACL peak memory, {n:,} evaluations", "MB", "pyshacl",
                          [r["peak_rss_mb"] for r in ref_ok], params=params))
    for engine in _engines(row):
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
    # 10,000 evaluations: judged on the default path (`mscos validate`); the others are shown beside it.
    text = f"Validating {large:,} evaluations < 30 s and < 1 GB peak memory"
    engines = [e for e in KNOWN_ENGINES if any(e in row for row in rows)]
    measured = {e: (_median(result, f"{e}.{large}.time"), _median(result, f"{e}.{large}.peak")) for e in engines}
    measured = {e: tm for e, tm in measured.items() if not (math.isnan(tm[0]) or math.isnan(tm[1]))}
    judged = DEFAULT_ENGINE if DEFAULT_ENGINE in measured else next(iter(measured), None)
    if judged is None:
        targets.append(Target(text, Status.NOT_MEASURED, "no successful run"))
    else:
        t, m = measured[judged]
        evidence = "; ".join(f"{e}: {fmt(t, 's')}, {fmt(m, 'MB')} peak" for e, (t, m) in measured.items())
        targets.append(Target(text, Status.MET if t < 30 and m < 1000 else Status.MISSED,
                              f"{evidence} (judged on {judged})"))
    compared = [(row["evaluations"], _same(row)) for row in rows if _same(row) is not None]
    text = AGREEMENT
    if not compared:
        targets.append(Target(text, Status.NOT_MEASURED, "pySHACL finished at no size"))
    else:
        agree = all(same for _, same in compared)
        sizes_text = ", ".join(f"{n:,}" for n, _ in compared)
        untested = [f"{n:,}" for n in sizes if n not in dict(compared)]
        verdict = "same" if agree else "DIFFERENT"
        evidence = (f"{verdict} results (counted by severity and rule) from the project's engines and pySHACL at "
                    f"{sizes_text} evaluations")
        if untested:
            evidence += f"; not compared at {', '.join(untested)} (plain pySHACL not run or timed out)"
        # Agreement at the sizes compared is not agreement at the largest: MET only when every size was compared.
        status = Status.MISSED if not agree else Status.NOT_MEASURED if untested else Status.MET
        targets.append(Target(text, status, evidence))
    return targets


AGREEMENT = "Validation results identical to pySHACL"


def _limit(text: str, value: float, limit: float, unit: str) -> Target:
    if math.isnan(value):
        return Target(text, Status.NOT_MEASURED, "no successful run")
    return Target(text, Status.MET if value < limit else Status.MISSED, f"{fmt(value, unit)} (median of runs)")


def _same(row: dict[str, Any]) -> bool | None:
    """Whether every successful run of the project's engines found what plain pySHACL found (None: no pySHACL)."""
    ref = _ok(row["pyshacl"])
    own = [r for engine in _engines(row) for r in _ok(row[engine])]
    if not own or not ref:
        return None
    expected = ref[0]["results"]
    return all(r["results"] == expected for r in own + ref)


# ---------------------------------------------------------------------------------------------
# Plain pySHACL at one size on its own, merged into a results file (it takes half an hour or more
# at 10,000 evaluations, so it is not part of every full run).


def merge_reference(results: Path, evaluations: int, run: dict[str, Any], how: str) -> dict[str, Any]:
    """Put one pySHACL run into `results` (a suite results file) at `evaluations`, and recompute
    that file's figures and its agreement target from its runs. The other runs, targets and the
    file's date, machine and versions stay as they were; a note says when and how the reference
    was measured."""
    doc: dict[str, Any] = json.loads(results.read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = doc["details"]["runs"]
    row = next((r for r in rows if r["evaluations"] == evaluations), None)
    if row is None:
        raise SystemExit(f"{results} has no runs at {evaluations:,} evaluations")
    row["pyshacl"] = [run]
    ctx = Context(smoke=doc.get("mode") == "smoke", output=results.parent, workdir=Path(tempfile.gettempdir()))
    fresh = BenchResult(NAME, TITLE, ctx)
    for r in rows:
        timeout = float(next((x.get("timeout_s", 0.0) for x in r["pyshacl"]), 0.0))
        _figures(fresh, SizePlan(r["evaluations"], len(r.get("mscos", [])), len(r["pyshacl"]), timeout), r)
    fresh.targets.extend(_targets(fresh, rows))
    out = fresh.to_json()
    doc["figures"] = out["figures"]
    # Only the agreement target changes: the others judge the file's own runs as that run did.
    agreement = next(t for t in out["targets"] if t["text"] == AGREEMENT)
    doc["targets"] = [agreement if t["text"] == AGREEMENT else t for t in doc["targets"]]
    doc["notes"] = [*doc.get("notes", []), how]
    results.write_text(json.dumps(doc, indent=2, allow_nan=True) + "\n", encoding="utf-8")
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_validation",
                                     description="Plain pySHACL at one size, merged into the validation results.")
    sub = parser.add_subparsers(dest="command", required=True)
    ref = sub.add_parser("reference", help="run plain pySHACL once and merge it into the results file")
    ref.add_argument("--evaluations", type=int, default=10_000)
    ref.add_argument("--seed", type=int, default=1)
    ref.add_argument("--timeout", type=float, default=LARGE_REFERENCE_TIMEOUT_S, help="seconds (default %(default)s)")
    ref.add_argument("--results", type=Path, default=RESULTS_DIR / f"{NAME}.json")
    ref.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    ref.add_argument("--from-run", type=Path, default=None,
                     help="a JSON line printed by `benchmarks/validation.py --child pyshacl FILE` (run elsewhere)")
    ref.add_argument("--note", default="", help="what else to record about the run (e.g. why it stopped)")
    args = parser.parse_args(argv)
    from benchmarks import validation

    started = datetime.now(UTC).isoformat(timespec="seconds")
    if args.from_run is not None:
        lines = args.from_run.read_text(encoding="utf-8").strip().splitlines()
        # No line: the run was stopped by its time limit before printing one.
        run = {"status": "ok", **json.loads(lines[-1])} if lines else {"status": "timeout", "timeout_s": args.timeout}
    else:
        path = synth_file(args.workdir, args.evaluations, args.seed)
        run = validation.run_engine("pyshacl", path, args.timeout)
    run["measured_apart"] = (f"measured apart from the suite's run ({started}, "
                             "`python -m benchmarks.bench_validation reference`)")
    how = (f"pySHACL at {args.evaluations:,} evaluations: {run['status']}"
           + (f", {run['validate_s']:.0f} s, {run['peak_rss_mb']:.0f} MB peak" if run["status"] == "ok" else "")
           + f"; {run['measured_apart']}" + (f". {args.note}" if args.note else ""))
    merge_reference(args.results, args.evaluations, run, how)
    print(how)
    return 0


if __name__ == "__main__":
    sys.exit(main())
