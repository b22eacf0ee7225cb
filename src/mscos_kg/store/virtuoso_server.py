"""Run a throw-away OpenLink Virtuoso 7 on 127.0.0.1 (tests and benchmarks of the remote store).

Debian's `virtuoso-opensource` installs `virtuoso-t` (the server) and `isql-vt` (its SQL client).
The server gets its own directory, a `virtuoso.ini` written from `virtuoso.ini.template` (free
ports for the SQL and HTTP listeners) and fresh credentials: as soon as it is up, the well-known
`dba`/`dba` account gets a random password and a `mscos` account with the SPARQL_UPDATE role is
made, both through isql's standard input (never on a command line, never written to disk).
Updates go to `/sparql-auth` with HTTP digest authentication; `/sparql` stays read-only.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
import time
from importlib.resources import files
from pathlib import Path
from types import TracebackType

import httpx

from mscos_kg.store.errors import StoreUnavailableError
from mscos_kg.store.server import _end_with_parent, free_port

SERVER_BINARY = "virtuoso-t"
ISQL_BINARY = "isql-vt"
USER = "mscos"


def virtuoso_missing() -> str | None:
    """Why a Virtuoso server cannot be started here (None if it can)."""
    for binary in (SERVER_BINARY, ISQL_BINARY):
        if shutil.which(binary) is None:
            return f"{binary} is not installed (Debian: apt-get install virtuoso-opensource; `make system-deps`)"
    return None


def _quoted(text: str) -> str:
    """A Virtuoso SQL string literal (the passwords are URL-safe, but quote anyway)."""
    return "'" + text.replace("'", "''") + "'"


class VirtuosoServer:
    """`with VirtuosoServer() as server: ... server.url, server.update_url, server.user, server.password`."""

    def __init__(self, *, startup_timeout_s: float = 90.0) -> None:
        self.startup_timeout_s = startup_timeout_s
        self.http_port = 0
        self.sql_port = 0
        self.user = USER
        self.password = ""
        self.failure = ""
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The query endpoint (anonymous, read-only)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def update_url(self) -> str:
        """The SPARQL endpoint that takes updates from authenticated users (HTTP digest)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    @property
    def directory(self) -> Path:
        assert self._dir is not None, "not started"
        return Path(self._dir.name)

    def start(self) -> VirtuosoServer:
        missing = virtuoso_missing()
        if missing:
            raise StoreUnavailableError(missing)
        for _ in range(3):  # a port may be taken between choosing and binding it
            self._dir = tempfile.TemporaryDirectory(prefix="mscos-virtuoso-")
            self.sql_port, self.http_port = free_port(), free_port()
            template = files("mscos_kg.store").joinpath("virtuoso.ini.template").read_text(encoding="utf-8")
            ini = self.directory / "virtuoso.ini"
            ini.write_text(
                template.format(dir=self.directory, sql_port=self.sql_port, http_port=self.http_port), encoding="utf-8"
            )
            self._process = subprocess.Popen(
                [SERVER_BINARY, "-c", str(ini), "+foreground"], cwd=self.directory,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_end_with_parent,
            )
            if self._wait_ready():
                self._make_credentials()
                return self
            log = self.directory / "virtuoso.log"
            self.failure = log.read_text(encoding="utf-8", errors="replace")[-1000:] if log.exists() else ""
            self.stop()
        raise StoreUnavailableError(f"virtuoso-t did not start{': ' + self.failure if self.failure else ''}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                return False
            try:
                answer = httpx.get(self.url, params={"query": "ASK {}"}, timeout=2.0)
                if answer.status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        return False

    def _make_credentials(self) -> None:
        admin, self.password = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
        script = "\n".join([
            f"DB.DBA.USER_CREATE({_quoted(self.user)}, {_quoted(self.password)});",
            f'GRANT SPARQL_UPDATE TO "{self.user}";',
            # read and write every graph (the store's own graphs are not known in advance)
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET({_quoted(self.user)}, 7);",
            f"USER_SET_PASSWORD('dba', {_quoted(admin)});",
            "",
        ])
        done = subprocess.run(
            [ISQL_BINARY, f"127.0.0.1:{self.sql_port}", "dba", "dba"],  # Debian's default, replaced at once
            input=script.encode(), capture_output=True, timeout=60, check=False,
        )
        output = done.stdout.decode("utf-8", "replace")
        if done.returncode != 0 or "Error" in output:
            self.stop()
            raise StoreUnavailableError(f"could not make the Virtuoso accounts: {output[-500:]}")

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
