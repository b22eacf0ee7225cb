"""SUMMARY.md and its chart, written from the results files of a results directory.

Reads only the JSON files (never the benchmarks' objects), so the summary can be rewritten from
committed results alone: `python -m benchmarks.summary [DIR]`.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS_DIR, SCHEMA_VERSION, fmt

ORDER = ("resolution", "named_queries", "validation", "suggestion", "startup")  # issue 7's, numbered; others follow
CHART = "summary.svg"
Result = dict[str, Any]


def load_results(directory: Path) -> tuple[dict[str, Result], list[str]]:
    """The suite's results files by benchmark name, and the names of files it could not use."""
    results: dict[str, Result] = {}
    foreign = []
    others = sorted(p.stem for p in directory.glob("*.json") if p.stem not in ORDER)
    for name in (*ORDER, *others):
        path = directory / f"{name}.json"
        if not path.exists():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            foreign.append(path.name)
            continue
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION:
            foreign.append(path.name)  # e.g. written by `python benchmarks/validation.py` on its own
            continue
        results[name] = data
    return results, foreign


def figures(result: Result) -> dict[str, Result]:
    return {f["key"]: f for f in result["figures"]}


def spread(figure: Result | None, unit: str = "", digits: int = 3) -> str:
    """'median (min-max)' of a figure, or n/a."""
    if figure is None or not figure["runs"]:
        return "n/a"
    if len(figure["runs"]) == 1:
        return fmt(figure["median"], unit, digits)
    return f"{fmt(figure['median'], unit, digits)} ({fmt(figure['min'], '', digits)}-{fmt(figure['max'], '', digits)})"


def ratio(figure: Result | None, baseline_key: str | None = None, *, invert: bool = False) -> str:
    """The figure's ratio to a baseline as 'x.xx x'; `invert` for 'how many times faster'."""
    if figure is None:
        return "n/a"
    key = baseline_key or (figure["baselines"][0] if figure["baselines"] else None)
    value = figure["ratios"].get(key) if key else None
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == 0:
        return "n/a"
    return f"{(1 / value if invert else value):.2f}x"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


# ---------------------------------------------------------------------- sections
def resolution_section(result: Result) -> list[str]:
    figs = figures(result)
    details = result["details"]
    rows = []
    for system, fmt_ in (("hello-world", "json"), ("mscos", "jsonld"), ("mscos", "html"),
                         ("rdflib-endpoint", "describe")):
        for c in (1, 32):
            rps = figs.get(f"{system}.{fmt_}.c{c}.rps")
            if rps is None:
                continue
            rows.append([
                system, fmt_, str(c), spread(rps, "", 3),
                ratio(rps, f"hello-world.json.c{c}.rps") if system != "hello-world" else "1 (ceiling)",
                ratio(rps, f"rdflib-endpoint.describe.c{c}.rps") if system == "mscos" else "",
                spread(figs.get(f"{system}.{fmt_}.c{c}.p50")), spread(figs.get(f"{system}.{fmt_}.c{c}.p99")),
            ])
    lines = [f"Load generator: {details.get('load_generator')}, {details.get('duration_s')} s per run, "
             f"{details.get('rounds')} rounds interleaved; {details.get('server_settings')}. Concept: "
             f"`{details.get('concept')}`. rdflib-endpoint answers `DESCRIBE` (in RDF/XML whatever is asked).", ""]
    lines += table(["server", "format", "conn.", "req/s median (min-max)", "vs ceiling", "vs rdflib-endpoint",
                    "p50 ms", "p99 ms"], rows)
    return lines


def queries_section(result: Result) -> list[str]:
    figs = figures(result)
    details = result["details"]
    sizes = sorted({int(f["params"]["evaluations"]) for f in result["figures"]})
    limits = ", ".join(f"{engine} {limit:.0f} s" for engine, limit in details.get("limits_s", {}).items())
    lines = ["The embedded store and the service read a store directory (RocksDB, as the service's default "
             "`data/store`); `oxigraph serve` holds the same data in memory. "
             "Median latency in ms (min-max over the runs). `vs rdflib` is how many times longer "
             "rdflib-endpoint takes than the service's `/queries`; `API overhead` is `/queries` over the "
             "store called in process (the two timed alternately), with the time it adds. "
             f"Repetitions: {details.get('repetitions')}. Time limits per request: "
             f"{limits}; `> N` is a run stopped at that limit (a lower bound), not run again on more data; "
             "`(V)`: rdflib-endpoint refused the query with its parameters substituted (an rdflib bug) and was "
             "timed with them as a trailing VALUES block."]
    engines = ("embedded", "api-queries", "api-sparql", "oxigraph-server", "rdflib-endpoint")
    for size in sizes:
        load_s = details.get("load_s", {}).get(str(size))
        floor, hello = figs.get(f"http_floor.{size}"), figs.get(f"hello_floor.{size}")
        floor_text = f"; an HTTP round trip to the service's `/health`: {_ms(floor)} ms" if floor is not None else ""
        if hello is not None:
            floor_text += f", to a hello-world FastAPI app: {_ms(hello)} ms"
        lines += ["", f"**{size:,} evaluations** (validating and loading them into the store: {load_s} s{floor_text})",
                  ""]
        rows = []
        for name in details.get("queries", []):
            cells = [f"`{name}`"]
            for engine in engines:
                figure = figs.get(f"{engine}.{size}.{name}")
                cells.append(_ms(figure))
            api = figs.get(f"api-queries.{size}.{name}")
            rdflib = figs.get(f"rdflib-endpoint.{size}.{name}")
            bound = "> " if rdflib is not None and rdflib["params"].get("lower_bound") else ""
            cells.append(bound + ratio(api, f"rdflib-endpoint.{size}.{name}", invert=True))
            cells.append(ratio(api, f"embedded.{size}.{name}") + _added_ms(api, figs.get(f"embedded.{size}.{name}")))
            rows.append(cells)
        lines += table(["query", *engines, "vs rdflib", "API overhead"], rows)
    return lines


