"""Fixtures of the query tests: the same tests run on the embedded store, `oxigraph serve` and Virtuoso."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mscos_kg.queries import Catalog
from mscos_kg.store import EmbeddedStore, RemoteEndpoints, RemoteStore, Store
from mscos_kg.store.server import OxigraphServer
from mscos_kg.store.virtuoso_server import VirtuosoServer
from tests.conftest import virtuoso_store


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[OxigraphServer]:
    with OxigraphServer() as server:
        yield server


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture(
    params=[
        "embedded",
        pytest.param("remote", marks=pytest.mark.server),
        pytest.param("virtuoso", marks=pytest.mark.server),
    ]
)
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    if request.param == "virtuoso":
        virtuoso: VirtuosoServer = request.getfixturevalue("virtuoso_server")
        on_virtuoso = virtuoso_store(virtuoso)
        yield on_virtuoso
        on_virtuoso.close()
        return
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
