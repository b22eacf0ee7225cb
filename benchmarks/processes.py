"""Servers under test as subprocesses on 127.0.0.1: started on a free port, waited for, always killed.

Every Python server is started with the same uvicorn settings as `mscos serve`
(`UVICORN_SETTINGS`), so that the service, the hello-world ceiling and rdflib-endpoint differ
only in the application they run. A server's output goes to a log file, never to a pipe: a
full pipe would stall a busy server and skew its figures.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx

from mscos_kg.store.server import free_port, oxigraph_binary

HOST = "127.0.0.1"  # only ever the loopback interface

# As in src/mscos_kg/cli/serve_cmd.py: uvloop and httptools, one worker. Access logs are off
# everywhere (log level "warning") because they cost the same per request on every server and
# would only measure the logging.
UVICORN_SETTINGS = {"loop": "uvloop", "http": "httptools", "log_level": "warning"}
LOG_LEVEL = str(UVICORN_SETTINGS["log_level"])

_RUNNING: set[subprocess.Popen[bytes]] = set()


def _kill_leftovers() -> None:
    for process in list(_RUNNING):
        if process.poll() is None:
            process.kill()


atexit.register(_kill_leftovers)


class ServerFailedError(RuntimeError):
    """A server exited or never answered its health check."""


@dataclass
class Server:
    """`with Server("mscos", command_for_port, "/health") as s: ...s.url...`."""

    name: str
    command: list[str]  # "{port}" in any argument is replaced by the chosen port
    health: str = "/health"
    logdir: Path = field(default_factory=lambda: Path("/tmp"))
    env: dict[str, str] = field(default_factory=dict)
    startup_timeout_s: float = 120.0
    port: int = 0
    ready_s: float = float("nan")  # from Popen to the first answered health check
    _process: subprocess.Popen[bytes] | None = None
    _started: float = 0.0
    _log: Path = field(default_factory=lambda: Path("/dev/null"))

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        if self._process is None:
            raise ServerFailedError(f"{self.name} is not running")
        return self._process.pid

    def start(self) -> Server:
        """Launch and wait until the health check answers (three tries: the port may be taken)."""
        error = ""
        for attempt in range(3):
            if attempt or self._process is None:
                self.launch()
            if self._wait_ready():
                return self
            error = self._log.read_text(errors="replace")[-2000:]
            self.stop()
        raise ServerFailedError(f"{self.name} did not start: {error}")

    def launch(self) -> None:
        """Start the process on a free port without waiting (see `start_all`)."""
        self.port = free_port()
        command = [part.replace("{port}", str(self.port)) for part in self.command]
        self._log = self.logdir / f"{self.name}-{self.port}.log"
        with self._log.open("wb") as handle:
            self._started = time.perf_counter()
            self._process = subprocess.Popen(
                command, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **self.env},
                cwd=Path(__file__).resolve().parent.parent, preexec_fn=_die_with_parent,
            )
        _RUNNING.add(self._process)

    def _wait_ready(self) -> bool:
        assert self._process is not None
        deadline = time.perf_counter() + self.startup_timeout_s
        with httpx.Client(timeout=2.0) as client:
            while time.perf_counter() < deadline:
                if self._process.poll() is not None:
                    return False
                try:
                    if client.get(self.url + self.health).status_code == 200:
                        self.ready_s = time.perf_counter() - self._started
                        return True
                except httpx.TransportError:
                    pass
                time.sleep(0.01)  # fine-grained: the cold-start figure depends on it
        return False

    def rss_mb(self) -> float:
        """Resident memory of the server process, from /proc (MB = 10^6 bytes)."""
        return rss_mb(self.pid)

    def wait_idle(self, quiet_s: float = 0.5, max_s: float = 60.0) -> float:
        """Wait until the process has used (almost) no CPU for `quiet_s`; return the seconds waited.

        A server may go on working after its answer is sent (rdflib-endpoint's collector walks a
        heap of millions of objects after a large query) or after loading; on a 2-core machine
        that work would be timed with whatever runs next. Reads /proc (Linux); where it is
        missing the CPU time reads 0, so this returns after `quiet_s`.
        """
        started = time.perf_counter()
        last, quiet_since = cpu_seconds(self.pid), started
        while time.perf_counter() - started < max_s:
            time.sleep(0.1)
            used = cpu_seconds(self.pid)
            if used - last > 0.02:  # more than a fifth of a core over the last 0.1 s
                quiet_since = time.perf_counter()
            elif time.perf_counter() - quiet_since >= quiet_s:
                break
            last = used
        return round(time.perf_counter() - started, 3)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:  # uvicorn waits for a running request; a query of minutes is not worth waiting for
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        _RUNNING.discard(process)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def start_all(servers: list[Server]) -> None:
    """Launch every server at once (slow loaders overlap), then wait for each.

    Launched from the calling thread, never from a pool: a child set to die with its parent
    (`_die_with_parent`) dies when the *thread* that started it ends.
    """
    try:
        for server in servers:
            server.launch()
        for server in servers:
            server.start()  # waits; launches again only if the first try failed
    except BaseException:
        for server in servers:
            server.stop()
        raise


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) the process has used so far; 0.0 where /proc is missing."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the suite dies, even by SIGKILL (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)
    except OSError:
        pass  # not Linux: the atexit hook and the context managers still stop the servers


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1000  # kB -> MB
    raise ServerFailedError(f"no VmRSS for process {pid}")


# ---------------------------------------------------------------------- the servers of the suite
def mscos_server(logdir: Path, store: str, env: dict[str, str] | None = None, extra: Sequence[str] = ()) -> Server:
    """The project's service, started exactly as users start it (`mscos serve`; `extra`: more options)."""
    command = [sys.executable, "-m", "mscos_kg.cli.entry", "serve", "--host", HOST, "--port", "{port}",
               "--store", store, "--log-level", LOG_LEVEL, *extra]
    return Server("mscos", command, "/health", logdir, env or {})


def hello_server(logdir: Path, workers: int = 1) -> Server:
    """The ceiling: a hello-world FastAPI app under the same uvicorn settings."""
    command = [sys.executable, "-m", "benchmarks.hello_app", "--port", "{port}", "--workers", str(workers)]
    return Server("hello-world", command, "/health", logdir)


def rdflib_server(logdir: Path, files: list[Path]) -> Server:
    """rdflib-endpoint over the given files, under the same uvicorn settings."""
    command = [sys.executable, "-m", "benchmarks.rdflib_server", "--port", "{port}", *map(str, files)]
    return Server("rdflib-endpoint", command, "/health", logdir, startup_timeout_s=600.0)


def oxigraph_server(logdir: Path) -> Server:
    """`oxigraph serve` in memory; the default graph is the union, as in the project's store."""
    command = [str(oxigraph_binary()), "serve", "--bind", f"{HOST}:{{port}}", "--union-default-graph"]
    return Server("oxigraph-server", command, "/query?query=ASK%7B%7D", logdir)
