"""Fixtures shared by every API test (both API engineers use these).

- ``settings``: in-memory store, default base IRI.
- ``app`` / ``client``: one app per test session, started (lifespan run) once; read-only tests
  share it. A test that needs ``dependency_overrides`` builds its own with ``make_client``.
- ``live_server``: the app served by uvicorn on 127.0.0.1 at a free port, yielding the base URL
  (``http://127.0.0.1:PORT``); for the schemathesis and concurrency tests.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from mscos_api.app import create_app

from mscos_kg.config import Settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(store="memory")


@pytest.fixture(scope="session")
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def make_client(settings: Settings) -> Iterator[Callable[..., TestClient]]:
    """Build a fresh app (optionally with other settings) and a started client for it."""
    opened: list[TestClient] = []

    def factory(custom: Settings | None = None) -> TestClient:
        test_client = TestClient(create_app(custom or settings, warm=False))
        test_client.__enter__()
        opened.append(test_client)
        return test_client

    yield factory
    for test_client in opened:
        test_client.__exit__(None, None, None)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_server(settings: Settings) -> Iterator[str]:
    """uvicorn (uvloop, httptools) in a background thread; yields ``http://127.0.0.1:PORT``."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, loop="uvloop", http="httptools",
        log_level="warning", lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    yield base
    server.should_exit = True
    thread.join(timeout=10)
