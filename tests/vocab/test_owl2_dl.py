"""The published ontology is OWL 2 DL as it is: HermiT and the OWL 2 datatype map accept it (decision 0013)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from mscos_kg.resources import ontology_file
from mscos_kg.vocab.owl2 import datatype_problems
from mscos_kg.vocab.reasoner import check_file, hermit_jar

MSCOS = "https://w3id.org/mscos/def/"
XSD = "http://www.w3.org/2001/XMLSchema#"  # a string: pytest's collection trips rdflib's XSD namespace
no_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime (make system-deps)")


def published() -> Path:
    return Path(str(ontology_file()))


def test_the_published_file_uses_only_the_owl2_datatype_map_in_axioms(vocab: Graph) -> None:
    assert datatype_problems(vocab) == []


@pytest.mark.parametrize(("triple", "expected"), [
    ((URIRef(MSCOS + "year"), RDFS.range, URIRef(XSD + "gYear")), "rdfs:range http://www.w3.org/2001/XMLSchema#gYear"),
    ((URIRef(MSCOS + "timepoint"), RDFS.range, URIRef(XSD + "duration")), "XMLSchema#duration: outside"),
    ((URIRef("https://w3id.org/mscos/id/001401"), URIRef(MSCOS + "startDate"),
      Literal("2021-10-01", datatype=URIRef(XSD + "date"))),
     "startDate has a value typed http://www.w3.org/2001/XMLSchema#date"),
])
def test_datatype_check_fires_on_what_hermit_refuses(triple: tuple[URIRef, URIRef, URIRef], expected: str) -> None:
    g = Graph()
    g.add(triple)
    problems = datatype_problems(g)
    assert len(problems) == 1 and expected in problems[0], problems


def test_dates_of_declared_annotation_properties_are_allowed() -> None:
    g = Graph()
    g.add((DCTERMS.created, RDF.type, OWL.AnnotationProperty))
    created = Literal("2026-11-23", datatype=URIRef(XSD + "date"))
    g.add((URIRef("https://w3id.org/mscos/ontology"), DCTERMS.created, created))
    assert datatype_problems(g) == []


@pytest.mark.requires_java
@no_java
def test_hermit_command_line_accepts_the_published_turtle_file_as_is() -> None:
    result = check_file(published())
    assert result.consistent, result.message
    assert result.unsatisfiable == []


@pytest.mark.requires_java
@no_java
def test_hermit_refuses_a_gyear_range_with_unsupported_datatype_exception(tmp_path: Path) -> None:
    """What 1.0.0 published (`mscos:year rdfs:range xsd:gYear`): HermiT threw UnsupportedDatatypeException."""
    text = published().read_text(encoding="utf-8")
    bad = tmp_path / "mscos.ttl"
    bad.write_text(text + "\n<https://w3id.org/mscos/def/year> "
                   "<http://www.w3.org/2000/01/rdf-schema#range> <http://www.w3.org/2001/XMLSchema#gYear> .\n",
                   encoding="utf-8")
    result = check_file(bad)
    assert not result.consistent and "UnsupportedDatatypeException" in result.message


def _dl_profile(document: Path, tmp_path: Path) -> str:
    """The OWL API's OWL 2 DL profile check (tests/vocab/java/DLProfile.java) on a document."""
    jar = hermit_jar()
    source = Path(__file__).parent / "java" / "DLProfile.java"
    subprocess.run(["javac", "-cp", str(jar), "-d", str(tmp_path), str(source)], check=True, timeout=120)
    proc = subprocess.run(["java", "-cp", os.pathsep.join((str(jar), str(tmp_path))), "DLProfile", str(document)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


no_javac = pytest.mark.skipif(shutil.which("javac") is None, reason="the OWL API profile check is compiled with javac")


@pytest.mark.requires_java
@no_javac
def test_the_published_file_is_in_the_owl2_dl_profile_of_the_owl_api(tmp_path: Path) -> None:
    report = _dl_profile(published(), tmp_path)
    assert report.startswith("in profile: true; violations: 0"), report


@pytest.mark.requires_java
@no_javac
def test_the_profile_check_fires_on_an_undeclared_class(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(published().read_text(encoding="utf-8") + "\n<https://w3id.org/mscos/id/001401> a "
                   "<http://example.org/UndeclaredClass> .\n", encoding="utf-8")
    report = _dl_profile(bad, tmp_path)
    assert "in profile: false" in report and "Use of undeclared class: <http://example.org/UndeclaredClass>" in report
