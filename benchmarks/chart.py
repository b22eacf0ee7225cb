"""The summary's chart: one SVG with a panel per benchmark, drawn from the results files.

Written as SVG (text, small, diffable) with a fixed hash salt and no date, so that the same
results always give the same file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

Result = dict[str, Any]

COLOURS = {
    "mscos": "#1b6ca8", "embedded": "#1b6ca8", "api-queries": "#5fa8d3", "api-sparql": "#a9d6e5",
    "mscos-file": "#2a9d8f",
    "hello-world": "#9e9e9e", "oxigraph-server": "#e07a1f", "rdflib-endpoint": "#c0392b", "pyshacl": "#c0392b",
    "baseline": "#9e9e9e", "search": "#1b6ca8", "reconciliation": "#5fa8d3",
}


def _figs(result: Result | None) -> dict[str, Result]:
    return {f["key"]: f for f in result["figures"]} if result else {}


def _err(figs: list[Result | None]) -> list[list[float]]:
    """Asymmetric error bars from min and max around the median."""
    low = [f["median"] - f["min"] if f and f["runs"] else 0.0 for f in figs]
    high = [f["max"] - f["median"] if f and f["runs"] else 0.0 for f in figs]
    return [low, high]


def _legend(ax: Any, **options: Any) -> None:
    if ax.get_legend_handles_labels()[0]:  # an empty legend warns
        ax.legend(fontsize=7, **options)


def _median(figure: Result | None) -> float:
    return float(figure["median"]) if figure and figure["runs"] else 0.0


def _resolution(ax: Any, result: Result | None) -> None:
    figs = _figs(result)
    cases = [("hello-world", "json", "hello world"), ("mscos", "jsonld", "mscos JSON-LD"),
             ("mscos", "html", "mscos HTML"), ("rdflib-endpoint", "describe", "rdflib-endpoint")]
    chosen = [figs.get(f"{s}.{f}.c32.rps") for s, f, _ in cases]
    ax.bar([label for _, _, label in cases], [_median(f) for f in chosen], yerr=_err(chosen), capsize=3,
           color=[COLOURS[s] for s, _, _ in cases])
    ax.set_title("1. Concept resolution, 32 connections")
    ax.set_ylabel("requests/s (higher is better)")
    ax.tick_params(axis="x", labelsize=7)


def _queries(ax: Any, result: Result | None) -> None:
    figs = _figs(result)
    if not figs:
        ax.set_axis_off()
        return
    size = max(int(f["params"]["evaluations"]) for f in figs.values())
    names = list(result["details"].get("queries", [])) if result else []
    engines = ("embedded", "api-queries", "oxigraph-server", "rdflib-endpoint")
    width = 0.8 / len(engines)
    for i, engine in enumerate(engines):
        chosen = [figs.get(f"{engine}.{size}.{n}") for n in names]
        bars = ax.bar([x + i * width for x in range(len(names))], [_median(f) * 1000 for f in chosen], width,
                      label=engine, color=COLOURS[engine])
        for bar, figure in zip(bars, chosen, strict=True):
            if figure is not None and figure["params"].get("lower_bound"):
                bar.set_hatch("///")  # stopped at the time limit: the real bar is taller
    ax.set_yscale("log")
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(names))], names, rotation=60, ha="right", fontsize=7)
    ax.set_ylabel("median latency, ms (log; lower is better)")
    ax.axhline(1000, color="black", linewidth=0.8, linestyle="--")
    ax.set_title(f"2. Named queries, {size:,} evaluations (dashed: the 1 s target; hatched: stopped at the time "
                 "limit, a lower bound)")
    from matplotlib.patches import Patch

    # Plain swatches: the legend would otherwise copy the hatch of a first bar that hit the limit.
    ax.legend(handles=[Patch(color=COLOURS[e], label=e) for e in engines], fontsize=7, ncol=4)


def _validation(ax: Any, result: Result | None) -> None:
    figs = _figs(result)
    sizes = sorted({int(f["params"]["evaluations"]) for f in figs.values()})
    for system, marker in (("mscos", "o"), ("mscos-file", "^"), ("pyshacl", "s")):
        points = [(n, figs[f"{system}.{n}.time"]) for n in sizes if f"{system}.{n}.time" in figs]
        points = [(n, f) for n, f in points if f["runs"]]
        if not points:
            continue
        ax.errorbar([n for n, _ in points], [f["median"] for _, f in points], yerr=_err([f for _, f in points]),
                    marker=marker, capsize=3, label="plain pySHACL" if system == "pyshacl" else system,
                    color=COLOURS[system])
        for n, f in points:
            if f["params"].get("lower_bound"):
                ax.annotate("timed out:\nlower bound", (n, f["median"]), fontsize=7, xytext=(4, -18),
                            textcoords="offset points")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.axhline(30, color="black", linewidth=0.8, linestyle="--")
    ax.axhline(1, color="black", linewidth=0.8, linestyle=":")
    ax.set_xlabel("evaluations")
    ax.set_ylabel("seconds (log; lower is better)")
    ax.set_title("3. Validation time (targets: 1 s at 100, 30 s at 10,000)")
    _legend(ax)


def _suggestion(ax: Any, result: Result | None) -> None:
    figs = _figs(result)
    systems = ("search", "reconciliation", "baseline")
    width = 0.38
    for i, measure in enumerate(("top1", "top3")):
        values = [_median(figs.get(f"{s}.{measure}")) * 100 for s in systems]
        ax.bar([x + i * width for x in range(len(systems))], values, width,
               label=measure.replace("top", "top-"), color=["#1b6ca8", "#5fa8d3"][i])
    ax.set_xticks([x + width / 2 for x in range(len(systems))], systems, fontsize=7)
    ax.axhline(80, color="black", linewidth=0.8, linestyle="--")
    ax.axhline(95, color="black", linewidth=0.8, linestyle=":")
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of phrases")
    ax.set_title("4. Outcome suggestion")
    _legend(ax)


def _startup(ax: Any, result: Result | None) -> None:
    figs = _figs(result)
    keys = [("mscos-memory.cold_start", "mscos"), ("hello-world.cold_start", "hello world"),
            ("rdflib-endpoint-vocabulary.cold_start", "rdflib-\nendpoint")]
    chosen = [figs.get(k) for k, _ in keys]
    ax.bar([label for _, label in keys], [_median(f) for f in chosen], yerr=_err(chosen), capsize=3,
           color=[COLOURS["mscos"], COLOURS["hello-world"], COLOURS["rdflib-endpoint"]])
    ax.axhline(2, color="black", linewidth=0.8, linestyle="--")
    ax.set_ylabel("seconds to first answer")
    ax.set_title("5a. Cold start (target 2 s)")
    ax.tick_params(axis="x", labelsize=7)


def _memory(ax: Any, result: Result | None) -> None:
    figs = _figs(result)
    n = next((f["params"].get("evaluations") for f in figs.values() if f["params"].get("evaluations")), 0)
    keys = [("mscos-memory.rss", "mscos\nvocab.", "mscos"), ("mscos-data.rss", f"mscos\n{n:,}", "mscos"),
            ("oxigraph-server-data.rss", f"oxigraph\n{n:,}", "oxigraph-server"),
            ("rdflib-endpoint-data.rss", f"rdflib-ep.\n{n:,}", "rdflib-endpoint")]
    chosen = [figs.get(k) for k, _, _ in keys]
    ax.bar([label for _, label, _ in keys], [_median(f) for f in chosen], yerr=_err(chosen), capsize=3,
           color=[COLOURS[c] for _, _, c in keys])
    ax.axhline(500, color="black", linewidth=0.8, linestyle="--")
    ax.set_ylabel("resident memory, MB")
    ax.set_title("5b. Memory (target 500 MB)")
    ax.tick_params(axis="x", labelsize=7)


def write_chart(results: dict[str, Result], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "mscos-kg-benchmarks"
    plt.rcParams["font.size"] = 8
    fig = plt.figure(figsize=(12, 12), layout="constrained")
    grid = fig.add_gridspec(3, 6, height_ratios=[1, 1.3, 1])
    _resolution(fig.add_subplot(grid[0, 0:3]), results.get("resolution"))
    _validation(fig.add_subplot(grid[0, 3:6]), results.get("validation"))
    _queries(fig.add_subplot(grid[1, :]), results.get("named_queries"))
    _suggestion(fig.add_subplot(grid[2, 0:2]), results.get("suggestion"))
    _startup(fig.add_subplot(grid[2, 2:4]), results.get("startup"))
    _memory(fig.add_subplot(grid[2, 4:6]), results.get("startup"))
    modes = sorted({r["mode"] for r in results.values()})
    fig.suptitle("mscos-kg benchmarks" + (" (SMOKE MODE: not speed figures)" if "smoke" in modes else ""))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)
    return path