def _added_ms(figure: Result | None, baseline: Result | None) -> str:
    """` (+0.52 ms)`: what a figure adds to its baseline, both medians in seconds."""
    if figure is None or baseline is None or not figure["runs"] or not baseline["runs"]:
        return ""
    added = (figure["median"] - baseline["median"]) * 1000
    return f" ({'+' if added >= 0 else '-'}{fmt(abs(added))} ms)"


def _ms(figure: Result | None) -> str:
    if figure is None or not figure["runs"]:
        return "error" if figure is not None and figure.get("note") else "n/a"
    if figure["params"].get("lower_bound"):
        return f"> {fmt(figure['median'] * 1000)}"
    if "VALUES" in figure.get("note", ""):  # rdflib-endpoint refused the substituted text
        return f"{fmt(figure['median'] * 1000)} (V)"
    if len(figure["runs"]) == 1:
        return fmt(figure["median"] * 1000)
    return f"{fmt(figure['median'] * 1000)} ({fmt(figure['min'] * 1000)}-{fmt(figure['max'] * 1000)})"


def validation_section(result: Result) -> list[str]:
    figs = figures(result)
    sizes = sorted({int(f["params"]["evaluations"]) for f in result["figures"]})
    # Results files before `mscos validate` streamed Turtle have `mscos-file` where now `mscos-graph` is.
    second = "mscos-graph" if any(f["system"] == "mscos-graph" for f in result["figures"]) else "mscos-file"
    rows = []
    for n in sizes:
        ref_t, ref_m = figs.get(f"pyshacl.{n}.time"), figs.get(f"pyshacl.{n}.peak")
        bound = ref_t is not None and ref_t["params"].get("lower_bound")
        ref_text = f"> {fmt(ref_t['median'])} (timed out)" if bound and ref_t else spread(ref_t) if ref_t else "not run"
        cells = [f"{n:,}", ref_text, spread(ref_m) if ref_m else "n/a"]
        for engine in ("mscos", second):
            own_t, own_m = figs.get(f"{engine}.{n}.time"), figs.get(f"{engine}.{n}.peak")
            faster = ratio(own_t, f"pyshacl.{n}.time", invert=True) if ref_t else "n/a"
            cells += [spread(own_t), ("> " if bound and faster != "n/a" else "") + faster, spread(own_m)]
        rows.append(cells)
    engines = ("`mscos` is `mscos validate FILE` (Turtle streamed, parsing included), `mscos-graph` "
               "`validate_graph` on an rdflib graph (the API; parsing excluded, the graph in its memory)"
               if second == "mscos-graph" else
               "`mscos` is `validate_graph` (the API, `mscos validate`; parsing excluded), `mscos-file` the "
               "streaming path for large files (parsing included)")
    lines = ["Seconds to validate and peak memory (the process's maximum resident set, MB), one fresh process per "
             f"run. {engines}, plain pySHACL the reference (parsing excluded). "
             "`speed-up` is how many times longer plain pySHACL takes.", ""]
    lines += table(["evaluations", "pySHACL s", "pySHACL MB", "mscos s", "speed-up", "mscos MB", f"{second} s",
                    "speed-up", f"{second} MB"], rows)
    return lines


def suggestion_section(result: Result) -> list[str]:
    figs = figures(result)
    rows = []
    for system in ("search-held-out", "reconciliation-held-out", "search-untyped-held-out",
                   "search-without-linked-text-held-out", "baseline-held-out", "search-tune", "reconciliation-tune",
                   "baseline-tune", "search", "reconciliation", "baseline"):
        top1, top3 = figs.get(f"{system}.top1"), figs.get(f"{system}.top3")
        if top1 is None or top3 is None:
            continue
        rows.append([system, str(top1["params"]["phrases"]), f"{top1['median']:.1%}", f"{top3['median']:.1%}",
                     ratio(top1), ratio(top3)])
    split = result["details"].get("split", {})
    lines = [f"{result['details'].get('phrases')} phrases (tests/data/search_phrases.yaml), split once by a fixed "
             f"rule into tune ({split.get('tune')}) and held-out ({split.get('held-out')}); the held-out part is "
             "only measured (docs/decisions/0018). Restricted to final outcomes unless `untyped`. The baseline "
             "ranks final outcomes by word overlap with their labels.", ""]
    lines += table(["system", "phrases", "top-1", "top-3", "top-1 vs baseline", "top-3 vs baseline"], rows)
    latency = [[f["label"], f"{f['median']:.1f} ms", ", ".join(f"{ratio(f, b)} {b}" for b in f["baselines"]) or "-"]
               for key, f in figs.items() if ".batch" in key]
    if latency:
        lines += ["", "Latency of a 10-query batch (in process; the baseline matcher timed in the same run):", ""]
        lines += table(["figure", "value", "ratio to baseline"], latency)
    return lines


