"""The partner-dataset shapes graph, read once per process from the package."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from mscos_kg.validation.privacy import with_threshold

SHAPES_FILE = "partner-dataset.ttl"


@lru_cache(maxsize=1)
def _shipped_shapes() -> Graph:
    from mscos_kg.resources import shapes_dir

    graph = Graph()
    graph.parse(data=(shapes_dir() / SHAPES_FILE).read_text(encoding="utf-8"), format="turtle")
    return graph


def shapes_text() -> str:
    from mscos_kg.resources import shapes_dir

    return (shapes_dir() / SHAPES_FILE).read_text(encoding="utf-8")


def load_shapes(threshold: int) -> Graph:
    """The shapes with the disclosure threshold set (shared: callers must not modify it)."""
    return _cached_with_threshold(threshold)


@lru_cache(maxsize=8)
def _cached_with_threshold(threshold: int) -> Graph:
    return with_threshold(_shipped_shapes(), threshold)
