"""`mscos serve` as a real process on 127.0.0.1, for the load, scale-out and shutdown tests.

Started and stopped by `mscos_kg.store.server.LocalProcess`, as the store server is: one
implementation. It runs in its own process group, so that stopping it ends the store server
and worker processes it started even if it did not get to stop them itself.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

from mscos_kg.store.server import LocalProcess, free_port

MSCOS = Path(sys.executable).parent / "mscos"


class ServiceProcess:
    """`with ServiceProcess(["--store", "memory"], env={...}) as service: httpx.get(service.url + ...)`."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None, startup_timeout_s: float = 90.0) -> None:
        self.port = free_port()
        self.args = [str(MSCOS), "serve", "--port", str(self.port), "--log-level", "warning", *args]
        self.env = {**os.environ, **(env or {})}
        self.startup_timeout_s = startup_timeout_s
        self.process: LocalProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _ready(self) -> bool:
        try:
            answer = httpx.get(f"{self.url}/health", timeout=1.0)
            return answer.status_code == 200 and bool(answer.json()["vocabulary_loaded"])
        except httpx.HTTPError:
            return False

    def start(self) -> ServiceProcess:
        self.process = LocalProcess(self.args, self._ready, env=self.env, own_group=True)
        if self.process.start(self.startup_timeout_s):
            return self
        errors = self.process.errors()
        self.stop()
        raise RuntimeError(f"mscos serve did not start in time: {errors}")

    def settle(self, quick_s: float = 0.03, in_a_row: int = 20, timeout_s: float = 90.0) -> None:
        """Wait until start-up work (the vocabulary's warm-up thread) is over: `in_a_row` /health
        answers each quicker than `quick_s` (or `timeout_s` passed)."""
        deadline = time.monotonic() + timeout_s
        quick = 0
        with httpx.Client(base_url=self.url, timeout=10) as http:
            while quick < in_a_row and time.monotonic() < deadline:
                started = time.perf_counter()
                http.get("/health")
                quick = quick + 1 if time.perf_counter() - started < quick_s else 0
                time.sleep(0.05)

    def stderr(self) -> str:
        return self.process.errors() if self.process is not None else ""

    def terminate(self, timeout_s: float) -> float:
        """SIGTERM, then the seconds until the process exited (raises if it outlives `timeout_s`)."""
        assert self.process is not None
        return self.process.terminate(timeout_s)

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop(grace_s=15)
            self.process = None

    def __enter__(self) -> ServiceProcess:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
