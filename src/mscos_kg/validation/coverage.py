"""Which of the seven core outcomes each evaluation reports (the report's coverage table)."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from mscos_kg.validation.report import CoreOutcomeCoverage
from mscos_kg.validation.terms import MSCOS
from mscos_kg.validation.triples import subject_index
from mscos_kg.validation.vocabulary import Vocabulary

_MATCHES = (SKOS.exactMatch, SKOS.closeMatch)


def core_outcome_coverage(data: Graph, vocab: Vocabulary) -> list[CoreOutcomeCoverage]:
    """Per evaluation, the core outcomes measured directly or through a matching local outcome
    (the same reading as the AllCoreOutcomesReported shape)."""
    notation: dict[Node, str] = {core: _notation(vocab, core) for core in vocab.core_outcomes}
    core = set(vocab.core_outcomes)
    index = subject_index(data)
    def objects(node: Node, predicate: Node) -> list[Node]:
        return list(index.get(node, {}).get(predicate, {}))

    out = []
    for evaluation in sorted(data.subjects(RDF.type, MSCOS.Evaluation), key=str):
        reported: set[Node] = set()
        for measurement in objects(evaluation, MSCOS.hasMeasurement):
            for outcome in objects(measurement, MSCOS.measuresOutcome):
                candidates = {outcome}
                for match in _MATCHES:
                    candidates.update(objects(outcome, match))
                reported |= candidates & core
        labels = objects(evaluation, RDFS.label)
        interventions = objects(evaluation, MSCOS.evaluates)
        out.append(
            CoreOutcomeCoverage(
                evaluation=evaluation,
                label=str(labels[0]) if labels else str(evaluation),
                intervention=interventions[0] if interventions else None,
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
