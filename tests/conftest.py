"""Shared fixtures: the shipped vocabulary, loaded once per session; a real `oxigraph serve` and a
real Virtuoso 7 (skipped, saying why, where `virtuoso-t` is not installed: `make system-deps`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph

from mscos_kg.store import Credentials, RemoteEndpoints, RemoteStore
from mscos_kg.store.server import OxigraphServer
from mscos_kg.store.virtuoso_server import VirtuosoServer, virtuoso_missing
from mscos_kg.vocab.export import load_vocabulary


@pytest.fixture(scope="session")
def vocab() -> Graph:
    return load_vocabulary()


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[OxigraphServer]:
    """An in-memory Oxigraph server on 127.0.0.1 (the remote store's tests, store and API)."""
    with OxigraphServer() as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[VirtuosoServer]:
    """One Virtuoso 7 per session on 127.0.0.1, its own directory and accounts; stopped at the end."""
    missing = virtuoso_missing()
    if missing:
        pytest.skip(missing)
    with VirtuosoServer() as server:
        yield server


def virtuoso_store(server: VirtuosoServer) -> RemoteStore:
    """A remote store on the session's Virtuoso, emptied of the graphs earlier tests left."""
    store = RemoteStore(
        RemoteEndpoints.from_url(server.url, server.update_url), credentials=Credentials(server.user, server.password)
    )
    for graph in store.graphs():
        store.drop_graph(graph)
    return store
