"""Shared fixtures: the shipped vocabulary, loaded once per session; a real `oxigraph serve`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph

from mscos_kg.store.server import OxigraphServer
from mscos_kg.vocab.export import load_vocabulary


@pytest.fixture(scope="session")
def vocab() -> Graph:
    return load_vocabulary()


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[OxigraphServer]:
    """An in-memory Oxigraph server on 127.0.0.1 (the remote store's tests, store and API)."""
    with OxigraphServer() as server:
        yield server
