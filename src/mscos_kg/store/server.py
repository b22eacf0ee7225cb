"""Run a local `oxigraph serve` process (tests, benchmarks, trying the remote store).

The `oxigraph` package installs the server binary next to the Python interpreter.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class OxigraphServer:
    """`with OxigraphServer() as server: RemoteStore(...server.url...)`; in memory unless `location`."""

    def __init__(self, location: Path | None = None, *, startup_timeout_s: float = 20.0) -> None:
        self.location = location
        self.startup_timeout_s = startup_timeout_s
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> OxigraphServer:
        for _ in range(3):  # the port may be taken between choosing and binding it
            self.port = free_port()
            command = [str(oxigraph_binary()), "serve", "--bind", f"127.0.0.1:{self.port}"]
            if self.location is not None:
                command += ["--location", str(self.location)]
            self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if self._wait_ready():
                return self
            self.stop()
        raise StoreUnavailableError("oxigraph serve did not start")

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
            if self._process.stderr is not None:
                self._process.stderr.close()
            self._process = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
