"""The seam between the service and the store port (``mscos_kg.store``).

``open_store(settings, vocabulary_turtle)`` returns whatever the store port's factory returns.
Until the port provides ``mscos_kg.store.open_store(settings)``, the service keeps the
vocabulary in a pyoxigraph ``Store`` (in memory for ``memory``, on disk for a directory), which
offers the same ``query`` call the port wraps. A URL needs the port (a remote SPARQL server).
"""

from __future__ import annotations

import importlib
from typing import Any

from mscos_kg.config import Settings


class StoreUnavailableError(RuntimeError):
    """The configured store cannot be opened by this build of the service."""


def open_store(settings: Settings, vocabulary_turtle: bytes) -> Any:
    port = importlib.import_module("mscos_kg.store")
    factory = getattr(port, "open_store", None)
    if callable(factory):
        return factory(settings)
    return _fallback_store(settings.store, vocabulary_turtle)


def close_store(store: Any) -> None:
    close = getattr(store, "close", None)
    if callable(close):
        close()


def _fallback_store(location: str, vocabulary_turtle: bytes) -> Any:
    import pyoxigraph

    if location.startswith(("http://", "https://")):
        raise StoreUnavailableError(
            f"store {location!r} is a URL, but this build has no remote store port (mscos_kg.store)"
        )
    store = pyoxigraph.Store() if location == "memory" else pyoxigraph.Store(location)
    store.bulk_load(vocabulary_turtle, format=pyoxigraph.RdfFormat.TURTLE)
    return store
