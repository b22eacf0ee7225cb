"""CPU-bound work on the vocabulary (reconciliation, search, suggestions) in worker processes.

Threads were not enough: the work is pure Python, so a thread running it holds the GIL, and on
a busy machine the operating system deschedules that thread while it holds it; the event loop
then waits for the GIL for as long as the thread waits for a core (measured: /health p99 of
150-400 ms while 107 KB reconciliation batches ran in two threads on a loaded 2-core machine).
In a separate process the work competes with the event loop only for a core, where the loop,
mostly asleep, is scheduled at once.

Each worker process loads the vocabulary itself at start (``spawn``: forking a process that runs
threads and an event loop is unsafe) and keeps it; a job is a module-level function called as
``fn(vocabulary, *args)`` whose arguments and result are pickled (a request's text in, rendered
bytes or a small model out). Until the first worker is ready (seconds after start-up), jobs run
in a thread, as they would without workers. An `ApiError` raised in a worker is re-raised in the service. A
worker that dies (out of memory, killed) breaks the pool: it is replaced and the request gets 503.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from starlette.applications import Starlette
from starlette.requests import Request

from mscos_kg.config import Settings

from .errors import ApiError

if TYPE_CHECKING:
    from .vocabulary import Vocabulary

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger("mscos_api")

_vocabulary: Vocabulary | None = None  # in a worker process: its own copy


def _start_worker(settings: Settings) -> None:
    global _vocabulary
    from .vocabulary import Vocabulary

    _vocabulary = Vocabulary.load(settings)
    _vocabulary.index  # noqa: B018 - build the search index now, not on the first job
    gc.freeze()  # the vocabulary's many objects out of the collector's sight (as in the service)


def _ready() -> bool:
    return _vocabulary is not None


def _call(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bool, Any]:
    """Run a job in the worker; an ApiError comes back as data (its constructor is not picklable)."""
    assert _vocabulary is not None
    try:
        return True, fn(_vocabulary, *args)
    except ApiError as exc:
        return False, (exc.status, exc.code, exc.message, exc.headers, exc.extra)


class VocabularyWorkers:
    """A pool of `size` worker processes, each holding the vocabulary."""

    def __init__(self, settings: Settings, size: int) -> None:
        self.settings = settings
        self.size = size
        self.ready = False  # until a worker has loaded its vocabulary, jobs run in threads
        self._starting = False
        self._lock = threading.Lock()
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(self.size, mp_context=context, initializer=_start_worker, initargs=(self.settings,))

    def start_once(self) -> None:
        with self._lock:  # called from the warm-up thread and the event loop
            if self._starting:
                return
            self._starting = True
        self.start()

    def start(self) -> None:
        """Start every worker now (each loads the vocabulary: seconds), without waiting for them."""
        for _ in range(self.size):
            self._pool.submit(_ready).add_done_callback(self._started)

    def _started(self, future: Future[bool]) -> None:
        if not future.cancelled() and future.exception() is None:
            self.ready = True

    async def run(self, fn: Callable[Concatenate[Vocabulary, P], T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        pool = self._pool
        try:
            ok, value = await loop.run_in_executor(pool, functools.partial(_call, fn, args))
        except BrokenProcessPool:
            log.error("a vocabulary worker process died; starting new ones")
            if self._pool is pool:
                self.ready = False
                self._pool = self._new_pool()
                self.start()
            raise ApiError(503, "worker_lost", "The worker answering this request stopped; retry.",
                           headers={"Retry-After": "2"}) from None
        if not ok:
            status, code, message, headers, extra = value
            raise ApiError(status, code, message, headers=headers, extra=extra)
        result: T = value
        return result

    def close(self) -> None:
        """Stop the workers now: a job still running is of no use to a service shutting down."""
        processes = list(getattr(self._pool, "_processes", {}).values())  # no public way to end them
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()


def workers_of(app: Starlette) -> VocabularyWorkers | None:
    """The app's worker pool (made on first use), or None when `settings.cpu_workers` is 0."""
    workers: VocabularyWorkers | None = getattr(app.state, "vocabulary_workers", None)
    if workers is None:
        settings: Settings = app.state.settings
        if settings.cpu_workers == 0:
            return None
        workers = app.state.vocabulary_workers = VocabularyWorkers(settings, settings.cpu_workers)
    return workers


def _heavy_slots(app: Starlette) -> asyncio.Semaphore:
    """How many heavy jobs may be in the pool at once: one fewer than its workers (at least one)."""
    slots: asyncio.Semaphore | None = getattr(app.state, "heavy_slots", None)
    if slots is None:
        settings: Settings = app.state.settings
        slots = app.state.heavy_slots = asyncio.Semaphore(max(1, settings.cpu_workers - 1))
    return slots


async def off_loop(request: Request, vocabulary: Vocabulary, fn: Callable[Concatenate[Vocabulary, P], T],
                   *args: Any, heavy: bool = False) -> T:
    """`fn(vocabulary, *args)` off the event loop: in a worker process holding the same vocabulary,
    or in a thread when the vocabulary is not the app's own (a test's override) or workers are off.

    `heavy` jobs (reconciliation batches: seconds each) hold one of `size - 1` slots while they run,
    so one worker is always left for the light ones (search, suggestions, pages: milliseconds).
    Measured under the hostile-load benchmark: with two batch senders taking both workers, every
    legitimate search queued behind a batch (seconds)."""
    workers = workers_of(request.app) if vocabulary is getattr(request.app.state, "vocabulary", None) else None
    if workers is not None and not workers.ready:
        workers.start_once()
        workers = None
    if heavy:
        async with _heavy_slots(request.app):
            if await request.is_disconnected():  # gone while it waited: its batch would be for nobody
                raise ApiError(503, "client_gone", "The client went away before its job started.")
            return await _run(workers, vocabulary, fn, *args)
    return await _run(workers, vocabulary, fn, *args)


async def _run(workers: VocabularyWorkers | None, vocabulary: Vocabulary,
               fn: Callable[Concatenate[Vocabulary, P], T], *args: Any) -> T:
    if workers is None:
        return await asyncio.to_thread(functools.partial(fn, vocabulary, *args))
    return await workers.run(fn, *args)
