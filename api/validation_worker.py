"""Every validation (``POST /validate``, ``/validate.html``, ``PUT /datasets``) in a process that is
ended at its deadline, when its client goes away, or when it outgrows its memory cap.

A thread cannot be stopped: two abandoned 4.4 MB uploads kept validating for minutes and grew
to 3 GB. Each validation slot is one long-lived worker process (``spawn``, the validation code
imported once); a job (a module-level function of `api.validation_jobs` and its arguments,
pickled) goes to a free one over a pipe. The waiting request checks every `POLL_S` that its
deadline (``Settings.validation_timeout_s``) has not passed, that its client is still there and
that the worker's resident memory is under ``Settings.validation_memory_mb``; if not, the
process is killed, which gives back its memory and CPU at once, and a fresh one replaces it. A
worker that ends a job larger than half its cap is replaced too (the allocator keeps what it
grew to). Only small results cross the pipe (rendered bytes, a report, N-Triples).

Nothing here writes: ``PUT /datasets`` stores in the service process after its job succeeded.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, ParamSpec, TypeVar

from starlette.requests import Request

from mscos_kg.config import Settings

from .errors import ApiError

P = ParamSpec("P")
T = TypeVar("T")

STARTUP_S = 120.0  # a worker's start (imports), not counted in a request's deadline
POLL_S = 0.25  # how often a waiting request checks its deadline, its client and the worker's memory
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _serve(conn: Connection) -> None:
    """The worker's loop: (function, arguments) in; ("ok", result) or ("unreadable", ...) out."""
    from mscos_kg.validation import DatasetReadError

    from .validation_jobs import warm_up

    warm_up()  # shapes and vocabulary read now, not within the first job's deadline
    conn.send(("ready",))
    while True:
        try:
            fn, args = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", fn(*args)))
        except DatasetReadError as exc:
            conn.send(("unreadable", str(exc), exc.to_json()))
        except ApiError as exc:  # its constructor is not picklable: sent as data
            conn.send(("error", exc.status, exc.code, exc.message, exc.headers, exc.extra))
        except Exception:  # a bug: logged here, answered 503, and the worker goes on
            logging.getLogger("mscos_api").exception("a validation job failed")
            conn.send(("error", 503, "validation_failed", "The validation of this upload failed; retry.",
                       {"Retry-After": "5"}, {}))


def resident_bytes(pid: int) -> int | None:
    """The resident memory of process `pid` (Linux /proc), or None if it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class _Slot:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=_serve, args=(child,), daemon=True,
                                                    name="mscos-validation")
        self.process.start()
        child.close()

    def wait_ready(self) -> bool:
        """Blocking: True once the worker has imported the validation code (seconds on a busy machine)."""
        try:
            return bool(self.conn.poll(STARTUP_S)) and self.conn.recv() == ("ready",)
        except (EOFError, OSError):
            return False

    def resident(self) -> int:
        pid = self.process.pid
        return (resident_bytes(pid) or 0) if pid is not None else 0

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class _OverMemoryError(Exception):
    """The worker's resident memory passed its cap."""


