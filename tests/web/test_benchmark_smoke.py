"""The web pages benchmark runs (smoke mode) and writes its figures; its times are not judged here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.common import Context
from benchmarks.web_pages import NAME, run


@pytest.mark.slow
def test_web_pages_benchmark_runs_in_smoke_mode(tmp_path: Path) -> None:
    result = run(Context(smoke=True, output=tmp_path, workdir=tmp_path))
    data = json.loads(result.write().read_text(encoding="utf-8"))
    assert data["benchmark"] == NAME
    keys = {f["key"] for f in data["figures"]}
    assert keys == {"concept.cold_render", "concept.served", "home.served", "search.served"}
    assert all(f["runs"] and f["median"] > 0 for f in data["figures"])
    assert data["targets"] and data["targets"][0]["source"] == "issue 6"
