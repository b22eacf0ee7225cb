"""Schemathesis against the service's own OpenAPI document, on a live uvicorn server.

Property-based requests to every operation (coverage, fuzzing and stateful phases) must never
get a server error (5xx other than the documented 503/504). The server has a partner token so
PUT and DELETE /datasets are exercised past authentication. Bounded to ~75 s of generation.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from mscos_api.app import create_app

from mscos_kg.config import Settings
from mscos_kg.tokens import TokenRegistry, save_registry

TOKEN = "mscos_schemathesis-partner-token"
BUDGET_S = 75


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tokens = tmp_path_factory.mktemp("fuzz") / "tokens.json"
    save_registry(tokens, TokenRegistry().with_token("fuzzer", TOKEN))
    settings = Settings(store="memory", tokens_file=tokens, max_upload_bytes=256 * 1024, query_timeout_s=5)
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="critical", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="fuzz-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not (server.started and server.servers):
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    assert httpx.get(f"{base}/health").status_code == 200
    yield base
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.server
@pytest.mark.slow
def test_schemathesis_finds_no_server_error(fuzz_server: str, tmp_path: Path) -> None:
    binary = Path(sys.executable).parent / "schemathesis"
    command = [
        str(binary), "run", f"{fuzz_server}/openapi.json",
        "--checks", "not_a_server_error",
        "--max-time", str(BUDGET_S),
        "--workers", "1",  # several workers hit a CPython 3.11 ast bug inside hypothesis (SystemError)
        "--header", f"Authorization: Bearer {TOKEN}",
        "--max-failures", "5",
    ]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=BUDGET_S + 60)
    output = done.stdout
    failures = output[output.find("=== FAILURES ===") :] if "=== FAILURES ===" in output else output[-4000:]
    assert done.returncode == 0, failures[:12000]
    assert " passed" in output
