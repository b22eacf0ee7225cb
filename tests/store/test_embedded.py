"""What only the embedded store does: a persistent directory, read-only snapshots, the lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Triple

from mscos_kg.store import EmbeddedStore, StoreError, StoreUnavailableError, open_store

G = NamedNode("https://example.org/g")
DATA = [Triple(NamedNode("https://example.org/s"), NamedNode("https://example.org/p"), Literal("o"))]


def test_a_directory_keeps_its_data_after_closing(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "db")
    store.replace_graph(G, DATA)
    store.close()
    reopened = EmbeddedStore(tmp_path / "db")
    assert reopened.graphs() == [G]
    reopened.close()


def test_a_read_only_store_reads_and_refuses_writes(tmp_path: Path) -> None:
    writer = EmbeddedStore(tmp_path / "db")
    writer.replace_graph(G, DATA)
    writer.close()
    reader = EmbeddedStore(tmp_path / "db", read_only=True)
    assert reader.ask("ASK { ?s ?p ?o }")
    with pytest.raises(StoreError, match="read-only"):
        reader.replace_graph(G, DATA)
    with pytest.raises(StoreError, match="read-only"):
        reader.load_graph(G, DATA)
    reader.close()


def test_a_directory_open_for_writing_elsewhere_is_unavailable(tmp_path: Path) -> None:
    first = EmbeddedStore(tmp_path / "db")
    with pytest.raises(StoreUnavailableError, match="cannot open the store"):
        EmbeddedStore(tmp_path / "db")
    first.close()


def test_open_store_reads_the_one_string_users_give(tmp_path: Path) -> None:
    memory = open_store("memory")
    assert isinstance(memory, EmbeddedStore) and memory.path is None
    directory = open_store(str(tmp_path / "db"))
    assert isinstance(directory, EmbeddedStore) and directory.path == tmp_path / "db"
    directory.close()
    memory.close()
