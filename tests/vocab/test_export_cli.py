"""`mscos export` and `mscos check` from the command line, on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, URIRef
from rdflib.compare import isomorphic

from mscos_kg.cli import cli
from mscos_kg.resources import tables_dir
from mscos_kg.vocab.export import FORMATS, model_graph, scheme_graph

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


def model_terms() -> dict[URIRef, str]:
    """Every class and property of the hand-written model (ontology/src/model.ttl), with its label."""
    model = Graph().parse(data=(tables_dir() / "model.ttl").read_text(encoding="utf-8"), format="turtle")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {t: str(model.value(t, RDFS.label)) for k in kinds for t in model.subjects(RDF.type, k)
            if isinstance(t, URIRef) and str(t).startswith("https://w3id.org/mscos/def/")}


def test_export_model_writes_the_owl_model_without_concepts_or_schemes(tmp_path: Path) -> None:
    out = tmp_path / "model.ttl"
    result = CliRunner().invoke(cli, ["export", "--model", "--output", str(out)])
    assert result.exit_code == 0, result.output
    got = Graph().parse(out, format="turtle")
    assert list(got.subjects(RDF.type, OWL.Ontology)) == [URIRef("https://w3id.org/mscos/ontology")]
    assert list(got.subjects(RDF.type, SKOS.ConceptScheme)) == []
    assert [c for c in got.subjects(RDF.type, SKOS.Concept) if "/id/" in str(c)] == []
    assert set(model_terms()) <= set(got.subjects())
    assert (None, OWL.members, None) in got  # the anonymous owl:AllDisjointClasses axiom comes along


def test_model_export_is_part_of_the_vocabulary(vocab: Graph) -> None:
    model = model_graph(vocab)
    ground = [t for t in model if not any(isinstance(x, BNode) for x in t)]
    assert len(ground) > 400 and all(t in vocab for t in ground)


def test_export_split_writes_the_model_and_each_scheme_to_its_own_file(vocab: Graph, tmp_path: Path) -> None:
    folder = tmp_path / "release" / "1.1.0"  # a folder that does not exist yet
    result = CliRunner().invoke(cli, ["export", "--split", str(folder)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["mscos-model.ttl"] + [f"mscos-scheme-{k}.ttl" for k in SCHEMES])
    for key in SCHEMES:
        part = Graph().parse(folder / f"mscos-scheme-{key}.ttl", format="turtle")
        assert isomorphic(part, scheme_graph(vocab, URIRef(f"https://w3id.org/mscos/scheme/{key}")))
        assert (None, RDF.type, OWL.Ontology) not in part


@pytest.mark.parametrize("args", [["--model", "--scheme", "core"], ["--split", "x", "--model"],
                                  ["--split", "x", "--output", "y.ttl"]])
def test_export_refuses_options_that_cannot_be_combined(args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["export", *args])
    assert result.exit_code == 2 and "Error:" in result.output and "Traceback" not in result.output


def _pylode_metadata(html: str) -> str:
    start = html.index('id="metadata"')
    return html[start:html.index("</dl>", start)]


@pytest.mark.slow
def test_pylode_renders_every_class_and_property_of_the_exported_model(tmp_path: Path) -> None:
    pylode = pytest.importorskip("pylode")
    out = tmp_path / "model.ttl"
    assert CliRunner().invoke(cli, ["export", "--model", "--output", str(out)]).exit_code == 0
    html = pylode.OntPub(ontology=str(out)).make_html()
    missing = [f"{label} <{iri}>" for iri, label in model_terms().items() if str(iri) not in html or label not in html]
    assert missing == []
    metadata = _pylode_metadata(html)
    assert "MSCOS ontology and vocabulary" in metadata and "MSCOS core outcomes" not in metadata


@pytest.mark.slow
def test_pylode_merges_a_scheme_header_into_the_ontology_metadata(vocab: Graph, tmp_path: Path) -> None:
    """Why the model is exported on its own: given the ontology and a scheme in one file, pyLODE 3.3
    shows the scheme's title in the ontology's metadata block (it did so for all nine schemes)."""
    pylode = pytest.importorskip("pylode")
    scheme = URIRef("https://w3id.org/mscos/scheme/core")
    mixed = model_graph(vocab)
    for p, o in vocab.predicate_objects(scheme):
        mixed.add((scheme, p, o))
    html = pylode.OntPub(ontology=mixed).make_html()
    assert "MSCOS core outcomes" in _pylode_metadata(html)
