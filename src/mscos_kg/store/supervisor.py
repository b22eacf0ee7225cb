"""One Oxigraph server process that owns a store directory, for `mscos serve` (docs/store.md).

pyoxigraph cannot stop a running query, and a RocksDB directory can be opened by one process
only (another one's read-only view is undefined while the first writes). So for a directory
store, `mscos serve` starts `oxigraph serve --location DIR` on 127.0.0.1 at a free port with the
query time limit as its `--timeout-s`, and every service process is a client of it through
`RemoteStore`: the server really stops a query at its time limit, and any number of service
processes share the one writer.

While it runs, a *run file* beside the directory (``DIR.server.json``, readable by its owner
only) names the server's URL and process id, so that `mscos load` and `mscos query` on the same
directory go through the running server instead of failing on the directory's lock. Anyone who
can reach 127.0.0.1 on this machine can query and update that server: see docs/deployment.md.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from types import TracebackType

import httpx

from mscos_kg.store.server import OxigraphServer
from mscos_kg.store.watchdog import Watchdog, overrun_file

RUN_SUFFIX = ".server.json"


def run_file(location: Path) -> Path:
    """The run file of a store directory: ``data/store`` -> ``data/store.server.json``."""
    location = Path(location)
    return location.with_name(location.name + RUN_SUFFIX)


def running_server(location: Path) -> str | None:
    """The URL of the live store server that owns `location`, or None (no run file, or a stale one)."""
    path = run_file(location)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        url, pid = str(record["url"]), int(record["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # left behind by a server that was killed
    except PermissionError:
        pass  # alive, another user's
    try:
        httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2.0)
    except httpx.HTTPError:
        return None
    return url


class StoreServer:
    """`with StoreServer(DIR, timeout_s) as server: ... server.url ...`; writes and removes the run file."""

    def __init__(self, location: Path, timeout_s: float) -> None:
        self.location = Path(location)
        self._server = OxigraphServer(self.location, timeout_s=timeout_s, startup_timeout_s=60.0)
        # Restarts the server when a service process reports a query it did not stop (store/watchdog.py).
        self.watchdog = Watchdog(overrun_file(self.location), self.restart, min_interval_s=max(5.0, timeout_s))

    @property
    def url(self) -> str:
        return self._server.url

    @property
    def pid(self) -> int | None:
        return self._server.pid

    def start(self) -> StoreServer:
        self.location.parent.mkdir(parents=True, exist_ok=True)
        self._server.start()
        self._write_run_file()
        self.watchdog.start()
        return self

    def restart(self) -> None:
        """Kill the server and start it again on the same URL (the watchdog's remedy for a runaway query)."""
        self._server.restart()
        self._write_run_file()

    def _write_run_file(self) -> None:
        path = run_file(self.location)
        temporary = path.with_name(path.name + ".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"url": self.url, "pid": self.pid, "supervisor": os.getpid()}, out)
        os.replace(temporary, path)  # readers see the whole record or none

    def stop(self) -> None:
        self.watchdog.stop()
        path = run_file(self.location)
        with contextlib.suppress(OSError, ValueError):
            if json.loads(path.read_text(encoding="utf-8")).get("pid") == self.pid:
                path.unlink()
        self._server.stop()

    def __enter__(self) -> StoreServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
