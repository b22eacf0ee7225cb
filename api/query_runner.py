"""Run blocking store work off the event loop, with a time limit and a cap on concurrency.

pyoxigraph releases the GIL while it evaluates (measured: a 2 s aggregate in a thread left the
main thread free to loop ~30,000 times), so a thread keeps the event loop, and with it every
other endpoint, responsive. A running query cannot be killed, though: `Store.query` evaluates
aggregates and ORDER BY eagerly inside the call. So each job gets

* a `Deadline` it checks between result rows (lazy SELECT/CONSTRUCT stop within one row);
* one of `slots` daemon worker threads (kept, not started per job: a thread per job cost
  ~0.4 ms, a kept one ~0.05 ms), so a runaway job never holds up the process at exit; the
  worker idle the shortest time takes it, so that sequential jobs run on one warm thread;
* one of `slots` permits, released only when the job really ends: runaway jobs can use up the
  permits but never pile up; when none is free the caller gets `RunnerBusyError` (503) after
  `queue_timeout_s`;
* an answer on time or a `RunTimeoutError` (504) when the time limit passes, whatever the
  thread is still doing.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.requests import Request

from .errors import ApiError

T = TypeVar("T")


class RunTimeoutError(Exception):
    """The job did not finish within its time limit."""


class RunnerBusyError(ApiError):
    """Every slot is taken by running jobs: 503 with Retry-After."""

    def __init__(self) -> None:
        super().__init__(
            503,
            "query_slots_busy",
            "Every query slot is busy with other queries; retry in a few seconds.",
            headers={"Retry-After": "5"},
        )


@dataclass
class Deadline:
    """A point in time after which a job should stop; `check()` raises once it has passed."""

    at: float
    cancelled: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    def expired(self) -> bool:
        return self.cancelled.is_set() or time.monotonic() >= self.at

    def check(self) -> None:
        if self.expired():
            raise RunTimeoutError("the query ran out of time")


class _Worker:
    """A daemon thread with a queue of its own: the runner hands each job to one chosen worker."""

    def __init__(self, runner: QueryRunner, index: int) -> None:
        self.jobs: queue.SimpleQueue[tuple[Future[Any], Callable[[Deadline], Any], Deadline]] = queue.SimpleQueue()
        self.thread = threading.Thread(target=runner._work, args=(self,), name=f"mscos-query-{index}", daemon=True)


class QueryRunner:
    """Up to `slots` daemon worker threads, started as concurrent jobs need them; one job per thread at a time.

    Each job goes to the worker that went idle last (a stack): one request after another then
    runs on the same, warm thread. Picking any idle worker (a shared queue) cost ~0.1 ms more per
    job in process (measured: 0.22-0.32 ms against 0.15 ms over calling the store directly).
    """

    def __init__(self, slots: int = 4, queue_timeout_s: float = 2.0) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self._queue_timeout_s = queue_timeout_s
        self._workers: list[_Worker] = []
        self._idle: list[_Worker] = []  # a stack: the warmest on top
        self._lock = threading.Lock()
        self.size = slots

    def _worker(self) -> _Worker:
        """An idle worker, or a new one (the caller holds a slot, so fewer than `size` are busy)."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
            worker = _Worker(self, len(self._workers))
            worker.thread.start()  # once per worker; a RuntimeError leaves it uncounted
            self._workers.append(worker)
        return worker

    def _work(self, worker: _Worker) -> None:
        while True:
            future, job, deadline = worker.jobs.get()
            result: Any = None
            failure: BaseException | None = None
            running = future.set_running_or_notify_cancel()
            if running:
                try:
                    result = job(deadline)
                except BaseException as exc:
                    failure = exc
            # Idle and the slot free before the caller hears back: its next job then finds this
            # warm worker on top of the stack (not a new thread, as when the answer came first).
            with self._lock:
                self._idle.append(worker)
            self._slots.release()
            if failure is not None:
                future.set_exception(failure)
            elif running:
                future.set_result(result)

    async def run(self, job: Callable[[Deadline], T], timeout_s: float) -> T:
        """Run `job(deadline)` on a worker; its result, or RunTimeoutError / RunnerBusyError."""
        if not self._slots.acquire(blocking=False) and not await asyncio.to_thread(
            self._slots.acquire, True, self._queue_timeout_s
        ):
            raise RunnerBusyError()
        deadline = Deadline.after(timeout_s)
        future: Future[T] = Future()
        try:
            worker = self._worker()
        except RuntimeError:  # no thread could be started: give the slot back
            self._slots.release()
            raise
        worker.jobs.put((future, job, deadline))
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout=timeout_s)
        except TimeoutError:
            deadline.cancelled.set()
            raise RunTimeoutError(f"the query did not finish within {timeout_s:g} s") from None
        except asyncio.CancelledError:
            deadline.cancelled.set()  # the client went away
            raise


#: Query slots per process: jobs that may run at once (a runaway query keeps its slot until it ends).
DEFAULT_SLOTS = 4


async def get_query_runner(request: Request) -> QueryRunner:
    """The app's runner, made on first use (FastAPI dependency; tests may override it; `async` so
    that FastAPI does not hop to its thread pool for it on every request)."""
    runner: QueryRunner | None = getattr(request.app.state, "query_runner", None)
    if runner is None:
        runner = QueryRunner(DEFAULT_SLOTS)
        request.app.state.query_runner = runner
    return runner
