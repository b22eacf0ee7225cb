"""`mscos serve` as a real process on 127.0.0.1, for the load, scale-out and shutdown tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

MSCOS = Path(sys.executable).parent / "mscos"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServiceProcess:
    """`with ServiceProcess(["--store", "memory"], env={...}) as service: httpx.get(service.url + ...)`."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None, startup_timeout_s: float = 90.0) -> None:
        self.port = free_port()
        self.args = [str(MSCOS), "serve", "--port", str(self.port), "--log-level", "warning", *args]
        self.env = {**os.environ, **(env or {})}
        self.startup_timeout_s = startup_timeout_s
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServiceProcess:
        self.process = subprocess.Popen(self.args, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mscos serve exited: {self.stderr()}")
            try:
                answer = httpx.get(f"{self.url}/health", timeout=1.0)
                if answer.status_code == 200 and answer.json()["vocabulary_loaded"]:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("mscos serve did not start in time")

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
        if self.process is None or self.process.stderr is None:
            return ""
        return self.process.stderr.read().decode("utf-8", "replace")[-4000:]

    def terminate(self, timeout_s: float) -> float:
        """SIGTERM, then the seconds until the process exited (raises if it outlives `timeout_s`)."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=timeout_s)
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session: the server and its children
                self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()
        self.process = None

    def __enter__(self) -> ServiceProcess:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
