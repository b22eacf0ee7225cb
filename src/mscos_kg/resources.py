"""The one module that knows where the project's data files live.

The top-level folders ontology/, shapes/, sparql/ and sources/ are installed as the data
sub-packages mscos_kg.ontology, mscos_kg.shapes, mscos_kg.sparql and mscos_kg.sources
(see pyproject.toml), so the same code works from a source checkout and from a wheel.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

ONTOLOGY_PACKAGE = "mscos_kg.ontology"
SHAPES_PACKAGE = "mscos_kg.shapes"
SPARQL_PACKAGE = "mscos_kg.sparql"
SOURCES_PACKAGE = "mscos_kg.sources"


def ontology_dir() -> Traversable:
    return files(ONTOLOGY_PACKAGE)


def ontology_file() -> Traversable:
    """The built vocabulary, ontology/mscos.ttl."""
    return files(ONTOLOGY_PACKAGE) / "mscos.ttl"


def tables_dir() -> Traversable:
    """The curated tables (ontology/src/), the hand-edited source of the vocabulary."""
    return files(ONTOLOGY_PACKAGE) / "src"


def shapes_dir() -> Traversable:
    return files(SHAPES_PACKAGE)


def sparql_dir() -> Traversable:
    return files(SPARQL_PACKAGE)


def source_document(key: str) -> Traversable:
    """The text of one source document by its key (summary, toolkit, taxonomy, grant, workshops)."""
    return files(SOURCES_PACKAGE) / f"{key}.txt"
