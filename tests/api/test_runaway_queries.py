"""Issue 16, item 2 (queries): a query past its deadline is stopped and gives its slot back.

On a directory store `mscos serve` queries through its store server. Runaway queries get 504 at
the deadline and, a moment later, every query slot is free again: a small query answers 200.
(Before, four timed-out aggregates held every slot and /sparql answered 503 until a restart.)
The server's own `--timeout-s` stops neither of these queries in time (the ORDER BY not at all),
so the service reports the overrun and the watchdog restarts the server: its CPU goes idle.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import httpx
import pytest

from mscos_kg.store.supervisor import run_file

from .service_process import ServiceProcess

pytestmark = [pytest.mark.server, pytest.mark.slow]

TIMEOUT_S = 2
#: Queries over the vocabulary's ~8,000 triples cubed; Oxigraph's --timeout-s misses both.
RUNAWAY = {
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "order_by": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a LIMIT 1",
}
SMALL = "ASK { ?s ?p ?o }"


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_pid(store: Path) -> int:
    return int(json.loads(run_file(store).read_text())["pid"])


@pytest.mark.parametrize("query", RUNAWAY.values(), ids=RUNAWAY.keys())
def test_runaway_queries_are_stopped_and_free_their_slots(tmp_path: Path, query: str) -> None:
    store = tmp_path / "store"
    env = {"MSCOS_QUERY_TIMEOUT_S": str(TIMEOUT_S), "MSCOS_CLIENT_SPARQL": "8"}
    with ServiceProcess(["--store", str(store)], env=env) as service:
        first_server = _server_pid(store)
        statuses: list[int] = []

        def runaway() -> None:
            with httpx.Client(timeout=60) as http:
                statuses.append(http.post(f"{service.url}/sparql", data={"query": query}).status_code)

        threads = [threading.Thread(target=runaway) for _ in range(5)]  # more than the 4 query slots
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(set(statuses)) in ([504], [503, 504]), statuses  # 503: no slot was free at first
        assert time.monotonic() - started < 6 * TIMEOUT_S + 10

        # The server was restarted (a new process on the same URL), which ended the runaway work.
        deadline = time.monotonic() + 30
        while _server_pid(store) == first_server and time.monotonic() < deadline:
            time.sleep(0.2)
        server = _server_pid(store)
        assert server != first_server
        with pytest.raises(ProcessLookupError):
            os.kill(first_server, 0)
        answer = httpx.post(f"{service.url}/sparql", data={"query": SMALL}, timeout=30,
                            headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200 and answer.json()["boolean"] is True
        before = _cpu_s(server)
        time.sleep(2)
        assert _cpu_s(server) - before < 0.5  # idle: no query left running (a runaway uses a whole core)
