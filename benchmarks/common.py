"""What every benchmark shares: the run context, figures with their statistics, targets, results files.

A figure is one measured quantity of one system (requests/s of the service at 32 connections,
median latency of a query on Oxigraph, ...) over repeated runs: median, min and max, and the
ratio of its median to a *baseline* figure measured in the same run. Single figures move by
~25% on these shared 2-core machines (docs/benchmarks.md); ratios measured side by side do not,
so the summary leads with ratios.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
SCHEMA_VERSION = 1

# Python distributions whose versions go into every results file.
PACKAGES = (
    "mscos-kg", "fastapi", "starlette", "uvicorn", "uvloop", "httptools", "httpx", "pyoxigraph", "oxigraph",
    "rdflib", "rdflib-endpoint", "pyshacl", "pyshacl-turbo", "pydantic",
)


@dataclass(frozen=True)
class Context:
    """How this run was asked to go: smoke or full, where to write, where to keep scratch files."""

    smoke: bool
    output: Path
    workdir: Path
    seed: int = 1
    load_generator: str = "auto"  # auto (wrk when installed) | wrk | python

    @property
    def mode(self) -> str:
        return "smoke" if self.smoke else "full"


def summarize(values: Sequence[float]) -> dict[str, float]:
    """Median, min and max of repeated runs (nan when nothing was measured)."""
    if not values:
        return {"median": math.nan, "min": math.nan, "max": math.nan}
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile, as wrk reports it (no interpolation)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Figure:
    """One measured quantity of one system, over repeated runs."""

    key: str  # unique within its benchmark, e.g. "resolution.mscos.jsonld.c32.rps"
    label: str  # what a reader sees
    unit: str
    system: str  # "mscos", "hello-world", "rdflib-endpoint", "oxigraph-server", "pyshacl", ...
    runs: list[float]
    higher_is_better: bool = False
    baselines: tuple[str, ...] = ()  # keys of the figures this one is compared with, first = main
    ratios: dict[str, float] = field(default_factory=dict)  # baseline key -> median / its median
    params: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    @property
    def median(self) -> float:
        return summarize(self.runs)["median"]

    @property
    def ratio(self) -> float | None:
        """The ratio to the main baseline (None for a baseline itself or when it was not measured)."""
        return self.ratios.get(self.baselines[0]) if self.baselines else None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(summarize(self.runs))
        out["ratio"] = self.ratio
        return out


class Status(StrEnum):
    MET = "MET"
    MISSED = "MISSED"
    NOT_MEASURED = "NOT MEASURED"


@dataclass(frozen=True)
class Target:
    """A target of issue 7 (or of the issue it comes from) and whether this run met it."""

    text: str
    status: Status
    evidence: str  # the figure(s) that decide, in words
    source: str = "issue 7"


@dataclass
class BenchResult:
    name: str
    title: str
    context: Context
    figures: list[Figure] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def relate(self) -> None:
        """Fill every figure's ratios to its baselines' medians (all from this run)."""
        for figure in self.figures:
            for key in figure.baselines:
                base = self.figure(key)
                if base is None or not base.runs or not figure.runs or not base.median or math.isnan(base.median):
                    continue
                figure.ratios[key] = figure.median / base.median

    def to_json(self) -> dict[str, Any]:
        self.relate()
        return {
            "schema": SCHEMA_VERSION,
            "benchmark": self.name,
            "title": self.title,
            "mode": self.context.mode,
            "date": self.started.isoformat(timespec="seconds"),
            "duration_s": round((datetime.now(UTC) - self.started).total_seconds(), 1),
            "machine": machine(),
            "versions": versions(),
            "figures": [f.to_json() for f in self.figures],
            "targets": [{**asdict(t), "status": t.status.value} for t in self.targets],
            "notes": self.notes,
            "details": self.details,
        }

    def write(self) -> Path:
        path = self.context.output / f"{self.name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2, allow_nan=True) + "\n", encoding="utf-8")
        return path


def machine() -> dict[str, Any]:
    load1, load5, _ = os.getloadavg()
    return {
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_end": [round(load1, 2), round(load5, 2)],
    }


def _tool_version(command: list[str]) -> str | None:
    if shutil.which(command[0]) is None and not Path(command[0]).exists():
        return None
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0].split(" [")[0] if text else None  # wrk appends "[epoll] Copyright ..."


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    out["wrk"] = _tool_version(["wrk", "-v"])
    out["oxigraph-server"] = _tool_version([str(Path(sys.executable).parent / "oxigraph"), "--version"])
    return out


def repeat(action: Callable[[], float], *, runs: int, warmup: int = 1) -> list[float]:
    """Call `action` (which returns its own measurement) `warmup` times unrecorded, then `runs` times."""
    for _ in range(warmup):
        action()
    return [action() for _ in range(runs)]


def fmt(value: float | None, unit: str = "", digits: int = 3) -> str:
    """A number for people: three significant digits, thousands separated."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if value == 0:
        text = "0"
    elif abs(value) >= 1000:
        text = f"{value:,.0f}"
    else:
        text = f"{value:.{digits}g}"
    return f"{text} {unit}".strip()
