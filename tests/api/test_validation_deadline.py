"""Issue 16, item 2 (validation): POST /validate runs in a worker process that is ended at the
deadline (504, its memory given back) and replaced, so the next upload validates normally."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from mscos_kg.cli import cli
from mscos_kg.config import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def large_upload(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("synth") / "large.ttl"
    result = CliRunner().invoke(cli, ["synth", "--evaluations", "2000", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path.read_bytes()


def test_validation_past_its_deadline_is_stopped_and_its_worker_replaced(
    make_client: Callable[..., TestClient], large_upload: bytes
) -> None:
    client = make_client(Settings(store="memory", validation_timeout_s=4.0, max_upload_bytes=50_000_000))
    small = b'@prefix x: <http://x/> .\nx:a x:b x:c .\n'
    first = client.post("/validate", content=small, headers={"Content-Type": "text/turtle"})
    assert first.status_code == 200
    started = time.monotonic()
    answer = client.post("/validate", content=large_upload, headers={"Content-Type": "text/turtle"})
    assert answer.status_code == 504
    assert answer.json()["error"]["code"] == "validation_timeout"
    assert time.monotonic() - started < 4.0 + 2  # the deadline, and a poll
    workers = client.app.state.validation_workers  # type: ignore[attr-defined]
    assert workers._started == 0  # the killed worker is not kept
    again = client.post("/validate", content=small, headers={"Content-Type": "text/turtle"})
    assert again.status_code == 200 and "conforms" in again.json()
