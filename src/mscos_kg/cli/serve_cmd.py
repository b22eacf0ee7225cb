"""`mscos serve`: run the web service (imports the API lazily; the library never needs it).

With a directory store (the default, data/store) the service does not open the directory
itself: it starts one Oxigraph server that owns it (`mscos_kg.store.supervisor`) and every
service process, one or `--workers N`, queries it over HTTP on 127.0.0.1. That server stops a
query at `Settings.query_timeout_s` (pyoxigraph in process cannot), and lets several processes
share one store. `--in-process` keeps the old way: the directory opened inside the one service
process. docs/deployment.md and decision record 0014 explain the choice.
"""

from __future__ import annotations

import importlib
import os
import signal
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from mscos_kg.config import Settings


def _check_store(spec: str) -> None:
    """Refuse a malformed store URL or a store folder that cannot be made, before the server starts."""
    from mscos_kg.cli.output import os_error_text
    from mscos_kg.store import RemoteEndpoints
    from mscos_kg.store.factory import is_remote

    if spec == "memory":
        return
    if is_remote(spec):
        try:
            RemoteEndpoints.from_url(spec, None)
        except ValueError as exc:
            raise click.ClickException(f"the store {spec!r} is not usable: {exc}; give a folder, memory or an "
                                       "http(s) URL of a SPARQL endpoint with --store") from exc
        return
    folder = Path(spec)
    if folder.exists() and not folder.is_dir():
        raise click.ClickException(f"the store {spec} is a file: give a folder (or memory, or a URL) with --store")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(
            f"cannot make the store folder {spec}: {os_error_text(exc)}; give another folder with --store"
        ) from exc


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--store", default=None, metavar="memory|DIR|URL",
              help="Where the data lives (default: MSCOS_STORE, else data/store).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Service processes (they share one store: a directory's store server, or the URL).")
@click.option("--in-process", is_flag=True,
              help="Open a directory store inside the (single) service process instead of through a store server.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]), help="uvicorn's log level.")
def serve(host: str, port: int, store: str | None, workers: int, in_process: bool, log_level: str) -> None:
    """Serve the MSCOS API (uvicorn with uvloop and httptools)."""
    from mscos_kg.config import Settings
    from mscos_kg.store.factory import is_remote

    if store is not None:
        os.environ["MSCOS_STORE"] = store  # read by Settings() here and in each worker process
    settings = Settings()
    spec = settings.store
    _check_store(spec)
    if spec == "memory" or is_remote(spec):
        if spec == "memory" and workers > 1:
            raise click.ClickException("--store memory lives in one process: use --workers 1 (or a directory or URL)")
        if is_remote(spec):
            _check_server(settings)
        _run(host, port, workers, log_level, settings)
        return
    if in_process:
        if workers > 1:
            raise click.ClickException("--in-process opens the directory in one process: use --workers 1")
        _run(host, port, workers, log_level, settings)
        return
    _serve_directory(Path(spec), host, port, workers, log_level, settings)


def _check_server(settings: Settings) -> None:
    """The start-up check of a remote store, here so that a server that falls short is one message, not a
    traceback from each worker (the service checks again when it starts)."""
    from mscos_kg.store import RemoteEndpoints, RemoteStore, StoreError
    from mscos_kg.store.capabilities import check_server
    from mscos_kg.store.factory import credentials_of

    store = RemoteStore(RemoteEndpoints.from_url(settings.store, settings.store_update_url),
                        credentials=credentials_of(settings))
    try:
        check_server(store, writes=settings.store_supervised or settings.tokens_file is not None)
    except StoreError as exc:
        raise click.ClickException(f"the store {settings.store} cannot serve: {exc}") from exc
    finally:
        store.close()


def _serve_directory(location: Path, host: str, port: int, workers: int, log_level: str, settings: object) -> None:
    from mscos_kg.config import Settings
    from mscos_kg.store.errors import StoreUnavailableError
    from mscos_kg.store.supervisor import StoreServer, running_server

    assert isinstance(settings, Settings)
    other = running_server(location)
    if other is not None:
        raise click.ClickException(
            f"another `mscos serve` already runs the store at {location} (its store server is {other}); "
            f"stop it, or serve the same data with --store {other}"
        )
    try:
        server = StoreServer(location, settings.query_timeout_s).start()
    except StoreUnavailableError as exc:
        raise click.ClickException(
            f"{exc}\nIs another program (mscos load?) using {location}? Wait for it to finish, then retry."
        ) from exc
    # uvicorn re-raises the SIGTERM it caught once it has shut down; with the default handler that
    # would end this process before the `finally` below stops the store server.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        click.echo(f"store server for {location}: {server.url} (pid {server.pid})", err=True)
        os.environ["MSCOS_STORE"] = server.url
        os.environ["MSCOS_STORE_SUPERVISED"] = "true"  # the service loads the vocabulary into it
        # Dataset writes of all the service processes take turns through this file (api/write_lock.py).
        os.environ.setdefault("MSCOS_WRITE_LOCK_FILE", str(location.with_name(location.name + ".write.lock")))
        # Reads the server did not stop at their deadline are reported here; its watchdog restarts it.
        os.environ["MSCOS_STORE_OVERRUN_FILE"] = str(server.watchdog.path)
        _run(host, port, workers, log_level, Settings())
    finally:
        server.stop()


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _run(host: str, port: int, workers: int, log_level: str, settings: object) -> None:
    import uvicorn

    from mscos_kg.config import Settings

    assert isinstance(settings, Settings)
    # SIGTERM: stop taking requests, give running ones shutdown_timeout_s, then end (docs/deployment.md).
    common = {"host": host, "port": port, "loop": "uvloop", "http": "httptools", "log_level": log_level,
              "timeout_graceful_shutdown": settings.shutdown_timeout_s}
    if workers > 1:  # each worker process builds its own app from the environment
        uvicorn.run("mscos_api.app:create_app", factory=True, workers=workers, **common)  # type: ignore[arg-type]
        return
    app_module = importlib.import_module("mscos_api.app")  # the API is optional for the library
    uvicorn.run(app_module.create_app(settings), **common)  # type: ignore[arg-type]
