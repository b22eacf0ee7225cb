"""Benchmark: partner-data validation time and peak memory, mscos (default engine) vs plain pySHACL.

For each size a synthetic dataset is written once (`mscos synth`), then every engine runs in a
fresh process on the same file, so that peak memory (VmHWM) is that engine's alone:

* `mscos`: `validation.files.validate_path`, what `mscos validate FILE` does: a Turtle file is
  streamed (Oxigraph's parser, no rdflib graph of the data), so parsing is in its time;
* `mscos-graph`: `validate_graph` on an rdflib graph of the file, default options (pyshacl-turbo,
  parts in threads): what the API does with an upload; parsing is timed apart, but the graph
  is in its peak memory;
* `mscos-file`: `validation.streaming.validate_file` on its own (the streaming core of `mscos`);
* `pyshacl`: plain pySHACL over the same data plus the same vocabulary extract and shapes.

Parsing (rdflib) is timed apart from validation, and a first validation of a tiny dataset
(imports, compiled shapes: what a server does once) apart as warm_up_s. Besides wall-clock
time, each run records the CPU time of its process (all threads): on a machine shared with other
work the wall-clock figures move a lot, the CPU figures little. Plain pySHACL parses every
SPARQL constraint once per focus node and takes minutes at 1,000 evaluations, so it runs only
up to --reference-max evaluations and under --reference-timeout; beyond, it is recorded as
skipped. Writes JSON to benchmarks/results/validation-engines.json (or --output).

    python benchmarks/validation.py                 # 100, 1,000, 10,000 evaluations
    python benchmarks/validation.py --smoke         # tiny sizes, for the test suite
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

# Not results/validation.json: that is the suite's file (benchmarks/bench_validation.py, `make bench`).
RESULTS = Path(__file__).resolve().parent / "results" / "validation-engines.json"


def _peak_rss_mb() -> float:
    """This process's peak resident memory (MiB), from VmHWM.

    Not ru_maxrss: Linux carries the parent's high-water mark over fork and exec into it, so a
    child of a large process (the benchmark runner after loading 10,000 evaluations) reported
    the parent's peak instead of its own.
    """
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _warm_up() -> float:
    """One validation of a tiny dataset: imports, shapes compiled, vocabulary read (a server
    does this once); returns its time, reported apart as `warm_up_s`."""
    from mscos_kg.synth import SynthOptions, synthetic_graph
    from mscos_kg.validation import validate_graph

    start = time.perf_counter()
    validate_graph(synthetic_graph(SynthOptions(evaluations=2, seed=99)))
    return round(time.perf_counter() - start, 3)


def child(engine: str, path: str) -> dict[str, Any]:
    """Run one engine on one file; print a JSON line."""
    from rdflib import Graph

    from mscos_kg.validation.vocabulary import load_vocabulary

    load_vocabulary()  # read once per process in every case; not part of validation time
    warm_up_s = _warm_up() if engine.startswith("mscos") else None
    if engine in ("mscos", "mscos-file"):
        # No rdflib graph of the data: parsing is part of the run.
        from mscos_kg.validation.files import validate_path
        from mscos_kg.validation.parsing import ReadOptions
        from mscos_kg.validation.streaming import validate_file

        start, cpu = time.perf_counter(), time.process_time()
        if engine == "mscos":
            _, report = validate_path(Path(path), read_options=ReadOptions(max_bytes=10**10))
        else:
            report = validate_file(path, max_bytes=10**10)
        return {
            "parse_s": None,
            "validate_s": round(time.perf_counter() - start, 3),
            "validate_cpu_s": round(time.process_time() - cpu, 3),
            "warm_up_s": warm_up_s,
            "peak_rss_mb": round(_peak_rss_mb(), 1),
            "conforms": report.conforms,
            "results": dict(sorted(Counter(f"{r.severity.value}:{r.rule}" for r in report.results).items())),
        }
    start = time.perf_counter()
    data = Graph().parse(path, format="turtle")
    parse_s = time.perf_counter() - start
    rss_parsed = _rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    if engine == "mscos-graph":
        from mscos_kg.validation import validate_graph

        report = validate_graph(data)
        conforms = report.conforms
        counts = Counter(f"{r.severity.value}:{r.rule}" for r in report.results)
    else:
        from pyshacl import validate

        from mscos_kg.validation.report import results_from_graph
        from mscos_kg.validation.shapes import load_shapes

        combined = data + load_vocabulary().graph
        shapes = load_shapes(10)
        conforms, raw, _ = validate(combined, shacl_graph=shapes, inference="none", allow_warnings=True)
        counts = Counter(f"{r.severity.value}:{r.rule}" for r in results_from_graph(raw, shapes))
    validate_s = time.perf_counter() - start
    validate_cpu_s = time.process_time() - cpu
    return {
        "triples": len(data),
        "parse_s": round(parse_s, 3),
        "validate_s": round(validate_s, 3),
        "validate_cpu_s": round(validate_cpu_s, 3),
        "warm_up_s": warm_up_s,
        "rss_after_parse_mb": round(rss_parsed, 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "conforms": bool(conforms),
        "results": dict(sorted(counts.items())),
    }


def run_engine(engine: str, path: Path, timeout: float) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", engine, str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "timeout_s": timeout}
    if done.returncode != 0:
        return {"status": "error", "stderr": done.stderr[-2000:]}
    return {"status": "ok", **json.loads(done.stdout.strip().splitlines()[-1])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated numbers of evaluations")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes (3, 8) for the test suite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reference-max", type=int, default=1000, help="largest size for plain pySHACL")
    parser.add_argument("--reference-timeout", type=float, default=900.0, help="seconds per pySHACL run")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per mscos run")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0

    from mscos_kg.synth import SynthOptions, write_synthetic_file

    sizes = [3, 8] if args.smoke else [int(s) for s in args.sizes.split(",")]
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"synth-{size}.ttl"
            write_synthetic_file(path, SynthOptions(evaluations=size, seed=args.seed))
            row: dict[str, Any] = {"evaluations": size, "file_bytes": path.stat().st_size}
            row["mscos"] = run_engine("mscos", path, args.timeout)
            row["mscos-graph"] = run_engine("mscos-graph", path, args.timeout)
            if size <= args.reference_max:
                row["pyshacl"] = run_engine("pyshacl", path, args.reference_timeout)
            else:
                row["pyshacl"] = {"status": "skipped", "reason": f"over --reference-max {args.reference_max}"}
            if row["mscos"].get("status") == "ok" and row["mscos-graph"].get("status") == "ok":
                row["same_results_graph"] = row["mscos"]["results"] == row["mscos-graph"]["results"]
            if row["mscos"].get("status") == "ok" and row["pyshacl"].get("status") == "ok":
                row["same_results"] = row["mscos"]["results"] == row["pyshacl"]["results"]
            runs.append(row)
            print(json.dumps(row), flush=True)
    out = {
        "benchmark": "partner-data validation",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "versions": {p: version(p) for p in ("rdflib", "pyshacl", "pyshacl-turbo", "mscos-kg")},
        "seed": args.seed,
        "runs": runs,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
