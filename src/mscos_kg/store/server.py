"""Run a local `oxigraph serve` process (tests, benchmarks, trying the remote store).

The `oxigraph` package installs the server binary next to the Python interpreter.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
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


class LocalProcess:
    """One local server process, started and stopped the one way this project does it (the store
    server here, `mscos serve` in the tests): errors to a file (a long-running server must never
    block on a full pipe), ready when `probe()` says so, stopped by SIGTERM then SIGKILL, ended
    with the process that started it (`PR_SET_PDEATHSIG`)."""

    def __init__(self, command: list[str], probe: Callable[[], bool], *, env: Mapping[str, str] | None = None,
                 own_group: bool = False) -> None:
        self.command = command
        self.probe = probe
        self.env = dict(env) if env is not None else None
        self.own_group = own_group  # its own process group: `stop` then ends its children too
        self._process: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout_s: float) -> bool:
        """Start it; True once `probe()` is true, False if it exited or was not ready in time (then stopped)."""
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process, closed by stop()
        self._process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=self._errors, env=self.env,
                                         preexec_fn=_end_with_parent, start_new_session=self.own_group)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            if self.probe():
                return True
            time.sleep(0.05)
        return False

    def errors(self) -> str:
        """The end of what it wrote to stderr."""
        if self._errors is None:
            return ""
        self._errors.seek(0)
        return self._errors.read().decode("utf-8", "replace").strip()[-4000:]

    def terminate(self, timeout_s: float) -> float:
        """SIGTERM, then the seconds until it exited (raises subprocess.TimeoutExpired past `timeout_s`)."""
        assert self._process is not None
        started = time.monotonic()
        self._process.send_signal(signal.SIGTERM)
        self._process.wait(timeout=timeout_s)
        return time.monotonic() - started

    def kill(self) -> None:
        """SIGKILL (its whole group if it has its own) and wait for it."""
        if self._process is None:
            return
        if self.own_group:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
        self._process.kill()
        self._process.wait()

    def stop(self, grace_s: float = 10.0) -> None:
        """SIGTERM, SIGKILL after `grace_s`; idempotent."""
        if self._process is not None:
            if self._process.poll() is None:
                try:
                    self.terminate(grace_s)
                except subprocess.TimeoutExpired:
                    self.kill()
            elif self.own_group:  # it exited: its group may not have
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._process.pid, signal.SIGKILL)
            self._process = None
        if self._errors is not None:
            self._errors.close()
            self._errors = None


class OxigraphServer:
    """`with OxigraphServer() as server: RemoteStore(...server.url...)`; in memory unless `location`."""

    def __init__(
        self, location: Path | None = None, *, startup_timeout_s: float = 20.0, timeout_s: float | None = None,
        port: int = 0,
    ) -> None:
        self.location = location
        self.startup_timeout_s = startup_timeout_s
        self.timeout_s = timeout_s  # the server's own query time limit (--timeout-s), if any
        self.port = port  # 0: a free one, chosen at each start
        self.failure = ""  # the last start's error output, for messages
        self._process: LocalProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> OxigraphServer:
        fixed = self.port
        for _ in range(3):  # the port may be taken between choosing and binding it
            self.port = fixed or free_port()
            command = [str(oxigraph_binary()), "serve", "--bind", f"127.0.0.1:{self.port}"]
            if self.location is not None:
                command += ["--location", str(self.location)]
            if self.timeout_s is not None:
                command += ["--timeout-s", str(max(1, round(self.timeout_s)))]
            self._process = LocalProcess(command, self._answers)
            if self._process.start(self.startup_timeout_s):
                return self
            self.failure = self._process.errors()[-1000:]
            self.stop()
            if "lock" in self.failure.lower():
                break  # another process holds the directory: trying other ports will not help
        raise StoreUnavailableError(f"oxigraph serve did not start{': ' + self.failure if self.failure else ''}")

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def running(self) -> bool:
        return self._process is not None and self._process.running()

    def _answers(self) -> bool:
        try:
            httpx.get(f"{self.url}/query", params={"query": "ASK {}"}, timeout=1.0)
            return True
        except httpx.TransportError:
            return False

    def restart(self) -> None:
        """Kill the server (whatever it is computing) and start it again on the same port; the
        directory's transactions make this safe: an interrupted write is rolled back on opening."""
        if self._process is not None:
            self._process.kill()
            self._process.stop()
            self._process = None
        self.start()  # self.port is set: the same one

    def stop(self) -> None:
        if self._process is not None:
            self._process.stop()
            self._process = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
