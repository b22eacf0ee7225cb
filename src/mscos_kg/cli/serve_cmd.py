"""`mscos serve`: run the web service (imports the API lazily; the library never needs it)."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import click


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
              help="Worker processes.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]), help="uvicorn's log level.")
def serve(host: str, port: int, store: str | None, workers: int, log_level: str) -> None:
    """Serve the MSCOS API (uvicorn with uvloop and httptools)."""
    import uvicorn

    from mscos_kg.config import Settings

    if store is not None:
        os.environ["MSCOS_STORE"] = store  # read by Settings() here and in each worker process
    _check_store(Settings().store)
    if workers > 1:  # each worker process builds its own app from the environment
        uvicorn.run("mscos_api.app:create_app", factory=True, workers=workers, host=host, port=port,
                    loop="uvloop", http="httptools", log_level=log_level)
        return
    app_module = importlib.import_module("mscos_api.app")  # the API is optional for the library
    uvicorn.run(app_module.create_app(Settings()), host=host, port=port, loop="uvloop", http="httptools",
                log_level=log_level)
