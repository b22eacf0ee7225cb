"""Load generators: wrk (Debian's `wrk`), or a small built-in one when wrk is not installed.

wrk is the real one: written in C, it keeps 32 connections busy with little CPU, which matters
on a 2-core machine where the load generator shares the cores with the server. The built-in
generator (httpx on asyncio, one process) saturates at a few thousand requests per second, far
below the servers' ceiling, so its figures only show that the code runs: results say which
generator produced them. Both are bounded in time and only ever aim at 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from benchmarks.common import percentile

WRK = "wrk"
PYTHON_GENERATOR = "python-httpx"

# wrk's Lua hook: one JSON line at the end with everything the suite needs (microseconds).
_WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p99_us": %d, "bytes": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99), summary.bytes))
end
"""


@dataclass(frozen=True)
class LoadRun:
    generator: str
    connections: int
    duration_s: float
    requests: int
    errors: int  # transport errors and non-2xx/3xx answers
    rps: float
    p50_ms: float
    p99_ms: float


class LoadError(RuntimeError):
    """The load generator failed or the target is not on the loopback interface."""


def wrk_available() -> bool:
    return shutil.which(WRK) is not None


def generator_name(choice: str = "auto") -> str:
    """The generator to use: `auto` picks wrk when it is installed."""
    if choice == "python":
        return PYTHON_GENERATOR
    if choice == WRK and not wrk_available():
        raise LoadError("wrk is not installed (Debian: apt-get install wrk; `make bench` does it)")
    return WRK if wrk_available() else PYTHON_GENERATOR


def _check_local(url: str) -> None:
    if urlsplit(url).hostname != "127.0.0.1":
        raise LoadError(f"the suite only loads 127.0.0.1, not {url}")


def run_load(url: str, headers: dict[str, str], connections: int, duration_s: float, generator: str) -> LoadRun:
    _check_local(url)
    if generator == WRK:
        return run_wrk(url, headers, connections, duration_s)
    return asyncio.run(run_python(url, headers, connections, duration_s))


def run_wrk(url: str, headers: dict[str, str], connections: int, duration_s: float) -> LoadRun:
    threads = min(connections, 2)  # one wrk thread per core of this 2-core machine at most
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_REPORT)
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(duration_s))}s", "--timeout", "10s",
               "-s", script.name]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 60, check=False)
    finally:
        Path(script.name).unlink(missing_ok=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise LoadError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    data = json.loads(lines[-1])
    seconds = data["duration_us"] / 1e6
    return LoadRun(WRK, connections, seconds, data["requests"], data["errors"], data["requests"] / seconds,
                   data["p50_us"] / 1000, data["p99_us"] / 1000)


async def run_python(url: str, headers: dict[str, str], connections: int, duration_s: float) -> LoadRun:
    """`connections` coroutines, each sending one request after another until the time is up."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=10.0) as client:
        started = time.perf_counter()
        deadline = started + duration_s

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                try:
                    response = await client.get(url)
                    await response.aread()
                    ok = response.status_code < 400
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - sent)
                else:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(connections)))
        seconds = time.perf_counter() - started
    count = len(latencies) + errors
    return LoadRun(PYTHON_GENERATOR, connections, seconds, count, errors, count / seconds,
                   percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000)
