"""Shared fixtures: the shipped vocabulary, loaded once per session."""

from __future__ import annotations

import pytest
from rdflib import Graph

from mscos_kg.vocab.export import load_vocabulary


@pytest.fixture(scope="session")
def vocab() -> Graph:
    return load_vocabulary()
