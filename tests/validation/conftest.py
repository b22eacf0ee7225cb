"""Fixtures of the partner-data validation tests: the examples and their expectations."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from mscos_kg.resources import ontology_file
from mscos_kg.validation.report import Severity, ValidationReport
from mscos_kg.validation.terms import SHAPES
from mscos_kg.validation.vocabulary import Vocabulary, extract

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
INVALID = EXAMPLES / "invalid"
CASES = Path(__file__).resolve().parent / "cases"
FIXTURE_VOCABULARY = Path(__file__).resolve().parent / "fixtures" / "vocabulary-layer.ttl"
VALID_EXAMPLES = (
    sorted(EXAMPLES.glob("*.ttl")) + sorted(EXAMPLES.glob("*.csv")) + sorted(EXAMPLES.glob("*.jsonld"))
)
INVALID_EXAMPLES = sorted(INVALID.glob("*.ttl")) + sorted(CASES.glob("*.ttl"))

_EXPECT = re.compile(r"^# expect: (Violation|Warning|Info) mscosh:(\S+) (ex|mscosid|mscos):(\S+)$", re.M)
MSCOSID = "https://w3id.org/mscos/id/"
MSCOS_DEF = "https://w3id.org/mscos/def/"  # a class as focus node (DatasetDescribed)
_THRESHOLD = re.compile(r"^# threshold: (\d+)$", re.M)
_EX = re.compile(r"^@prefix ex: <([^>]+)> \.$", re.M)


@dataclass(frozen=True)
class Expectation:
    threshold: int
    results: frozenset[tuple[Severity, URIRef, URIRef]]


def expectation(path: Path) -> Expectation:
    """The `# expect:` lines of an invalid example: severity, source shape and focus node."""
    text = path.read_text(encoding="utf-8")
    base = _EX.search(text)
    assert base, f"{path.name} declares no ex: prefix"
    namespaces = {"ex": base.group(1), "mscosid": MSCOSID, "mscos": MSCOS_DEF}
    found = frozenset(
        (Severity(sev), SHAPES[shape], URIRef(namespaces[prefix] + focus))
        for sev, shape, prefix, focus in _EXPECT.findall(text)
    )
    assert found, f"{path.name} declares no '# expect:' line"
    threshold = _THRESHOLD.search(text)
    return Expectation(int(threshold.group(1)) if threshold else 10, found)


def observed(report: ValidationReport) -> frozenset[tuple[Severity, URIRef, URIRef]]:
    return frozenset(
        (r.severity, URIRef(str(r.source_shape)), URIRef(str(r.focus_node))) for r in report.results
    )


def keys(report: ValidationReport) -> list[tuple[str, ...]]:
    """Everything two engines must agree on: severity, focus, rule, shape, path, value, message."""
    return sorted(r.sort_key() for r in report.results)


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    """The shipped vocabulary with a small test layer on top (a deprecated outcome)."""
    if not ontology_file().is_file():
        pytest.skip("ontology/mscos.ttl is not built")
    graph = Graph().parse(data=ontology_file().read_text(encoding="utf-8"), format="turtle")
    graph.parse(FIXTURE_VOCABULARY, format="turtle")
    return extract(graph)


@pytest.fixture(autouse=True)
def _quiet_rdflib() -> Iterator[None]:
    # Ill-typed literals are test inputs here; rdflib logs a traceback for each.
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)
