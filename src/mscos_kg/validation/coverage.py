"""Which of the seven core outcomes each evaluation reports (the report's coverage table)."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from mscos_kg.validation.report import CoreOutcomeCoverage
from mscos_kg.validation.terms import MSCOS
from mscos_kg.validation.vocabulary import Vocabulary

_MATCHES = (SKOS.exactMatch, SKOS.closeMatch)


def core_outcome_coverage(data: Graph, vocab: Vocabulary) -> list[CoreOutcomeCoverage]:
    """Per evaluation, the core outcomes measured directly or through a matching local outcome
    (the same reading as the AllCoreOutcomesReported shape)."""
    notation: dict[Node, str] = {core: _notation(vocab, core) for core in vocab.core_outcomes}
    core = set(vocab.core_outcomes)
    out = []
    for evaluation in sorted(data.subjects(RDF.type, MSCOS.Evaluation), key=str):
        reported: set[Node] = set()
        for measurement in data.objects(evaluation, MSCOS.hasMeasurement):
            for outcome in data.objects(measurement, MSCOS.measuresOutcome):
                candidates = {outcome}
                for match in _MATCHES:
                    candidates.update(data.objects(outcome, match))
                reported |= candidates & core
        label = data.value(evaluation, RDFS.label)
        out.append(
            CoreOutcomeCoverage(
                evaluation=evaluation,
                label=str(label) if label is not None else str(evaluation),
                intervention=data.value(evaluation, MSCOS.evaluates),
                reported=tuple(sorted(notation[c] for c in reported)),
                missing=tuple(sorted(notation[c] for c in core - reported)),
            )
        )
    return out


def _notation(vocab: Vocabulary, concept: Node) -> str:
    for _, predicate, value in vocab.facts.get(concept, ()):
        if predicate == SKOS.notation:
            return str(value)
    return str(concept)
