"""The store watchdog (`mscos_kg.store.watchdog`): overruns reported from any process restart the
store server, at most once per interval; a restarted directory server keeps its URL and data."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from mscos_kg.store.server import OxigraphServer
from mscos_kg.store.watchdog import Watchdog, overrun_file, report_overrun


def _wait_for(condition: object, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.05)


def test_overruns_within_one_interval_cause_one_restart_and_a_later_one_another(tmp_path: Path) -> None:
    path = overrun_file(tmp_path / "store")
    assert path == tmp_path / "store.overrun"
    restarts: list[float] = []
    watchdog = Watchdog(path, lambda: restarts.append(time.monotonic()), min_interval_s=1.5, poll_s=0.05).start()
    try:
        time.sleep(0.2)
        assert restarts == []  # nothing reported yet
        report_overrun(path)
        _wait_for(lambda: len(restarts) == 1)
        report_overrun(path)  # within the interval: waits for it
        report_overrun(path)
        _wait_for(lambda: len(restarts) == 2)
        assert len(restarts) == 2 and restarts[1] - restarts[0] >= 1.5
        time.sleep(2.0)
        assert len(restarts) == 2  # the two late reports were served by one restart
    finally:
        watchdog.stop()


def test_a_restarted_directory_server_keeps_its_url_and_data(tmp_path: Path) -> None:
    with OxigraphServer(tmp_path / "store") as server:
        url, pid = server.url, server.pid
        update = httpx.post(f"{url}/update", content="INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
                            headers={"Content-Type": "application/sparql-update"}, timeout=10)
        assert update.status_code == 204
        server.restart()
        assert server.url == url and server.pid != pid
        answer = httpx.post(f"{url}/query", data={"query": "ASK { <http://x/a> <http://x/b> <http://x/c> }"},
                            headers={"Accept": "application/sparql-results+json"}, timeout=10)
        assert answer.json()["boolean"] is True