def startup_section(result: Result) -> list[str]:
    figs = figures(result)
    rows = []
    for key, figure in figs.items():
        if key.endswith(".cold_start"):
            rows.append([figure["label"].removeprefix("cold start, "), "cold start", spread(figure, "s"),
                         ", ".join(f"{ratio(figure, b)} {b.removesuffix('.cold_start')}" for b in figure["baselines"])
                         or "baseline"])
    for key, figure in figs.items():
        if key.endswith(".rss"):
            rows.append([figure["label"].removeprefix("memory, "), "memory (RSS)", spread(figure, "MB"),
                         ", ".join(f"{ratio(figure, b)} {b.removesuffix('.rss')}" for b in figure["baselines"])
                         or "baseline"])
    return table(["server", "measure", "median (min-max)", "ratio"], rows)


def generic_section(result: Result) -> list[str]:
    """Any other benchmark's figures: median (min-max) and the ratio to each baseline."""
    rows = [[f["label"], spread(f, f["unit"]),
             ", ".join(f"{ratio(f, b)} {b}" for b in f["baselines"]) or "-"] for f in result["figures"]]
    return table(["figure", "median (min-max)", "ratio to baseline"], rows)


SECTIONS: dict[str, Callable[[Result], list[str]]] = {
    "resolution": resolution_section,
    "named_queries": queries_section,
    "validation": validation_section,
    "suggestion": suggestion_section,
    "startup": startup_section,
}


def render(results: dict[str, Result], foreign: list[str], chart: str | None) -> str:
    first = next(iter(results.values()), None)
    lines = ["# Benchmark results", ""]
    if first is None:
        return "\n".join([*lines, "No results yet: run `make bench`.", ""])
    modes = sorted({r["mode"] for r in results.values()})
    dates = sorted(r["date"] for r in results.values())
    machine = first["machine"]
    lines += [
        f"Written by `python -m benchmarks.run` ({' and '.join(modes)} mode{'s' if len(modes) > 1 else ''}), "
        f"runs from {dates[0]} to {dates[-1]}, on {machine['cores']} cores ({machine['cores_usable']} usable), "
        f"{machine['memory_gb']} GB, Python {machine['python']}. How to read and re-run: "
        "[docs/benchmarks.md](../../docs/benchmarks.md). Every figure is a median over repeated runs, with its "
        "minimum and maximum, and is compared with a baseline measured in the same run: on these shared machines "
        "single figures move by about 25%, ratios much less.",
        "",
    ]
    if "smoke" in modes:
        lines += ["**Smoke mode: tiny data and runs of a second; these figures say nothing about speed.**", ""]
    if chart:
        lines += [f"![Benchmark chart]({chart})", ""]
    lines += ["## Targets", ""]
    rows = []
    for result in results.values():
        for target in result["targets"]:
            source = "" if target["source"] == "issue 7" else f" ({target['source']})"
            rows.append([target["text"] + source, f"**{target['status']}**", target["evidence"]])
    lines += table(["target", "status", "measured"], rows)
    for name, result in results.items():
        heading = f"{ORDER.index(name) + 1}. {result['title']}" if name in ORDER else result["title"]
        lines += ["", f"## {heading}", ""]
        section = SECTIONS.get(name, generic_section)
        lines += section(result) if result["figures"] else ["No figures (the benchmark failed; see notes)."]
        if result["notes"]:  # a failure's traceback stays in the JSON; its first line is enough here
            notes = [n.strip().splitlines()[0] if n.startswith("FAILED") else n for n in result["notes"]]
            lines += ["", "Notes:", *[f"- {n}" for n in notes]]
        lines += ["", f"Results file: [{name}.json]({name}.json) ({result['mode']} mode, {result['date']}, "
                      f"{result['duration_s']:.0f} s)."]
    lines += ["", "## Versions", ""]
    lines += table(["tool", "version"], [[k, str(v)] for k, v in first["versions"].items()])
    if foreign:
        others = ", ".join(foreign)
        lines += ["", f"Also in this directory, not written by `benchmarks.run` (not summarized): {others}."]
    return "\n".join(lines) + "\n"


def write_summary(directory: Path) -> Path:
    from benchmarks.chart import write_chart

    results, foreign = load_results(directory)
    chart = write_chart(results, directory / CHART) if results else None
    path = directory / "SUMMARY.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(results, foreign, chart.name if chart else None), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_summary(Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS_DIR))
