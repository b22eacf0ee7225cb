"""The query benchmark runs end to end at tiny sizes (`--smoke`) and writes its JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "queries.py"


@pytest.mark.slow
@pytest.mark.server
def test_benchmark_smoke(tmp_path: Path) -> None:
    output = tmp_path / "queries.json"
    done = subprocess.run(
        [sys.executable, str(BENCHMARK), "--smoke", "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(output.read_text(encoding="utf-8"))
    (size,) = report["sizes"].values()
    assert set(size["engines"]) == {"embedded", "server", "rdflib"}
    queries = size["engines"]["embedded"]["queries"]
    names = {label.split("(")[0] for label in queries}
    assert {p.stem for p in (BENCHMARK.parents[1] / "sparql").glob("*.rq")} <= names
    assert all(same is True for same in size["agreement"].values())
    assert all(figures["median_s"] >= 0 for figures in queries.values())
