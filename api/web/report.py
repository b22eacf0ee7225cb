"""A validation report in plain language: a verdict, what to fix, and the missing core outcomes.

Built from the library's typed report (``mscos_kg.validation``); the messages are the shapes'
own, written for the people who fill in the template; this adds where each one points (row and
column of a spreadsheet, or the thing it is about) and the per-evaluation coverage of the seven
core outcomes, with the missing ones named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from mscos_kg.validation import Severity, ValidationReport, ValidationResult
from mscos_kg.validation.parsing import LoadedDataset

from ..models import Ref

SEVERITY_WORDS = {
    Severity.VIOLATION: ("Must be fixed", "The dataset cannot be accepted until these are fixed."),
    Severity.WARNING: ("Should be looked at", "The dataset can be accepted, but these weaken what it can show."),
    Severity.INFO: ("For information", "Nothing to fix; worth knowing."),
}


@dataclass(frozen=True)
class Problem:
    message: str
    rule: str
    where: str
    value: str | None


@dataclass(frozen=True)
class ProblemGroup:
    severity: str  # Violation | Warning | Info
    title: str
    explanation: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Cell:
    outcome: Ref
    reported: bool


@dataclass(frozen=True)
class EvaluationCoverage:
    label: str
    cells: tuple[Cell, ...]

    @property
    def missing(self) -> list[Ref]:
        return [c.outcome for c in self.cells if not c.reported]

    @property
    def reported(self) -> int:
        return sum(1 for c in self.cells if c.reported)


@dataclass
class ReportView:
    source: str
    conforms: bool
    counts: dict[str, int]
    threshold: int
    groups: list[ProblemGroup] = field(default_factory=list)
    coverage: list[EvaluationCoverage] = field(default_factory=list)

    @property
    def missing_any(self) -> bool:
        return any(c.missing for c in self.coverage)

    @property
    def verdict(self) -> str:
        if not self.conforms:
            n = self.counts.get("Violation", 0)
            return f"This dataset cannot be accepted yet: {n} problem{'s' if n != 1 else ''} must be fixed."
        if self.counts.get("Warning", 0):
            return "This dataset can be accepted, with warnings to look at."
        return "This dataset can be accepted."


def _name(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    label = graph.value(node, RDFS.label) or graph.value(node, SKOS.prefLabel)
    if isinstance(label, Literal):
        return f"{label} ({node})" if isinstance(node, URIRef) else str(label)
    return str(node) if isinstance(node, URIRef) else "an unnamed node"


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:
            return str(node)
    return str(node)


def problem(graph: Graph, result: ValidationResult) -> Problem:
    if result.location is not None and result.location.row is not None:
        where = f"row {result.location.row}"
        if result.location.column:
            where += f", column '{result.location.column}'"
    else:
        where = _name(graph, result.focus_node)
        if result.path is not None:
            where += f", property {_short(graph, result.path)}"
    shown = result.value is not None and result.value != result.focus_node
    return Problem(result.message, result.rule, where, str(result.value) if shown else None)


def build(dataset: LoadedDataset, report: ValidationReport, core: list[Ref]) -> ReportView:
    view = ReportView(dataset.source, report.conforms, {}, report.threshold)
    for severity in Severity:
        # Two shapes may say the same thing about the same cell: a person reads it once.
        found = list(dict.fromkeys(problem(dataset.graph, r) for r in report.results if r.severity is severity))
        view.counts[severity.value] = len(found)
        if found:
            title, explanation = SEVERITY_WORDS[severity]
            view.groups.append(ProblemGroup(severity.value, title, explanation, tuple(found)))
    for row in report.coverage:
        cells = tuple(Cell(outcome, outcome.notation in row.reported) for outcome in core)
        view.coverage.append(EvaluationCoverage(row.label, cells))
    return view
