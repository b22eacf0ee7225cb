"""Fixtures of the store tests: one contract, three stores (memory, directory, oxigraph serve)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mscos_kg.store import EmbeddedStore, RemoteEndpoints, RemoteStore, Store
from mscos_kg.store.server import OxigraphServer  # the session fixture is in tests/conftest.py


@pytest.fixture
def remote_store(oxigraph_server: OxigraphServer) -> Iterator[RemoteStore]:
    remote = RemoteStore(RemoteEndpoints.from_url(oxigraph_server.url))
    for graph in remote.graphs():  # a clean dataset for each test
        remote.drop_graph(graph)
    yield remote
    remote.close()


@pytest.fixture(params=["memory", "directory", pytest.param("remote", marks=pytest.mark.server)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "remote":
        yield request.getfixturevalue("remote_store")
        return
    embedded = EmbeddedStore(tmp_path / "store" if request.param == "directory" else None)
    yield embedded
    embedded.close()
