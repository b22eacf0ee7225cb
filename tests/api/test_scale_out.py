"""Issue 16, items 4 and 5: several service processes share one directory store through its store
server; dataset writes stay atomic across processes; SIGTERM ends the service in time, with a
dataset write either completed or absent. Real `mscos serve` processes on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mscos_kg.store.supervisor import run_file
from mscos_kg.tokens import TokenRegistry, save_registry

from .service_process import MSCOS, ServiceProcess

pytestmark = [pytest.mark.server, pytest.mark.slow]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "florida-freedom-partnership.ttl"
TOKENS = {"acme": "mscos_acme-secret-token", "beacon": "mscos_beacon-secret-token"}
SHUTDOWN_S = 10.0


def _auth(partner: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[partner]}", "Content-Type": "text/turtle"}


@pytest.fixture
def tokens_env(tmp_path: Path) -> dict[str, str]:
    registry = TokenRegistry()
    for partner, token in TOKENS.items():
        registry = registry.with_token(partner, token)
    save_registry(tmp_path / "tokens.json", registry)
    return {"MSCOS_TOKENS_FILE": str(tmp_path / "tokens.json")}


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def two_workers(store_dir: Path, tokens_env: dict[str, str]) -> Iterator[ServiceProcess]:
    with ServiceProcess(["--store", str(store_dir), "--workers", "2"], env=tokens_env) as service:
        yield service


def _put(url: str, dataset_id: str, partner: str) -> int:
    with httpx.Client(timeout=120) as http:  # a new connection: any worker may take it
        answer = http.put(f"{url}/datasets/{dataset_id}", content=EXAMPLE.read_bytes(), headers=_auth(partner))
        return answer.status_code


def test_two_workers_share_the_directory_store_and_its_datasets(two_workers: ServiceProcess, store_dir: Path) -> None:
    record = json.loads(run_file(store_dir).read_text())
    assert record["url"].startswith("http://127.0.0.1:")  # the store server listens on loopback only
    assert _put(two_workers.url, "shared", "acme") == 201
    for _ in range(12):  # fresh connections, spread over both workers by the kernel
        with httpx.Client(base_url=two_workers.url, timeout=60) as http:
            assert http.get("/datasets/shared").json()["submitter"] == "acme"
            assert http.put("/datasets/shared", content=b"", headers=_auth("beacon")).status_code == 403
            count = http.get("/queries/core_outcomes", params={"format": "json"})
            assert count.status_code == 200
    # `mscos query` on the served directory goes through the running store server (no lock error).
    ran = subprocess.run([str(MSCOS), "query", "--store", str(store_dir), "core_outcomes"],
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert "store server" in ran.stderr
    # SIGTERM: the service, its workers and its store server end in time; the run file goes.
    assert two_workers.terminate(SHUTDOWN_S) < SHUTDOWN_S
    assert not run_file(store_dir).exists()
    with pytest.raises(ProcessLookupError):
        os.kill(record["pid"], 0)


def test_concurrent_claims_from_two_processes_leave_one_owner(store_dir: Path, tokens_env: dict[str, str]) -> None:
    with ServiceProcess(["--store", str(store_dir)], env=tokens_env) as first:
        url = json.loads(run_file(store_dir).read_text())["url"]
        # A second service process on the same store server, as `--workers` or another host would run it.
        env = {**tokens_env, "MSCOS_STORE_SUPERVISED": "true",
               "MSCOS_WRITE_LOCK_FILE": str(store_dir.with_name("store.write.lock"))}
        with ServiceProcess(["--store", url], env=env) as second:
            for round_ in range(3):
                results: dict[str, int] = {}

                def claim(partner: str, service: ServiceProcess, dataset_id: str, into: dict[str, int]) -> None:
                    into[partner] = _put(service.url, dataset_id, partner)

                threads = [threading.Thread(target=claim, args=(p, s, f"contested{round_}", results))
                           for p, s in (("acme", first), ("beacon", second))]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                assert sorted(results.values()) == [201, 403], (results, first.stderr(), second.stderr())
                owner = httpx.get(f"{second.url}/datasets/contested{round_}").json()["submitter"]
                assert results[owner] == 201


def test_sigterm_during_a_dataset_write_leaves_it_whole_or_absent(store_dir: Path, tokens_env: dict[str, str]) -> None:
    service = ServiceProcess(["--store", str(store_dir)], env=tokens_env).start()
    try:
        with httpx.Client(timeout=120) as http:
            reference = http.put(f"{service.url}/datasets/reference", content=EXAMPLE.read_bytes(),
                                 headers=_auth("acme"))
            assert reference.status_code == 201
            expected = len(http.get(f"{service.url}/datasets/reference", params={"format": "nt"}).text.splitlines())
        writer = threading.Thread(target=lambda: _put_quietly(service.url))
        writer.start()
        time.sleep(0.5)  # the write is under way (validation takes seconds)
        assert service.terminate(SHUTDOWN_S) < SHUTDOWN_S
        writer.join(timeout=60)
    finally:
        service.stop()
    assert not run_file(store_dir).exists()  # the store server was stopped with the service
    with ServiceProcess(["--store", str(store_dir)], env=tokens_env) as again, httpx.Client(timeout=60) as http:
        answer = http.get(f"{again.url}/datasets/interrupted", params={"format": "nt"})
        assert answer.status_code in (200, 404)
        if answer.status_code == 200:
            assert len(answer.text.splitlines()) == expected


def _put_quietly(url: str) -> None:
    with contextlib.suppress(httpx.HTTPError):  # the service went away mid-request: the store's content matters
        _put(url, "interrupted", "acme")
