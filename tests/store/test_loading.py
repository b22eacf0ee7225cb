"""Loading: the vocabulary idempotently, partner data only after it validates."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode

from mscos_kg.resources import ontology_file
from mscos_kg.store import DatasetRejectedError, EmbeddedStore, Store, StoreLayout
from mscos_kg.store.loading import (
    LoadOptions,
    drop_dataset,
    has_vocabulary,
    load_partner_file,
    load_partner_graph,
    load_vocabulary,
    report_sha256,
)
from mscos_kg.store.provenance import GraphKind, read_records
from mscos_kg.synth import SynthOptions, write_synthetic
from mscos_kg.validation import DatasetReadError

VOCABULARY = Path(str(ontology_file()))
LAYOUT = StoreLayout()
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
PERSON = '<https://example.org/mscos-synth/evaluation0> <http://xmlns.com/foaf/0.1/name> "Jane Doe" .\n'


def clock() -> datetime:
    return datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def synthetic_turtle() -> str:
    buffer = io.StringIO()
    write_synthetic(buffer, SynthOptions(evaluations=4, seed=7))
    return buffer.getvalue()


def mini_vocabulary(version: str) -> bytes:
    return (
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f'<https://w3id.org/mscos/ontology> a owl:Ontology ; owl:versionInfo "{version}" .\n'
        f'<https://w3id.org/mscos/id/000101> <http://www.w3.org/2004/02/skos/core#notation> "CO1-{version}" .\n'
    ).encode()


def triple_count(store: Store) -> int:
    value = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert isinstance(value, Literal)
    return int(value.value)


def test_loading_the_vocabulary_twice_writes_once(store: Store) -> None:
    first = load_vocabulary(store, VOCABULARY, clock=clock)
    assert first.changed and first.record.graph == LAYOUT.vocabulary_graph(first.record.identifier)
    size = triple_count(store)
    second = load_vocabulary(store, VOCABULARY)
    assert not second.changed
    assert second.record == first.record  # same load time: nothing was written
    assert triple_count(store) == size
    assert has_vocabulary(store)


def test_a_new_vocabulary_version_replaces_the_old_one(store: Store) -> None:
    load_vocabulary(store, mini_vocabulary("1.0.0"))
    receipt = load_vocabulary(store, mini_vocabulary("1.1.0"))
    assert receipt.retired == (LAYOUT.vocabulary_graph("1.0.0"),)
    records = read_records(store, LAYOUT)
    assert [(r.kind, r.identifier) for r in records] == [(GraphKind.VOCABULARY, "1.1.0")]
    notations = store.select(
        "SELECT ?n WHERE { <https://w3id.org/mscos/id/000101> <http://www.w3.org/2004/02/skos/core#notation> ?n }"
    )
    assert notations.rows == ((Literal("CO1-1.1.0"),),)


def test_a_vocabulary_without_a_version_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="versionInfo"):
        load_vocabulary(store, b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .")


def test_a_valid_dataset_is_stored_with_its_provenance(store: Store, tmp_path: Path, synthetic_turtle: str) -> None:
    path = tmp_path / "partner.ttl"
    path.write_text(synthetic_turtle, encoding="utf-8")
    receipt = load_partner_file(store, path, LoadOptions(submitter="partner-a"), clock=clock)
    assert receipt.report.conforms and not receipt.replaced
    assert receipt.graph == LAYOUT.dataset_graph("example.org-mscos-synth-dataset")  # from its PartnerDataset IRI
    record = receipt.record
    assert record.submitter == "partner-a" and record.loaded_at == clock()
    assert record.report_sha256 == report_sha256(receipt.report)
    assert record.triples == len(rdflib.Graph().parse(data=synthetic_turtle, format="turtle"))
    assert read_records(store, LAYOUT) == [record]
    evaluations = store.select("SELECT (COUNT(?e) AS ?n) WHERE { ?e a <https://w3id.org/mscos/def/Evaluation> }")
    assert evaluations.rows[0][0] == Literal("4", datatype=XSD_INTEGER)


def test_loading_a_dataset_again_replaces_it(store: Store, synthetic_turtle: str) -> None:
    data = rdflib.Graph().parse(data=synthetic_turtle, format="turtle")
    options = LoadOptions(submitter="partner-a", dataset_id="partner-a")
    load_partner_graph(store, data, options)
    size = triple_count(store)
    again = load_partner_graph(store, data, options)
    assert again.replaced
    assert triple_count(store) == size
    drop_dataset(store, "partner-a")
    assert store.graphs() == []


def test_a_dataset_that_does_not_conform_is_not_stored(store: Store, synthetic_turtle: str) -> None:
    """The loading function validates: a caller cannot hand it unchecked data."""
    data = rdflib.Graph().parse(data=synthetic_turtle + PERSON, format="turtle")
    with pytest.raises(DatasetRejectedError, match="rejected") as caught:
        load_partner_graph(store, data, LoadOptions(submitter="partner-a", dataset_id="x"), source_name="x.ttl")
    assert not caught.value.report.conforms
    assert any("Person-level" in r.message for r in caught.value.report.results)
    assert store.graphs() == []


def test_an_unreadable_file_is_a_read_error(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("this is not turtle <", encoding="utf-8")
    with pytest.raises(DatasetReadError):
        load_partner_file(store, path, LoadOptions(submitter="p"))
    assert store.graphs() == []


def test_an_embedded_directory_keeps_the_vocabulary_between_runs(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "db")
    load_vocabulary(store, mini_vocabulary("1"))
    store.close()
    store = EmbeddedStore(tmp_path / "db")
    assert not load_vocabulary(store, mini_vocabulary("1")).changed
    store.close()