class ValidationWorkers:
    """`size` worker processes; `run` takes a free one, waiting for it at most the job's deadline."""

    def __init__(self, size: int) -> None:
        self._free: asyncio.Queue[_Slot] = asyncio.Queue()
        self._size = size
        self._started = 0
        self._slots = asyncio.Semaphore(size)

    async def _take(self) -> _Slot:
        if self._free.empty() and self._started < self._size:
            self._started += 1
            slot = _Slot()
            if not await asyncio.to_thread(slot.wait_ready):
                slot.kill()
                self._started -= 1
                raise ApiError(503, "validation_unavailable", "No validation worker could start; retry.",
                               headers={"Retry-After": "10"})
            return slot
        return await self._free.get()

    async def run(self, request: Request, settings: Settings, fn: Callable[P, T], *args: Any) -> T:
        """`fn(*args)` in a worker: its result, or ApiError 504 (deadline), 413 (memory), 503 (worker
        lost or none free in time), 400 (unreadable upload); CancelledError when the client went away."""
        try:
            await asyncio.wait_for(self._slots.acquire(), timeout=settings.validation_timeout_s)
        except TimeoutError:
            raise ApiError(503, "validation_busy", "Every validation worker is busy with other uploads; retry.",
                           headers={"Retry-After": "10"}) from None
        try:
            slot = await self._take()
            return await self._on(slot, request, settings, fn, args)
        finally:
            self._slots.release()

    async def _on(self, slot: _Slot, request: Request, settings: Settings, fn: Callable[..., T],
                  args: tuple[Any, ...]) -> T:
        loop = asyncio.get_running_loop()
        answered: asyncio.Future[Any] = loop.create_future()
        cap = settings.validation_memory_mb * 1_048_576

        keep = False
        try:
            # The pipe is used blocking, in a thread of its own: the event loop's readers set a
            # descriptor non-blocking, and then a send larger than the pipe's buffer fails (EAGAIN).
            threading.Thread(target=_exchange, args=(slot.conn, (fn, args), loop, answered), daemon=True,
                             name="mscos-validation-pipe").start()
            result = await _wait(request, answered, settings.validation_timeout_s, slot, cap)
            keep = slot.resident() < cap // 2
        except TimeoutError:
            raise ApiError(504, "validation_timeout",
                           f"Validating this upload took longer than {settings.validation_timeout_s:g} s and was "
                           "stopped. Split the dataset into smaller uploads.") from None
        except _OverMemoryError:
            raise ApiError(413, "validation_too_large",
                           f"Validating this upload needed more than {settings.validation_memory_mb:,} MB of memory "
                           "and was stopped. Split the dataset into smaller uploads.") from None
        except (EOFError, OSError) as exc:
            slot.process.join(timeout=1)
            logging.getLogger("mscos_api").error("a validation worker stopped (exit code %s): %r",
                                                 slot.process.exitcode, exc)
            raise ApiError(503, "validation_failed", "The validation worker stopped; retry.",
                           headers={"Retry-After": "5"}) from None
        finally:
            answered.cancel()  # no-op if answered; else the pipe thread's late EOFError is dropped
            if keep:
                self._free.put_nowait(slot)
            else:  # timed out, too big, client gone or worker dead: end it, a fresh one takes its place
                slot.kill()
                self._started -= 1
        if result[0] == "unreadable":
            raise ApiError(400, "unreadable_dataset", result[1], extra={"location": result[2]})
        if result[0] == "error":
            _, status, code, message, headers, extra = result
            raise ApiError(status, code, message, headers=headers, extra=extra)
        value: T = result[1]
        return value

    def close(self) -> None:
        """End the idle workers (busy ones end with their requests)."""
        while not self._free.empty():
            with contextlib.suppress(Exception):
                self._free.get_nowait().kill()


def _exchange(conn: Connection, message: Any, loop: asyncio.AbstractEventLoop, answered: asyncio.Future[Any]) -> None:
    """In a thread: send the job, wait for the answer, hand it to the event loop. A killed worker
    ends the wait with EOFError."""
    try:
        conn.send(message)
        outcome: tuple[Any, BaseException | None] = (conn.recv(), None)
    except (EOFError, OSError) as exc:
        outcome = (None, exc)
    with contextlib.suppress(RuntimeError):  # the loop closed: the service is shutting down
        loop.call_soon_threadsafe(_settle, answered, *outcome)


def _settle(answered: asyncio.Future[Any], result: Any, failure: BaseException | None) -> None:
    if answered.done():
        return
    if failure is not None:
        answered.set_exception(failure)
    else:
        answered.set_result(result)


async def _wait(request: Request, answered: asyncio.Future[Any], timeout_s: float, slot: _Slot, cap: int) -> Any:
    """The worker's answer; TimeoutError at the deadline, _OverMemoryError past the cap,
    CancelledError as soon as the client is gone."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while True:
        left = deadline - loop.time()
        if left <= 0:
            raise TimeoutError
        done, _ = await asyncio.wait({answered}, timeout=min(left, POLL_S))
        if done:
            return answered.result()
        if slot.resident() > cap:
            raise _OverMemoryError
        if await request.is_disconnected():
            raise asyncio.CancelledError("the client went away")


def validation_workers(request: Request) -> ValidationWorkers:
    """The app's validation workers (made on first use): `VALIDATION_SLOTS` per service process."""
    workers: ValidationWorkers | None = getattr(request.app.state, "validation_workers", None)
    if workers is None:
        workers = request.app.state.validation_workers = ValidationWorkers(VALIDATION_SLOTS)
    return workers


#: Validations that may run at once per process (parsing and SHACL are CPU and memory heavy).
VALIDATION_SLOTS = 2
