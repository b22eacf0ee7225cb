"""Reads from a SPARQL server over kept-alive `http.client` connections, one per thread.

Profiled on the store server `mscos serve` runs (named query `core_outcomes`, a 74 KB chunked
SPARQL JSON answer): httpx spent most of each request in its own layers (h11 events per chunk,
the connection pool's locks) and held the GIL while doing so; the standard library's client
reads the same answer several times faster (benchmarks/bench_remote_reads.py). Reads are
idempotent, so a kept connection the server has closed meanwhile (idle time-out, a restart by
the watchdog) is opened again and the request sent once more. Updates stay on httpx (streamed
bodies, rarely many at once).
"""

from __future__ import annotations

import http.client
import socket
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Failures of a kept connection that the server closed before answering: open it again, retry once.
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.BadStatusLine)


class ReadTimeoutError(Exception):
    """The server sent nothing for the read time limit (the query may still be running there)."""


class ConnectFailedError(Exception):
    """No connection to the server (refused, unreachable, or not within the connect time limit)."""


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    content_type: str
    content: bytes
    server: str = ""  # the `Server` header: which engine answered (store/dialect.py)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class KeptConnections:
    """POSTs to one server (`base`: scheme, host and port of an http(s) URL), one connection per thread."""

    def __init__(self, base: str, *, connect_timeout_s: float, read_timeout_s: float) -> None:
        parts = urlsplit(base)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or "localhost"
        self._port = parts.port
        self.connect_timeout_s = connect_timeout_s
        self.read_timeout_s = read_timeout_s
        self._local = threading.local()
        self._all: set[http.client.HTTPConnection] = set()  # every thread's, for close()
        self._lock = threading.Lock()

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        """This thread's connection, and whether it was used before (then it may have gone stale)."""
        conn: http.client.HTTPConnection | None = getattr(self._local, "conn", None)
        if conn is not None and conn.sock is not None:
            return conn, True
        if conn is not None:  # closed: forget it
            with self._lock:
                self._all.discard(conn)
        kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        conn = kind(self._host, self._port, timeout=self.connect_timeout_s)
        try:
            conn.connect()
        except (TimeoutError, OSError) as exc:
            raise ConnectFailedError(str(exc)) from exc
        assert conn.sock is not None
        conn.sock.settimeout(self.read_timeout_s)
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # headers and body: one round trip
        self._local.conn = conn
        with self._lock:
            self._all.add(conn)
        return conn, False

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> Answer:
        """POST `body` to `path` (with its query string); the whole answer, read."""
        for attempt in range(2):
            conn, reused = self._connection()
            try:
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
            except TimeoutError as exc:
                conn.close()
                raise ReadTimeoutError(str(exc)) from exc
            except _STALE as exc:
                conn.close()
                if reused and attempt == 0:
                    continue
                raise ConnectFailedError(str(exc) or type(exc).__name__) from exc
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                raise ConnectFailedError(str(exc) or type(exc).__name__) from exc
            if response.will_close:
                conn.close()
            return Answer(response.status, response.reason, response.getheader("content-type", ""), content,
                          response.getheader("server", ""))
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
