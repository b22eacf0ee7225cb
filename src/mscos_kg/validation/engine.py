"""Running the shapes: pySHACL (the reference) or pyshacl-turbo, whole or per evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rdflib import Graph

from mscos_kg.validation.privacy import DEFAULT_THRESHOLD, check_threshold
from mscos_kg.validation.report import ValidationReport, report_graph, results_from_graph
from mscos_kg.validation.shapes import load_shapes
from mscos_kg.validation.vocabulary import Vocabulary, load_vocabulary


class Engine(str, Enum):
    PYSHACL = "pyshacl"
    TURBO = "turbo"


@dataclass(frozen=True)
class ValidationOptions:
    threshold: int = DEFAULT_THRESHOLD
    engine: Engine = Engine.TURBO


def validate_graph(
    data: Graph,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    options: ValidationOptions | None = None,
    vocabulary: Vocabulary | Graph | None = None,
) -> ValidationReport:
    opts = options or ValidationOptions(threshold=threshold)
    check_threshold(opts.threshold)
    vocab = vocabulary if isinstance(vocabulary, Vocabulary) else load_vocabulary(vocabulary)
    shapes = load_shapes(opts.threshold)
    combined = Graph()
    for triple in data:
        combined.add(triple)
    for triple in vocab.graph:
        combined.add(triple)
    if opts.engine is Engine.PYSHACL:
        from pyshacl import validate

        conforms, graph, _ = validate(combined, shacl_graph=shapes, inference="none", allow_warnings=True)
    else:
        import pyshacl_turbo

        conforms, graph, _ = pyshacl_turbo.validate(
            combined, shacl_graph=shapes, inference="none", allow_warnings=True
        )
    results = results_from_graph(graph, shapes)
    return ValidationReport(bool(conforms), results, graph, threshold=opts.threshold)


__all__ = ["Engine", "ValidationOptions", "report_graph", "validate_graph"]
