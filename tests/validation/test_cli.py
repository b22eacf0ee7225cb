"""`mscos validate`, `mscos template` and `mscos synth` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF, SH

from mscos_kg.cli import cli
from tests.validation.conftest import EXAMPLES, INVALID


def _json(output: str) -> dict:  # type: ignore[type-arg]
    return json.loads(output[output.index("{") :])


def test_exit_0_for_conforming_data_with_warnings() -> None:
    result = CliRunner().invoke(cli, ["validate", str(EXAMPLES / "florida-freedom-partnership.ttl")])
    assert result.exit_code == 0, result.output
    assert "conforms (with warnings)" in result.output
    assert "Intervention: The Florida Freedom Partnership" in result.output
    assert "Core outcome coverage" in result.output and "3/7" in result.output


def test_exit_1_on_violations_and_the_text_names_row_and_column(tmp_path: Path) -> None:
    csv_text = (EXAMPLES / "learn-to-identify-and-fight-trafficking.csv").read_text(encoding="utf-8")
    broken = tmp_path / "lift.csv"
    broken.write_text(csv_text.replace(",P0D,", ",six months,"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(broken)])
    assert result.exit_code == 1, result.output
    assert "TimepointDuration" in result.output
    assert "column 'Timepoint'" in result.output and "row 41" in result.output


def test_json_report_is_typed_and_stable() -> None:
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(INVALID / "small-sample-size.ttl")])
    assert result.exit_code == 1
    body = _json(result.output)
    assert body["schemaVersion"] == "1" and body["exitCode"] == 1
    report = body["files"][0]["report"]
    assert set(report) == {"schemaVersion", "conforms", "threshold", "counts", "results", "coverage"}
    [violation] = report["results"]
    assert set(violation) == {
        "severity",
        "rule",
        "focusNode",
        "path",
        "value",
        "sourceShape",
        "constraintComponent",
        "message",
        "location",
    }
    assert violation["severity"] == "Violation" and violation["rule"] == "SmallCountSuppressed"
    assert violation["value"] == {
        "type": "literal",
        "value": "6",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }
    assert report["coverage"][0]["reported"] == ["CO1", "CO2", "CO3", "CO4", "CO5", "CO6", "CO7"]


def test_turtle_report_is_a_shacl_validation_report() -> None:
    result = CliRunner().invoke(
        cli, ["validate", "--format", "turtle", str(INVALID / "rate-when-suppressed.ttl")]
    )
    assert result.exit_code == 1
    graph = Graph().parse(data=result.output, format="turtle")
    [report] = graph.subjects(RDF.type, SH.ValidationReport)
    # NoRateWhenSuppressed, and DerivedCountSuppressed: its proportion gives 3 people.
    assert len(list(graph.objects(report, SH.result))) == 2


def test_threshold_option() -> None:
    path = str(INVALID / "threshold-configured.ttl")
    assert CliRunner().invoke(cli, ["validate", path]).exit_code == 0
    assert CliRunner().invoke(cli, ["validate", "--threshold", "15", path]).exit_code == 1


def test_several_files_exit_with_the_worst_status(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix", encoding="utf-8")
    files = [str(EXAMPLES / "complete-evaluation.ttl"), str(INVALID / "small-n.ttl")]
    assert CliRunner().invoke(cli, ["validate", *files]).exit_code == 1
    assert CliRunner().invoke(cli, ["validate", *files, str(bad)]).exit_code == 2


def test_the_reference_engine_from_the_command_line() -> None:
    result = CliRunner().invoke(cli, ["validate", "--engine", "pyshacl", str(INVALID / "small-n.ttl")])
    assert result.exit_code == 1 and "SmallCountSuppressed" in result.output


def test_template_is_readable_and_converts(tmp_path: Path) -> None:
    target = tmp_path / "template.csv"
    assert CliRunner().invoke(cli, ["template", "--output", str(target)]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# MSCOS partner dataset template")
    assert "Timepoint *: ISO 8601 duration" in text
    # A blank template has a header but no rows: a clear read error, not a crash.
    result = CliRunner().invoke(cli, ["validate", str(target)])
    assert result.exit_code == 2 and "no data rows" in result.output


def test_synth_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    for path in (a, b):
        result = CliRunner().invoke(
            cli, ["synth", "--evaluations", "5", "--seed", "7", "--output", str(path)]
        )
        assert result.exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    assert CliRunner().invoke(cli, ["validate", str(a)]).exit_code == 0
