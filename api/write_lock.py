"""The dataset write lock: "check the owner, then write" as one step across processes.

One `asyncio.Lock` per process made the step atomic within a process only; with several
service processes sharing one store (`mscos serve --workers N`) two partners could both find a
new dataset id free and both write it. So a write also holds an exclusive `flock` on
``Settings.write_lock_file`` (set by `mscos serve` for its store server: ``DIR.write.lock``),
which every process on the machine sees. Waiting polls the lock without blocking a thread, so a
request that is abandoned while it waits gives up at once; after `WAIT_S` it gets 503.

Processes on *other machines* sharing one SPARQL server do not see this lock: run the writes of
such a deployment through one process (docs/deployment.md).
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.requests import Request

from .errors import ApiError

WAIT_S = 30.0
POLL_S = 0.02


class WriteLock:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._local = asyncio.Lock()

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        async with self._local:
            if self.path is None:
                yield
                return
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                await _acquire(fd)
                yield
            finally:
                os.close(fd)  # releases the flock


async def _acquire(fd: int) -> None:
    give_up = time.monotonic() + WAIT_S
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > give_up:
                raise ApiError(503, "writes_busy", "Another dataset write takes long; retry in a minute.",
                               headers={"Retry-After": "30"}) from None
            await asyncio.sleep(POLL_S)


def write_lock(request: Request) -> WriteLock:
    """The app's write lock (made on first use from `settings.write_lock_file`)."""
    lock: WriteLock | None = getattr(request.app.state, "write_lock", None)
    if lock is None:
        lock = request.app.state.write_lock = WriteLock(request.app.state.settings.write_lock_file)
    return lock
