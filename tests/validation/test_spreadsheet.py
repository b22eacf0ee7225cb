"""The spreadsheet template <-> the model."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from mscos_kg.validation import DatasetReadError, load_dataset, read_dataset, validate_graph
from mscos_kg.validation.parsing import attach_locations
from mscos_kg.validation.spreadsheet_export import graph_to_csv
from mscos_kg.validation.template import COLUMNS, template_text
from mscos_kg.validation.terms import MSCOS, MSCOS_ID
from mscos_kg.validation.vocabulary import Vocabulary
from tests.validation.conftest import EXAMPLES


def _csv(*rows: dict[str, str]) -> bytes:
    buffer = io.StringIO()
    buffer.write(template_text())
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([row.get(c.key, "") for c in COLUMNS])
    return buffer.getvalue().encode()


ROW = {
    "organisation": "Acme Refuge",
    "intervention_id": "INT1",
    "intervention_name": "Safe housing programme",
    "intervention_description": "Housing and case work.",
    "target_population": "Adult survivors",
    "age_group": "adults",
    "evaluation_id": "EV1",
    "evaluation_title": "Housing outcomes 2023",
    "study_design": "before-and-after study",
    "year": "2023",
    "sample_size": "40",
    "outcome": "CO1",
    "instrument": "Future Orientation Scale",
    "timepoint": "P6M",
    "reported_by": "SELF",
    "n": "40",
    "mean": "3.2",
    "sd": "0.7",
}


def test_codes_resolve_by_notation_or_label(vocabulary: Vocabulary) -> None:
    row = dict(ROW, namespace="https://acme.example/data/")
    graph = load_dataset(_csv(row), format="csv", name="acme.csv")
    evaluation = URIRef("https://acme.example/data/evaluation/EV1")
    assert (evaluation, MSCOS.studyDesign, MSCOS_ID["001906"]) in graph
    [measurement] = graph.objects(evaluation, MSCOS.hasMeasurement)
    assert (measurement, MSCOS.measuresOutcome, MSCOS_ID["000101"]) in graph
    assert (measurement, MSCOS.usesInstrument, MSCOS_ID["001302"]) in graph  # a vocabulary instrument
    assert (measurement, MSCOS.timepoint, Literal("P6M", datatype=XSD.duration)) in graph


def test_local_outcomes_and_minted_instruments(vocabulary: Vocabulary) -> None:
    row = dict(ROW, outcome="CO5", local_outcome="Hope", local_outcome_match="close", instrument="My scale")
    graph = load_dataset(_csv(row), format="csv", name="acme.csv")
    [local] = graph.subjects(RDF.type, MSCOS.LocalOutcome)
    assert (local, SKOS.closeMatch, MSCOS_ID["000105"]) in graph
    [instrument] = graph.subjects(RDF.type, MSCOS.Instrument)
    assert str(instrument).endswith("/instrument/My-scale")


@pytest.mark.parametrize(
    ("match", "conforms"),
    [("", True), ("exact", True), ("Close", True), ("broad", False), ("narrow", False), ("related", False),
     ("maybe", False)],
)
def test_a_match_word_other_than_exact_or_close_is_refused_not_read_as_exact_regression(
    vocabulary: Vocabulary, match: str, conforms: bool
) -> None:
    """The reader once turned any match word but "close" into skos:exactMatch without a word."""
    row = dict(ROW, outcome="CO5", local_outcome="Hope", local_outcome_match=match)
    loaded = read_dataset(_csv(row), format="csv", name="acme.csv")
    [local] = loaded.graph.subjects(RDF.type, MSCOS.LocalOutcome)
    report = attach_locations(validate_graph(loaded.graph, vocabulary=vocabulary), loaded)
    assert report.conforms is conforms
    if not conforms:
        assert (local, SKOS.exactMatch, None) not in loaded.graph
        assert any(r.location and r.location.column == "Local outcome match" for r in report.results)


def test_bad_values_become_located_violations(vocabulary: Vocabulary) -> None:
    rows = [dict(ROW), dict(ROW, study_design="guesswork", sample_size="40.5", reported_by="nobody", n="3")]
    loaded = read_dataset(_csv(*rows), format="csv", name="acme.csv")
    report = attach_locations(validate_graph(loaded.graph, vocabulary=vocabulary), loaded)
    located = {
        (r.rule, r.location.row if r.location else None, r.location.column if r.location else None)
        for r in report.results
    }
    header_row = template_text().count("\n")
    bad_row = header_row + 2
    assert ("ControlledCode", bad_row, "Reported by") in located
    assert ("SmallCountSuppressed", bad_row, "n") in located
    assert ("SampleSizeInteger", header_row + 1, "Sample size") in located
    assert any(rule == "ControlledCode" and column == "Study design" for rule, _, column in located)


def test_graph_to_csv_round_trip_keeps_the_results(vocabulary: Vocabulary) -> None:
    source = load_dataset(EXAMPLES / "complete-evaluation.ttl")
    again = load_dataset(graph_to_csv(source, vocabulary).encode(), format="csv", name="complete.csv")
    report = validate_graph(again, vocabulary=vocabulary)
    assert report.conforms and not report.results
    assert len(list(again.subjects(RDF.type, MSCOS.OutcomeMeasurement))) == 7


def test_count_column_becomes_mscos_count_regression(vocabulary: Vocabulary) -> None:
    """`MSCOS.count` is str.count on an rdflib Namespace; the column once mapped to nothing."""
    row = dict(ROW, mean="", sd="", count="25", proportion="0.625")
    graph = load_dataset(_csv(row), format="csv", name="acme.csv")
    assert len(list(graph.triples((None, URIRef("https://w3id.org/mscos/def/count"), Literal(25))))) == 1
    assert "25" in graph_to_csv(graph, vocabulary).splitlines()[-1].split(",")


def test_the_namespace_comes_from_the_content_not_the_file_name() -> None:
    by_name = {name: load_dataset(_csv(ROW), format="csv", name=name) for name in ("a.csv", "upload")}
    datasets = {name: set(graph.subjects(RDF.type, MSCOS.PartnerDataset)) for name, graph in by_name.items()}
    assert datasets["a.csv"] == datasets["upload"]
    declared = load_dataset(_csv(dict(ROW, namespace="https://acme.example/data/")), format="csv", name="a.csv")
    assert set(declared.subjects(RDF.type, MSCOS.PartnerDataset)) == {URIRef("https://acme.example/data/dataset")}


@pytest.mark.parametrize("value", ["acme", "https://acme.example/data", "ftp://acme.example/data/"])
def test_a_malformed_namespace_is_a_located_read_error(value: str) -> None:
    with pytest.raises(DatasetReadError) as raised:
        load_dataset(_csv(dict(ROW, namespace=value)), format="csv", name="a.csv")
    assert raised.value.column == "Dataset namespace" and raised.value.row is not None
