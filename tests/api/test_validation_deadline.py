"""Issue 16, item 2 (validation): every validation (POST /validate, /validate.html, PUT /datasets)
runs in a worker process that is ended at the deadline (504) or past its memory cap (413), its
memory given back, and replaced, so the next upload validates normally; a stopped PUT stores nothing."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from mscos_kg.cli import cli
from mscos_kg.config import Settings
from mscos_kg.tokens import TokenRegistry, save_registry

pytestmark = pytest.mark.slow

TOKEN = "mscos_acme-secret-token"
SMALL = b'@prefix x: <http://x/> .\nx:a x:b x:c .\n'
TURTLE = {"Content-Type": "text/turtle"}
#: (method, path, headers): every route that validates an upload.
ROUTES = [
    ("POST", "/validate", TURTLE),
    ("POST", "/validate.html?format=turtle", {**TURTLE, "Accept": "text/html"}),
    ("PUT", "/datasets/big", {**TURTLE, "Authorization": f"Bearer {TOKEN}"}),
]


@pytest.fixture(scope="module")
def large_upload(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("synth") / "large.ttl"
    result = CliRunner().invoke(cli, ["synth", "--evaluations", "2000", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path.read_bytes()


@pytest.fixture(scope="module")
def tokens_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tokens") / "tokens.json"
    save_registry(path, TokenRegistry().with_token("acme", TOKEN))
    return path


def _stopped(client: TestClient, method: str, path: str, headers: dict[str, str], body: bytes,
             status: int, code: str) -> None:
    answer = client.request(method, path, content=body, headers=headers)
    assert answer.status_code == status, answer.text[:500]
    if "html" in path:
        assert "stopped" in answer.text and "Traceback" not in answer.text
    else:
        assert answer.json()["error"]["code"] == code
    workers = client.app.state.validation_workers  # type: ignore[attr-defined]
    assert workers._started == 0  # the killed worker is not kept
    assert client.get("/datasets/big").status_code == 404  # a stopped PUT stored nothing


@pytest.mark.parametrize(("method", "path", "headers"), ROUTES)
def test_validation_past_its_deadline_is_stopped_and_its_worker_replaced(
    make_client: Callable[..., TestClient], large_upload: bytes, tokens_file: Path,
    method: str, path: str, headers: dict[str, str],
) -> None:
    client = make_client(Settings(store="memory", validation_timeout_s=4.0, max_upload_bytes=50_000_000,
                                  tokens_file=tokens_file))
    first = client.post("/validate", content=SMALL, headers=TURTLE)
    assert first.status_code == 200  # the worker has started (its start is not in the deadline)
    started = time.monotonic()
    _stopped(client, method, path, headers, large_upload, 504, "validation_timeout")
    assert time.monotonic() - started < 4.0 + 10  # the deadline, a poll, and slack for a busy machine
    again = client.post("/validate", content=SMALL, headers=TURTLE)
    assert again.status_code == 200 and "conforms" in again.json()


@pytest.mark.parametrize(("method", "path", "headers"), ROUTES)
def test_validation_past_its_memory_cap_is_stopped_with_413(
    make_client: Callable[..., TestClient], large_upload: bytes, tokens_file: Path,
    method: str, path: str, headers: dict[str, str],
) -> None:
    # 64 MB: less than a worker holds once the validation code is imported, so any job that
    # outlives one poll is over the cap.
    client = make_client(Settings(store="memory", validation_memory_mb=64, validation_timeout_s=120.0,
                                  max_upload_bytes=50_000_000, tokens_file=tokens_file))
    started = time.monotonic()
    _stopped(client, method, path, headers, large_upload, 413, "validation_too_large")
    assert time.monotonic() - started < 60  # stopped long before the deadline


def test_a_reused_validation_worker_takes_uploads_larger_than_the_pipe_buffer(live_server: str) -> None:
    # uvloop's readers made the pipe non-blocking: a second large upload to the same worker failed
    # with EAGAIN (503 validation_failed). Under uvicorn with uvloop, as the service runs.
    triples = "".join(f"<http://example.org/s{i}> <http://example.org/p> \"{'x' * 100}\" .\n" for i in range(2000))
    body = triples.encode()
    assert len(body) > 4 * 65_536
    with httpx.Client(base_url=live_server, timeout=120) as http:
        for _ in range(3):
            answer = http.post("/validate", content=body, headers={"Content-Type": "application/n-triples"})
            assert answer.status_code == 200, answer.text[:300]
            assert answer.json()["conforms"] is False  # no dataset described: a report, not an error
