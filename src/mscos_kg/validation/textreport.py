"""The plain-words report of `mscos validate`: results grouped by intervention and evaluation,
then a core-outcome coverage table per evaluation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from mscos_kg.validation.parsing import LoadedDataset
from mscos_kg.validation.report import Severity, ValidationReport, ValidationResult
from mscos_kg.validation.terms import MSCOS

# Links followed backwards to find the evaluation (or intervention) a node belongs to.
_UP = (MSCOS.hasResult, MSCOS.hasMeasurement, MSCOS.measuresOutcome, MSCOS.usesInstrument)


def _owner(data: Graph, node: Node) -> tuple[Node | None, Node | None]:
    """(intervention, evaluation) a focus node belongs to, as far as the links say."""
    seen = {node}
    todo = [node]
    while todo:
        current = todo.pop(0)
        intervention = data.value(current, MSCOS.evaluates)
        if intervention is not None:
            return intervention, current
        if (None, MSCOS.evaluates, current) in data or data.value(
            current, MSCOS.targetPopulation
        ) is not None:
            return current, None
        for prop in _UP:
            for parent in data.subjects(prop, current):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
    return None, None


def _name(data: Graph, node: Node | None) -> str:
    if node is None:
        return "(not linked to an intervention)"
    label = data.value(node, RDFS.label) or data.value(node, SKOS.prefLabel)
    short = node.n3(data.namespace_manager)
    return f"{label} {short}" if label is not None else short


def _line(data: Graph, dataset: LoadedDataset, result: ValidationResult) -> str:
    where = result.focus_node.n3(data.namespace_manager)
    if result.path is not None:
        where += f" {result.path.n3(data.namespace_manager)}"
    shown = result.value is not None and result.value != result.focus_node
    value = f" (value: {result.value})" if shown else ""
    at = f" [{result.location}]" if result.location else ""
    return f"    {result.severity.value.upper():9} {result.rule}: {result.message}{value}\n              at {where}{at}"


def render(dataset: LoadedDataset, report: ValidationReport) -> str:
    data = dataset.graph
    lines = [_summary(dataset.source, report), ""]
    groups: dict[tuple[Node | None, Node | None], list[ValidationResult]] = defaultdict(list)
    for result in report.results:
        owner = _owner(data, result.focus_node)
        if owner == (None, None) and result.value is not None:
            owner = _owner(data, result.value)
        groups[owner].append(result)
    by_intervention: dict[Node | None, list[Node | None]] = defaultdict(list)
    for intervention, evaluation in groups:
        by_intervention[intervention].append(evaluation)
    for intervention in sorted(by_intervention, key=lambda n: (n is None, str(n))):
        lines.append(f"Intervention: {_name(data, intervention)}")
        for evaluation in sorted(by_intervention[intervention], key=lambda n: (n is not None, str(n))):
            if evaluation is not None:
                lines.append(f"  Evaluation: {_name(data, evaluation)}")
            for result in groups[(intervention, evaluation)]:
                lines.append(_line(data, dataset, result))
        lines.append("")
    lines += coverage_table(report)
    return "\n".join(lines).rstrip() + "\n"


def _summary(source: str, report: ValidationReport) -> str:
    counts = ", ".join(
        f"{report.count(s)} {s.value.lower()}{'s' if report.count(s) != 1 else ''}" for s in Severity
    )
    verdict = "conforms" if report.conforms else "DOES NOT CONFORM"
    if report.conforms and report.count(Severity.WARNING):
        verdict += " (with warnings)"
    return f"{source}: {verdict}: {counts} (disclosure threshold {report.threshold})"


def coverage_table(report: ValidationReport) -> list[str]:
    if not report.coverage:
        return ["Core outcome coverage: no evaluations."]
    # The core outcomes' notations (CO1..CO7), as the vocabulary gives them.
    notations = sorted({n for c in report.coverage for n in (*c.reported, *c.missing)})
    width = min(48, max(len(c.label) for c in report.coverage))
    lines = [
        "Core outcome coverage (x = reported, . = missing):",
        f"  {'Evaluation':{width}}  " + " ".join(notations) + "  total",
    ]
    for row in report.coverage:
        marks = " ".join(f"{'x' if n in row.reported else '.':^3}" for n in notations)
        label = row.label if len(row.label) <= width else row.label[: width - 1] + "…"
        lines.append(f"  {label:{width}}  {marks}  {len(row.reported)}/{len(notations)}")
    return lines


def render_many(items: Iterable[tuple[LoadedDataset, ValidationReport]]) -> str:
    return "\n".join(render(d, r) for d, r in items)
