"""The benchmark suite in smoke mode, so that its code cannot rot (issue 7).

Runs `python -m benchmarks.run --smoke` into a temporary directory and checks that every
benchmark wrote its results with sane numbers, and the summary and chart. The figures
themselves are not judged: the suite never fails on a figure, only on broken code.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXPECTED = {
    # benchmark -> figure keys that must hold a positive, finite median
    "resolution": ["mscos.jsonld.c32.rps", "mscos.html.c1.rps", "hello-world.json.c32.rps",
                   "rdflib-endpoint.describe.c32.rps", "mscos.jsonld.c32.p99"],
    "named_queries": ["embedded.10.core_outcomes", "api-queries.10.evaluations_all_core", "api-sparql.10.gap_analysis",
                "oxigraph-server.10.core_outcome_coverage", "rdflib-endpoint.10.outcomes_by_domain"],
    "query_growth": ["embedded.10.core_outcome_coverage", "embedded.100.gap_analysis"],
    "validation": ["mscos.5.time", "mscos.5.peak", "pyshacl.5.time", "mscos.20.time"],
    "suggestion": ["search.top1", "search.top3", "reconciliation.top1", "baseline.top1"],
    "startup": ["mscos-memory.cold_start", "hello-world.cold_start", "mscos-memory.rss", "mscos-data.rss",
                "rdflib-endpoint-data.rss"],
    "hostile": ["legit.alone.rps", "legit.attacked.rps", "legit.alone.p99", "legit.attacked.p99"],  # issue 16
    "store_hop": ["reads.httpx.qps", "reads.kept.qps", "reads.kept.ms"],  # issue 16 (service parts: full mode)
    "web_pages": [],  # issue 6's benchmark (benchmarks/web_pages.py): it must run; its keys are its own
    "ingestion": ["validate.20.time", "load.20.time", "bulk.20.time", "floor.20.time", "load.20.peak"],
    "store_engines": ["embedded.vocabulary_load", "oxigraph-server.vocabulary_load", "oxigraph-server.core_outcomes"],
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("bench-results")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--output", str(output)],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return output


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_benchmark_writes_sane_results(results: Path, name: str) -> None:
    data = json.loads((results / f"{name}.json").read_text(encoding="utf-8"))
    assert data["benchmark"] == name and data["mode"] == "smoke"
    assert data["machine"]["cores"] >= 1 and data["versions"]["mscos-kg"]
    assert not [n for n in data["notes"] if n.startswith("FAILED")], data["notes"]
    figures = {f["key"]: f for f in data["figures"]}
    for key in EXPECTED[name]:
        figure = figures[key]
        assert figure["runs"], key
        assert math.isfinite(figure["median"]) and figure["median"] > 0, (key, figure["median"])
        assert figure["min"] <= figure["median"] <= figure["max"], key
    # every figure that has a baseline measured in the run carries its ratio
    for figure in figures.values():
        for baseline in figure["baselines"]:
            # (no ratio to a baseline of zero, e.g. a baseline that finds none of a phrase group)
            if figures.get(baseline, {}).get("runs") and figure["runs"] and figures[baseline]["median"] != 0:
                assert figure["ratios"][baseline] > 0, (figure["key"], baseline)
    assert data["targets"], "each benchmark states its targets"
    assert {t["status"] for t in data["targets"]} <= {"MET", "MISSED", "NOT MEASURED"}


@pytest.mark.slow
@pytest.mark.server
def test_the_summary_states_every_target_and_links_the_chart(results: Path) -> None:
    summary = (results / "SUMMARY.md").read_text(encoding="utf-8")
    assert "Smoke mode" in summary
    assert "![Benchmark chart](summary.svg)" in summary
    assert (results / "summary.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for name in EXPECTED:
        for target in json.loads((results / f"{name}.json").read_text(encoding="utf-8"))["targets"]:
            assert target["text"] in summary
