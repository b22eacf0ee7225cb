"""The start-up check of a remote server: real servers that do and do not do what the service needs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from mscos_api.app import create_app

from mscos_kg.cli import cli
from mscos_kg.config import Settings
from mscos_kg.store import Credentials, RemoteEndpoints, RemoteStore, StoreMisconfiguredError
from mscos_kg.store.capabilities import check_server
from mscos_kg.store.server import OxigraphServer
from mscos_kg.store.virtuoso_server import VirtuosoServer

pytestmark = pytest.mark.server


def _probes_left(store: RemoteStore) -> list[str]:
    return [g.value for g in store.graphs() if g.value.startswith("urn:mscos:probe:")]


def test_oxigraph_serve_does_what_the_service_needs(oxigraph_server: OxigraphServer) -> None:
    store = RemoteStore(RemoteEndpoints.from_url(oxigraph_server.url))
    check_server(store, writes=True)
    assert _probes_left(store) == []
    store.close()


def test_virtuoso_with_its_account_does_what_the_service_needs(virtuoso_server: VirtuosoServer) -> None:
    store = RemoteStore(RemoteEndpoints.from_url(virtuoso_server.url, virtuoso_server.update_url),
                        credentials=Credentials(virtuoso_server.user, virtuoso_server.password))
    check_server(store, writes=True)
    assert _probes_left(store) == []
    store.close()


@pytest.mark.parametrize(
    ("update", "credentials", "message"),
    [
        ("/sparql-auth", None, "MSCOS_STORE_USER"),  # the authenticated endpoint, no account: 401
        ("/sparql-auth", ("mscos", "not-the-password"), "MSCOS_STORE_USER"),
        ("/sparql", None, r"does not run SPARQL 1\.1 Update"),  # the anonymous endpoint refuses updates
        ("/update", None, r"does not run SPARQL 1\.1 Update"),  # no such endpoint on Virtuoso
    ],
)
def test_a_virtuoso_that_refuses_updates_stops_a_writing_service(
    virtuoso_server: VirtuosoServer, update: str, credentials: tuple[str, str] | None, message: str
) -> None:
    base = virtuoso_server.url.removesuffix("/sparql")
    store = RemoteStore(RemoteEndpoints(virtuoso_server.url, base + update),
                        credentials=Credentials(*credentials) if credentials else None)
    with pytest.raises(StoreMisconfiguredError, match=message):
        check_server(store, writes=True)
    check_server(store, writes=False)  # a read-only service needs no updates
    store.close()


def test_an_endpoint_that_does_not_answer_sparql_queries_is_refused(oxigraph_server: OxigraphServer) -> None:
    store = RemoteStore(RemoteEndpoints(oxigraph_server.url + "/update", oxigraph_server.url + "/update"))
    with pytest.raises(StoreMisconfiguredError, match=r"does not answer SPARQL 1\.1 queries"):
        check_server(store, writes=False)
    store.close()


def test_the_service_does_not_start_on_a_server_refusing_its_writes(
    virtuoso_server: VirtuosoServer, tmp_path: Path
) -> None:
    tokens = tmp_path / "tokens.json"
    tokens.write_text("{}", encoding="utf-8")
    settings = Settings(store=virtuoso_server.url, store_update_url=virtuoso_server.update_url, tokens_file=tokens)
    with pytest.raises(StoreMisconfiguredError, match="MSCOS_STORE_USER"), TestClient(create_app(settings, warm=False)):
        pass


def test_the_service_starts_on_virtuoso_with_its_account_from_the_configuration(
    virtuoso_server: VirtuosoServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = tmp_path / "tokens.json"
    tokens.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("MSCOS_STORE_USER", virtuoso_server.user)
    monkeypatch.setenv("MSCOS_STORE_PASSWORD", virtuoso_server.password)
    settings = Settings(store=virtuoso_server.url, store_update_url=virtuoso_server.update_url, tokens_file=tokens)
    assert virtuoso_server.password not in repr(settings)
    with TestClient(create_app(settings, warm=False)) as client:
        assert client.get("/health").status_code == 200


def test_mscos_serve_on_a_server_refusing_its_writes_says_so_without_a_traceback(
    virtuoso_server: VirtuosoServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = tmp_path / "tokens.json"
    tokens.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("MSCOS_TOKENS_FILE", str(tokens))
    monkeypatch.setenv("MSCOS_STORE_UPDATE_URL", virtuoso_server.update_url)
    result = CliRunner().invoke(cli, ["serve", "--store", virtuoso_server.url])
    assert result.exit_code == 1
    assert "cannot serve" in result.output and "MSCOS_STORE_USER" in result.output
    assert "Traceback" not in result.output
