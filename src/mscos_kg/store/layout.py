"""How the data is laid out in named graphs.

* the vocabulary in its own graph, one per version: `{base}graph/vocabulary/{version}`;
* each accepted partner dataset in its own graph: `{base}graph/dataset/{id}`;
* their provenance (who submitted, when, hashes) in `{base}graph/provenance`.

Queries see the union of these graphs; the names tell a client where a statement came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import NamedNode

from mscos_kg.config import DEFAULT_BASE_IRI

_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def slug(text: str) -> str:
    """A graph-name segment from any text: letters, digits, '.', '_' and '-' only."""
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text.strip())
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._")[:128].strip("-._")
    if not cleaned:
        raise ValueError(f"cannot make a graph name segment from {text!r}")
    return cleaned


@dataclass(frozen=True)
class StoreLayout:
    base: str = DEFAULT_BASE_IRI

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            raise ValueError(f"the base IRI must end with '/': {self.base!r}")

    @property
    def provenance_graph(self) -> NamedNode:
        return NamedNode(f"{self.base}graph/provenance")

    @property
    def vocabulary_prefix(self) -> str:
        return f"{self.base}graph/vocabulary/"

    @property
    def dataset_prefix(self) -> str:
        return f"{self.base}graph/dataset/"

    def vocabulary_graph(self, version: str) -> NamedNode:
        return NamedNode(self.vocabulary_prefix + _segment(version, "version"))

    def dataset_graph(self, dataset_id: str) -> NamedNode:
        return NamedNode(self.dataset_prefix + _segment(dataset_id, "dataset id"))

    def is_vocabulary_graph(self, graph: NamedNode) -> bool:
        return graph.value.startswith(self.vocabulary_prefix)

    def is_dataset_graph(self, graph: NamedNode) -> bool:
        return graph.value.startswith(self.dataset_prefix)

    def dataset_id(self, graph: NamedNode) -> str:
        if not self.is_dataset_graph(graph):
            raise ValueError(f"not a dataset graph: {graph.value}")
        return graph.value[len(self.dataset_prefix) :]

    def version(self, graph: NamedNode) -> str:
        if not self.is_vocabulary_graph(graph):
            raise ValueError(f"not a vocabulary graph: {graph.value}")
        return graph.value[len(self.vocabulary_prefix) :]


def _segment(value: str, what: str) -> str:
    if not _SEGMENT.fullmatch(value):
        raise ValueError(
            f"invalid {what} {value!r}: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    return value
