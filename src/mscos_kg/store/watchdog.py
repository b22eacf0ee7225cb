"""Stopping runaway queries on the store server `mscos serve` runs for a directory.

`oxigraph serve --timeout-s` does not stop every query: an ORDER BY over a 3-way join of the
vocabulary ran past 40 s with `--timeout-s 2`, a COUNT over the same join 29 s (decision 0014,
fact 2). The service gives up waiting at its deadline, so its slot comes back, but the server
would go on using a core for every such query, and an anonymous client could pile them up.

So a read that the server did not stop in time is an *overrun*: the service process touches the
*overrun file* (``DIR.overrun``, `Settings.store_overrun_file`), and this watchdog, a thread of
the supervising `mscos serve` process, restarts the store server on the same port when the file
changes: killing the process is the only way to stop the query. RocksDB rolls back a write that
was interrupted, so nothing is half stored; queries running at that moment fail once (503, retry).
Restarts are at least `min_interval_s` apart so that a client sending runaway queries cannot keep
the store down: the overruns of one interval are stopped together by the next restart.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("mscos_kg.store")

OVERRUN_SUFFIX = ".overrun"


def overrun_file(location: Path) -> Path:
    """The overrun file of a store directory: ``data/store`` -> ``data/store.overrun``."""
    location = Path(location)
    return location.with_name(location.name + OVERRUN_SUFFIX)


def report_overrun(path: Path) -> None:
    """Tell the watchdog that a query outlived its deadline on the server (from any process)."""
    try:
        with path.open("a", encoding="ascii") as out:
            out.write(f"{time.time():.3f}\n")  # appending changes size and mtime: never missed
    except OSError as exc:
        log.warning("cannot report a query overrun to the store watchdog: %s", exc)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class Watchdog:
    """A daemon thread calling `restart()` when `path` changes, at most once per `min_interval_s`."""

    def __init__(self, path: Path, restart: Callable[[], None], *, min_interval_s: float,
                 poll_s: float = 0.25) -> None:
        self.path = path
        self.restart = restart
        self.min_interval_s = min_interval_s
        self.poll_s = poll_s
        self.restarts = 0
        self._seen = _stamp(path)
        self._last = float("-inf")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="mscos-store-watchdog", daemon=True)

    def start(self) -> Watchdog:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _watch(self) -> None:
        while not self._stop.wait(self.poll_s):
            stamp = _stamp(self.path)
            if stamp == self._seen or time.monotonic() - self._last < self.min_interval_s:
                continue
            self._seen = stamp
            self._last = time.monotonic()
            log.warning("a query outlived its deadline on the store server: restarting it to stop it")
            try:
                self.restart()
                self.restarts += 1
            except Exception:  # the next overrun tries again; the service answers 503 meanwhile
                log.exception("the store server could not be restarted")
