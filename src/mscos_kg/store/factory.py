"""Open a store from the one string users give: `memory`, a directory or a server URL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mscos_kg.config import Settings
from mscos_kg.store.embedded import EmbeddedStore
from mscos_kg.store.port import Store
from mscos_kg.store.remote import Credentials, RemoteEndpoints, RemoteStore


@dataclass(frozen=True)
class StoreOptions:
    read_only: bool = False  # embedded directories only; a server decides for itself
    update_url: str | None = None  # for servers whose update endpoint is not beside the query one
    timeout_s: float = 60.0
    query_timeout_s: float | None = None  # servers only: reads give up after this (None: timeout_s)
    on_overrun: Callable[[], None] | None = None  # servers only: called when a read gives up on the server
    credentials: Credentials | None = None  # servers only: the account updates are sent with


def credentials_of(settings: Settings) -> Credentials | None:
    """The remote store's account from the configuration (None when no user is set)."""
    if not settings.store_user:
        return None
    password = settings.store_password.get_secret_value() if settings.store_password else ""
    return Credentials(settings.store_user, password, settings.store_auth)


def is_remote(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def open_store(spec: str, options: StoreOptions | None = None) -> Store:
    """`memory`, a directory (created if absent unless read-only) or an http(s) URL."""
    options = options or StoreOptions()
    if is_remote(spec):
        return RemoteStore(RemoteEndpoints.from_url(spec, options.update_url), timeout_s=options.timeout_s,
                           query_timeout_s=options.query_timeout_s, on_overrun=options.on_overrun,
                           credentials=options.credentials)
    if spec == "memory":
        return EmbeddedStore()
    return EmbeddedStore(Path(spec), read_only=options.read_only)
