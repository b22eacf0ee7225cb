"""The query runner: jobs off the event loop, on warm threads, within their slots."""

from __future__ import annotations

import asyncio
import threading

import pytest
from mscos_api.query_runner import Deadline, QueryRunner, RunnerBusyError, RunTimeoutError


def _thread_of(_: Deadline) -> int:
    return threading.get_ident()


def test_jobs_one_after_another_run_on_the_same_warm_thread() -> None:
    async def main() -> list[int]:
        runner = QueryRunner(slots=4)
        return [await runner.run(_thread_of, timeout_s=5) for _ in range(200)]

    threads = asyncio.run(main())
    assert len(set(threads)) == 1
    assert threads[0] != threading.get_ident()  # off the caller's thread


def test_concurrent_jobs_get_a_thread_each_and_never_more_than_the_slots() -> None:
    slots = 3
    together = threading.Barrier(slots, timeout=5)  # passes only if all `slots` jobs run at once

    def job(_: Deadline) -> int:
        together.wait()
        return threading.get_ident()

    async def main() -> tuple[list[int], int]:
        runner = QueryRunner(slots=slots, queue_timeout_s=5)
        first = await asyncio.gather(*(runner.run(job, timeout_s=10) for _ in range(slots)))
        again = await asyncio.gather(*(runner.run(job, timeout_s=10) for _ in range(slots)))
        return [*first, *again], len(runner._workers)

    threads, started = asyncio.run(main())
    assert len(set(threads[:slots])) == slots
    assert set(threads[slots:]) == set(threads[:slots])  # the same threads, kept
    assert started == slots


def test_a_runaway_job_keeps_its_slot_and_thread_while_others_go_on() -> None:
    release = threading.Event()

    async def main() -> tuple[int, int, int]:
        runner = QueryRunner(slots=2, queue_timeout_s=0.2)
        with pytest.raises(RunTimeoutError):
            await runner.run(lambda _: release.wait(10), timeout_s=0.1)
        first = await runner.run(_thread_of, timeout_s=5)  # the one free slot, on the other thread
        second = await runner.run(_thread_of, timeout_s=5)
        return first, second, len(runner._workers)

    try:
        first, second, started = asyncio.run(main())
    finally:
        release.set()
    assert first == second
    assert started == 2


def test_no_free_slot_is_runner_busy() -> None:
    release = threading.Event()

    async def main() -> None:
        runner = QueryRunner(slots=1, queue_timeout_s=0.1)
        held = asyncio.ensure_future(runner.run(lambda _: release.wait(10), timeout_s=10))
        await asyncio.sleep(0.05)
        try:
            with pytest.raises(RunnerBusyError):
                await runner.run(_thread_of, timeout_s=5)
        finally:
            release.set()
            await held
        assert await runner.run(_thread_of, timeout_s=5)

    asyncio.run(main())


def test_a_job_error_reaches_the_caller_and_frees_the_slot() -> None:
    def failing(_: Deadline) -> None:
        raise ValueError("broken job")

    async def main() -> int:
        runner = QueryRunner(slots=1)
        with pytest.raises(ValueError, match="broken job"):
            await runner.run(failing, timeout_s=5)
        return await runner.run(_thread_of, timeout_s=5)

    assert asyncio.run(main())
