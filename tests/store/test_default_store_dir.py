"""Regression: `make run` on a fresh clone opens data/store although data/ does not exist yet."""

from __future__ import annotations

from pathlib import Path

from mscos_kg.store.embedded import EmbeddedStore


def test_embedded_store_creates_missing_parent_directories(tmp_path: Path) -> None:
    target = tmp_path / "data" / "store"
    store = EmbeddedStore(target)
    try:
        assert target.is_dir()
    finally:
        store.close()
