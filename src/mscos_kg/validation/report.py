"""Typed validation results, kept beside the raw `sh:ValidationReport` graph."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from mscos_kg.validation.terms import SHAPES

#: Version of the JSON report layout (docs/partner-data.md documents it); bump on any change.
JSON_SCHEMA_VERSION = "1"


class Severity(StrEnum):
    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @classmethod
    def from_iri(cls, iri: Node) -> Severity:
        for member in cls:
            if iri == SH[member.value]:
                return member
        raise ValueError(f"not a SHACL severity: {iri}")

    @property
    def iri(self) -> URIRef:
        return SH[self.value]

    @property
    def rank(self) -> int:
        return {"Violation": 0, "Warning": 1, "Info": 2}[self.value]


@dataclass(frozen=True)
class Location:
    """Where a result points in the submitted file: a row and column for spreadsheets."""

    source: str | None = None
    row: int | None = None
    column: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "row": self.row, "column": self.column}

    def __str__(self) -> str:
        parts = [self.source] if self.source else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


@dataclass(frozen=True)
class ValidationResult:
    severity: Severity
    focus_node: Node
    path: Node | None
    value: Node | None
    source_shape: Node
    constraint: Node
    message: str
    rule: str
    location: Location | None = None

    def sort_key(self) -> tuple[str, ...]:
        return (
            str(self.severity.rank),
            str(self.focus_node),
            self.rule,
            str(self.source_shape),
            str(self.path or ""),
            str(self.value or ""),
            self.message,
            str(self.constraint),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity.value,
            "rule": self.rule,
            "focusNode": _term_json(self.focus_node),
            "path": _term_json(self.path),
            "value": _term_json(self.value),
            "sourceShape": _term_json(self.source_shape),
            "constraintComponent": _term_json(self.constraint),
            "message": self.message,
            "location": self.location.to_json() if self.location else None,
        }


@dataclass(frozen=True)
class CoreOutcomeCoverage:
    """Which core outcomes one evaluation reports (for the coverage table)."""

    evaluation: Node
    label: str
    intervention: Node | None
    reported: tuple[str, ...]  # notations (CO1..CO7) reported
    missing: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "evaluation": _term_json(self.evaluation),
            "label": self.label,
            "intervention": _term_json(self.intervention),
            "reported": list(self.reported),
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    results: list[ValidationResult]
    #: The engine's own `sh:ValidationReport`; None when the results were gathered from several
    #: runs: `to_turtle` then builds one (rdflib triples for 18,000 results cost seconds and
    #: hundreds of MB, so only when asked).
    graph: Graph | None
    coverage: list[CoreOutcomeCoverage] = field(default_factory=list)
    threshold: int = 10

    def count(self, severity: Severity) -> int:
        return sum(1 for r in self.results if r.severity is severity)

    def to_json(self) -> dict[str, Any]:
        counts = Counter(r.severity.value for r in self.results)
        return {
            "schemaVersion": JSON_SCHEMA_VERSION,
            "conforms": self.conforms,
            "threshold": self.threshold,
            "counts": {s.value: counts.get(s.value, 0) for s in Severity},
            "results": [r.to_json() for r in self.results],
            "coverage": [c.to_json() for c in self.coverage],
        }

    def report_graph(self) -> Graph:
        return self.graph if self.graph is not None else report_graph(self.results, self.conforms)

    def to_turtle(self) -> str:
        return self.report_graph().serialize(format="turtle")


def _term_json(term: Node | None) -> dict[str, str] | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "iri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["language"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "other", "value": str(term)}


def rule_of(shape: Node, shapes: Graph) -> str:
    """The rule a result belongs to: the `sh:group` of its source shape, else the shape's name."""
    group = shapes.value(shape, SH.group)
    named = group if isinstance(group, URIRef) else shape
    if isinstance(named, URIRef) and str(named).startswith(str(SHAPES)):
        return str(named)[len(str(SHAPES)) :].split("-", 1)[0]
    return str(named)


def results_from_graph(report: Graph, shapes: Graph) -> list[ValidationResult]:
    """Read the typed results out of a `sh:ValidationReport` graph."""
    out = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(node, SH.sourceShape)
        focus = report.value(node, SH.focusNode)
        if shape is None or focus is None:
            continue  # not a well-formed result; engines always give both
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        out.append(
            ValidationResult(
                severity=Severity.from_iri(report.value(node, SH.resultSeverity) or SH.Violation),
                focus_node=focus,
                path=_simple_path(report.value(node, SH.resultPath)),
                value=report.value(node, SH.value),
                source_shape=shape,
                constraint=report.value(node, SH.sourceConstraintComponent) or SH.ConstraintComponent,
                message=messages[0] if messages else "",
                rule=rule_of(shape, shapes),
            )
        )
    return sorted(out, key=ValidationResult.sort_key)


def _simple_path(path: Node | None) -> Node | None:
    # A complex path (DatasetDescribed's ^rdf:type) is a blank node whose label differs between
    # engines and runs; it is left out (the rule and the message say what is wrong).
    return None if isinstance(path, BNode) else path


def report_graph(results: list[ValidationResult], conforms: bool) -> Graph:
    """A standard `sh:ValidationReport` for results gathered from several engine runs."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("mscosh", SHAPES)
    root = BNode()
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(conforms)))
    for r in results:
        node = BNode()
        g.add((root, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.resultSeverity, r.severity.iri))
        g.add((node, SH.focusNode, r.focus_node))
        g.add((node, SH.sourceShape, r.source_shape))
        g.add((node, SH.sourceConstraintComponent, r.constraint))
        if r.path is not None:
            g.add((node, SH.resultPath, r.path))
        if r.value is not None:
            g.add((node, SH.value, r.value))
        if r.message:
            g.add((node, SH.resultMessage, Literal(r.message)))
    return g
