"""`POST /validate` in a process that is ended at its deadline or when its client goes away.

A thread cannot be stopped: two abandoned 4.4 MB uploads kept validating for minutes and grew
to 3 GB. Each validation slot is one long-lived worker process (``spawn``, the validation code
imported once); a job goes to a free one over a pipe. When the deadline
(``Settings.validation_timeout_s``) passes or the request is cancelled (client gone), that
process is killed, which gives back its memory and CPU at once, and a fresh one replaces it.
The answer is rendered in the worker (JSON or Turtle bytes), so only bytes cross the pipe.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from starlette.requests import Request

from mscos_kg.config import Settings

from .errors import ApiError
from .uploads import Upload, check_upload

TURTLE = "text/turtle"
STARTUP_S = 120.0  # a worker's start (imports), not counted in a request's deadline
POLL_S = 0.5  # how often a waiting request checks that its client is still there


def _serve(conn: Connection) -> None:
    """The worker's loop: (upload, settings, media type) in; ("ok", bytes) or ("unreadable", ...) out."""
    from mscos_kg.validation import DatasetReadError
    from mscos_kg.validation.intake import check_bytes  # noqa: F401 - imported before the first job's clock starts

    conn.send(("ready",))
    while True:
        try:
            upload, settings, media_type = conn.recv()
        except EOFError:
            return
        try:
            report = check_upload(upload, settings).report
            body = report.to_turtle() if media_type == TURTLE else json.dumps(report.to_json()).encode()
            conn.send(("ok", body if isinstance(body, bytes) else body.encode()))
        except DatasetReadError as exc:
            conn.send(("unreadable", str(exc), exc.to_json()))


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

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class ValidationWorkers:
    """`size` worker processes; `run` waits for a free one (the caller's slot semaphore bounds that)."""

    def __init__(self, size: int) -> None:
        self._free: asyncio.Queue[_Slot] = asyncio.Queue()
        self._size = size
        self._started = 0

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

    async def run(self, request: Request, upload: Upload, settings: Settings, media_type: str) -> bytes:
        slot = await self._take()
        loop = asyncio.get_running_loop()
        answered: asyncio.Future[Any] = loop.create_future()

        def readable() -> None:
            if not answered.done():
                try:
                    answered.set_result(slot.conn.recv())
                except (EOFError, OSError) as exc:  # the worker died (out of memory, killed)
                    answered.set_exception(exc)

        slot.conn.send((upload, settings, media_type))
        loop.add_reader(slot.conn.fileno(), readable)
        healthy = False
        try:
            result = await _wait(request, answered, settings.validation_timeout_s)
            healthy = True
        except TimeoutError:
            raise ApiError(504, "validation_timeout",
                           f"Validating this upload took longer than {settings.validation_timeout_s:g} s and was "
                           "stopped. Split the dataset into smaller uploads.") from None
        except (EOFError, OSError):
            raise ApiError(503, "validation_failed", "The validation worker stopped; retry.",
                           headers={"Retry-After": "5"}) from None
        finally:
            loop.remove_reader(slot.conn.fileno())
            if healthy:
                self._free.put_nowait(slot)
            else:  # timed out, client gone or worker dead: end it, a fresh one takes its place next time
                slot.kill()
                self._started -= 1
        if result[0] == "unreadable":
            raise ApiError(400, "unreadable_dataset", result[1], extra={"location": result[2]})
        body: bytes = result[1]
        return body

    def close(self) -> None:
        """End the idle workers (busy ones end with their requests)."""
        while not self._free.empty():
            with contextlib.suppress(Exception):
                self._free.get_nowait().kill()


async def _wait(request: Request, answered: asyncio.Future[Any], timeout_s: float) -> Any:
    """The worker's answer; TimeoutError at the deadline; CancelledError as soon as the client is gone."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            raise TimeoutError
        done, _ = await asyncio.wait({answered}, timeout=min(left, POLL_S))
        if done:
            return answered.result()
        if await request.is_disconnected():
            raise asyncio.CancelledError("the client went away")


def validation_workers(request: Request) -> ValidationWorkers:
    from .uploads import VALIDATION_SLOTS

    workers: ValidationWorkers | None = getattr(request.app.state, "validation_workers", None)
    if workers is None:
        workers = request.app.state.validation_workers = ValidationWorkers(VALIDATION_SLOTS)
    return workers
