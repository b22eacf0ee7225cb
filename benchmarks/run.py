"""`python -m benchmarks.run [--smoke] [--only NAME ...] [--output DIR]`: run the suite, write the results.

Each benchmark writes `<output>/<name>.json`; then `<output>/SUMMARY.md` and its chart are
written again from every results file in `<output>`, so `--only` refreshes one benchmark and
keeps the others' figures. A benchmark that breaks is reported, the others still run, and the
exit status is 1; a figure that misses its target never changes the exit status (issue 7).
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from benchmarks import (
    bench_engines,
    bench_hostile,
    bench_ingestion,
    bench_queries,
    bench_query_growth,
    bench_resolution,
    bench_startup,
    bench_store_hop,
    bench_suggestion,
    bench_validation,
    web_pages,
)
from benchmarks.common import RESULTS_DIR, BenchResult, Context
from benchmarks.summary import write_summary

Runner = Callable[[Context], BenchResult]

# In the order of issue 7, then the others.
BENCHMARKS: dict[str, tuple[str, Runner]] = {
    bench_resolution.NAME: (bench_resolution.TITLE, bench_resolution.run),
    bench_queries.NAME: (bench_queries.TITLE, bench_queries.run),
    bench_query_growth.NAME: (bench_query_growth.TITLE, bench_query_growth.run),  # issue 17, item 3
    bench_validation.NAME: (bench_validation.TITLE, bench_validation.run),
    bench_suggestion.NAME: (bench_suggestion.TITLE, bench_suggestion.run),
    bench_startup.NAME: (bench_startup.TITLE, bench_startup.run),
    # Issue 6 (the web front), written by its engineers to plug in here.
    web_pages.NAME: (web_pages.TITLE, web_pages.run),
    # Issue 16 (the service under hostile load).
    bench_hostile.NAME: (bench_hostile.TITLE, bench_hostile.run),
    bench_store_hop.NAME: (bench_store_hop.TITLE, bench_store_hop.run),
    # Issue 17: ingestion at scale.
    bench_ingestion.NAME: (bench_ingestion.TITLE, bench_ingestion.run),
    # Issue 19: the remote store on each engine (Virtuoso opt-in: MSCOS_BENCH_VIRTUOSO=1).
    bench_engines.NAME: (bench_engines.TITLE, bench_engines.run),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="every benchmark for a few seconds on tiny data")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), metavar="NAME",
                        help=f"run only these ({', '.join(BENCHMARKS)})")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR, help="results directory (default: %(default)s)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep synthetic data and stores here and reuse them (default: a temporary directory)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data (default: %(default)s)")
    parser.add_argument("--load-generator", choices=("auto", "wrk", "python"), default="auto",
                        help="HTTP load generator: wrk when installed (auto), or the built-in Python one")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM (a CI timeout, `kill`) unwinds like Ctrl-C, so every server is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    names = args.only or list(BENCHMARKS)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="mscos-bench-") as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        ctx = Context(smoke=args.smoke, output=args.output, workdir=workdir, seed=args.seed,
                      load_generator=args.load_generator)
        for name in names:
            title, runner = BENCHMARKS[name]
            print(f"[{ctx.mode}] {title} ...", flush=True)
            started = time.perf_counter()
            try:
                result = runner(ctx)
            except Exception:  # one broken benchmark must not hide the others' results
                failures += 1
                print(traceback.format_exc(), file=sys.stderr, flush=True)
                result = BenchResult(name, title, ctx)
                result.notes.append("FAILED: " + traceback.format_exc(limit=5))
            path = result.write()
            print(f"  {time.perf_counter() - started:.0f} s -> {path}", flush=True)
            for target in result.targets:
                print(f"  {target.status.value:<12} {target.text}: {target.evidence}", flush=True)
    summary = write_summary(args.output)
    print(f"summary -> {summary}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
