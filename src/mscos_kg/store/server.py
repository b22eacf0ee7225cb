"""Run a local `oxigraph serve` process (tests, benchmarks, trying the remote store).

The `oxigraph` package installs the server binary next to the Python interpreter.
"""

from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import IO

import httpx

from mscos_kg.store.errors import StoreUnavailableError


def oxigraph_binary() -> Path:
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return beside
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreUnavailableError("the oxigraph server binary is not installed (pip install oxigraph)")
    return Path(found)


def _end_with_parent() -> None:
    """In the child before exec: Linux ends it when the process that started it dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class OxigraphServer:
    """`with OxigraphServer() as server: RemoteStore(...server.url...)`; in memory unless `location`."""

    def __init__(
        self, location: Path | None = None, *, startup_timeout_s: float = 20.0, timeout_s: float | None = None
    ) -> None:
        self.location = location
        self.startup_timeout_s = startup_timeout_s
        self.timeout_s = timeout_s  # the server's own query time limit (--timeout-s), if any
        self.port = 0
        self.failure = ""  # the last start's error output, for messages
        self._process: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> OxigraphServer:
        for _ in range(3):  # the port may be taken between choosing and binding it
            self.port = free_port()
            command = [str(oxigraph_binary()), "serve", "--bind", f"127.0.0.1:{self.port}"]
            if self.location is not None:
                command += ["--location", str(self.location)]
            if self.timeout_s is not None:
                command += ["--timeout-s", str(max(1, round(self.timeout_s)))]
            # Errors to a file, not a pipe: a long-running server must never block on a full pipe.
            self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server, closed by stop()
            self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self._errors,
                                             preexec_fn=_end_with_parent)
            if self._wait_ready():
                return self
            self._errors.seek(0)
            self.failure = self._errors.read().decode("utf-8", "replace").strip()[-1000:]
            self.stop()
            if "lock" in self.failure.lower():
                break  # another process holds the directory: trying other ports will not help
        raise StoreUnavailableError(f"oxigraph serve did not start{': ' + self.failure if self.failure else ''}")

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                return False
            try:
                httpx.get(f"{self.url}/query", params={"query": "ASK {}"}, timeout=1.0)
                return True
            except httpx.TransportError:
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._errors is not None:
            self._errors.close()
            self._errors = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
