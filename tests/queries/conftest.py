"""Fixtures of the query tests: the same tests run on the embedded and on a remote store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mscos_kg.queries import Catalog
from mscos_kg.store import EmbeddedStore, RemoteEndpoints, RemoteStore, Store
from mscos_kg.store.server import OxigraphServer


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[OxigraphServer]:
    with OxigraphServer() as server:
        yield server


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture(params=["embedded", pytest.param("remote", marks=pytest.mark.server)])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    if request.param == "embedded":
        embedded = EmbeddedStore()
        yield embedded
        embedded.close()
        return
    server: OxigraphServer = request.getfixturevalue("oxigraph_server")
    remote = RemoteStore(RemoteEndpoints.from_url(server.url))
    for graph in remote.graphs():  # a clean dataset for each test
        remote.drop_graph(graph)
    yield remote
    remote.close()
