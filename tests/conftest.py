"""Shared fixtures: the shipped vocabulary, loaded once per session; a real `oxigraph serve` and a
real Virtuoso 7 (skipped, saying why, where `virtuoso-t` is not installed: `make system-deps`)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

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


def _descendants(root: int) -> dict[int, str]:
    """The live descendants of process `root` (pid -> command line), from Linux /proc."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if stat[0] == "Z":
                continue  # a zombie has ended; its parent only has to reap it
            parents[int(entry.name)] = int(stat[1])
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue  # it ended while we looked
    found: dict[int, str] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = commands[pid]
                frontier.append(pid)
    return found


def _servers_left(root: int) -> dict[int, str]:
    """Store servers (`oxigraph serve`) and services (`mscos serve`) started under `root`, still running."""
    return {pid: command for pid, command in _descendants(root).items()
            if " serve " in f"{command} " and ("oxigraph" in command or "mscos" in command)}


@pytest.fixture(scope="session", autouse=True)
def no_server_left_behind() -> Iterator[None]:
    """Fails the session if a test left an `oxigraph serve` or `mscos serve` process running: every
    test that starts one must stop it in a `finally` or a fixture's teardown (issue 16)."""
    yield
    deadline = time.monotonic() + 10  # a server stopped at the very end may take a moment to exit
    left = _servers_left(os.getpid())
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = _servers_left(os.getpid())
    assert not left, f"tests left server processes running: {left}"


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
