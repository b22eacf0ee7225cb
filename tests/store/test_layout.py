"""Graph names and provenance records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pyoxigraph import NamedNode

from mscos_kg.store import EmbeddedStore, StoreLayout
from mscos_kg.store.layout import slug
from mscos_kg.store.provenance import GraphKind, GraphRecord, annotation, read_records, removal


def test_graph_names() -> None:
    layout = StoreLayout()
    assert layout.vocabulary_graph("1.0.0").value == "https://w3id.org/mscos/graph/vocabulary/1.0.0"
    assert layout.dataset_graph("partner-a").value == "https://w3id.org/mscos/graph/dataset/partner-a"
    assert layout.provenance_graph.value == "https://w3id.org/mscos/graph/provenance"
    assert layout.dataset_id(layout.dataset_graph("partner-a")) == "partner-a"
    assert layout.is_vocabulary_graph(layout.vocabulary_graph("2"))
    assert StoreLayout("https://example.org/kg/").dataset_graph("x").value == "https://example.org/kg/graph/dataset/x"


@pytest.mark.parametrize("bad", ["", "a b", "../x", "x/y", "-x", "a" * 129])
def test_bad_names_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        StoreLayout().dataset_graph(bad)


def test_slug_makes_names_from_iris_and_file_names() -> None:
    assert slug("https://example.org/mscos-synth/dataset") == "example.org-mscos-synth-dataset"
    assert slug("  my data (v2).ttl ") == "my-data-v2-.ttl"
    with pytest.raises(ValueError):
        slug("///")


def test_records_round_trip_through_the_provenance_graph() -> None:
    layout = StoreLayout()
    store = EmbeddedStore()
    graph = layout.dataset_graph("a")
    record = GraphRecord(
        graph=graph,
        kind=GraphKind.DATASET,
        identifier="a",
        loaded_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        triples=12,
        content_sha256="ab" * 32,
        submitter="partner-a",
        report_sha256="cd" * 32,
    )
    store.replace_graph(graph, [], annotation=annotation(layout, record))
    assert read_records(store, layout) == [record]
    store.drop_graph(graph, annotation=removal(layout, graph))
    assert read_records(store, layout) == []
    assert store.graphs() == []


def test_a_vocabulary_record_has_no_submitter() -> None:
    layout = StoreLayout()
    store = EmbeddedStore()
    graph = layout.vocabulary_graph("1.0.0")
    record = GraphRecord(graph, GraphKind.VOCABULARY, "1.0.0", datetime(2025, 1, 1, tzinfo=UTC), 3, "00" * 32)
    store.replace_graph(graph, [], annotation=annotation(layout, record))
    assert read_records(store, layout) == [record]
    assert isinstance(record.graph, NamedNode)
