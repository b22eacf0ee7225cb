"""`mscos export` and `mscos check` from the command line, on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import SKOS, Graph, URIRef
from rdflib.compare import isomorphic

from mscos_kg.cli import cli
from mscos_kg.vocab.export import FORMATS, scheme_graph

SCHEMES = ["core", "longlist", "indicators", "round0", "workshop", "glossary", "comet", "levels", "partner-codes"]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_whole_vocabulary_in_each_format_parses_back_isomorphic(vocab: Graph, fmt: str,
                                                                     tmp_path: Path) -> None:
    out = tmp_path / f"mscos.{FORMATS[fmt].extension}"
    result = CliRunner().invoke(cli, ["export", "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert isomorphic(Graph().parse(out, format=FORMATS[fmt].rdflib_format), vocab)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_export_one_scheme(vocab: Graph, scheme: str, tmp_path: Path) -> None:
    out = tmp_path / f"{scheme}.ttl"
    result = CliRunner().invoke(cli, ["export", "--scheme", scheme, "--output", str(out)])
    assert result.exit_code == 0, result.output
    got = Graph().parse(out, format="turtle")
    iri = URIRef(f"https://w3id.org/mscos/scheme/{scheme}")
    assert isomorphic(got, scheme_graph(vocab, iri))
    assert set(got.subjects(SKOS.inScheme, iri)) == set(vocab.subjects(SKOS.inScheme, iri))


def test_export_unknown_scheme_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["export", "--scheme", "nope"])
    assert result.exit_code == 2
    assert "unknown scheme 'nope'" in result.output and "longlist" in result.output


def test_jsonld_export_uses_the_published_context() -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "jsonld", "--scheme", "core"])
    doc = json.loads(result.output)
    assert "@context" in doc


@pytest.mark.slow
def test_mscos_check_reports_every_gate_passed() -> None:
    proc = subprocess.run([sys.executable, "-m", "mscos_kg.cli.entry", "check"], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "all gates passed" in proc.stdout
    assert proc.stdout.count("[PASS]") >= 8
