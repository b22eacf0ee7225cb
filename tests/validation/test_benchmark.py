"""The validation benchmark runs (tiny sizes) and writes its JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.validation.conftest import ROOT


@pytest.mark.slow
def test_benchmark_smoke(tmp_path: Path) -> None:
    out = tmp_path / "validation.json"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "validation.py"), "--smoke", "--output", str(out)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    body = json.loads(out.read_text(encoding="utf-8"))
    assert [run["evaluations"] for run in body["runs"]] == [3, 8]
    for run in body["runs"]:
        assert run["mscos"]["status"] == "ok" and run["pyshacl"]["status"] == "ok"
        assert run["same_results"] is True and run["same_results_graph"] is True
        assert run["mscos"]["peak_rss_mb"] > 0
