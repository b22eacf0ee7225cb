"""Running the shapes over a dataset.

Two engines give the same results (the tests check it on every example):

* `Engine.PYSHACL`, the reference: pySHACL over the whole dataset plus the vocabulary extract.
* `Engine.TURBO`, the default: pyshacl-turbo (a native SHACL engine) given N-Triples text of the
  data and of the vocabulary facts it uses; beyond two batches of evaluations, over independent
  parts of the dataset (see `partition`), several parts at a time in threads, since the engine
  releases the GIL while it validates.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from rdflib import BNode, Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from mscos_kg.validation.closed_world import check_closed_world
from mscos_kg.validation.coverage import core_outcome_coverage
from mscos_kg.validation.partition import partitions
from mscos_kg.validation.privacy import DEFAULT_THRESHOLD, check_threshold
from mscos_kg.validation.report import (
    Severity,
    ValidationReport,
    ValidationResult,
    results_from_graph,
)
from mscos_kg.validation.shapes import load_shapes
from mscos_kg.validation.terms import MSCOS
from mscos_kg.validation.triples import Triple, iter_index, list_graph, ntriples, subject_index
from mscos_kg.validation.vocabulary import Vocabulary, load_vocabulary


class Engine(StrEnum):
    PYSHACL = "pyshacl"
    TURBO = "turbo"


@dataclass(frozen=True)
class ValidationOptions:
    threshold: int = DEFAULT_THRESHOLD
    engine: Engine = Engine.TURBO
    #: Validate batches of evaluations independently (turbo only); None: when it pays off.
    partition: bool | None = None
    batch_size: int = 200
    workers: int = 2


def validate_graph(
    data: Graph,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    options: ValidationOptions | None = None,
    vocabulary: Vocabulary | Graph | None = None,
) -> ValidationReport:
    """Validate a partner dataset against the shapes and the MSCOS vocabulary, and its own
    triples against the closed-world rules (`closed_world`).

    `threshold` is the disclosure threshold (ignored when `options` is given); `vocabulary`
    defaults to the packaged ontology/mscos.ttl.
    """
    opts = options or ValidationOptions(threshold=threshold)
    check_threshold(opts.threshold)
    vocab = vocabulary if isinstance(vocabulary, Vocabulary) else load_vocabulary(vocabulary)
    shapes = load_shapes(opts.threshold)
    raw: Graph | None
    if opts.engine is Engine.PYSHACL:
        conforms, results, raw = _run_pyshacl(data, vocab, shapes)
    else:
        conforms, results, raw = _run_turbo(data, vocab, shapes, opts)
    closed = check_closed_world(data)  # the data's own triples: the shapes see them merged with the vocabulary
    if closed:
        conforms, results = False, sorted([*results, *closed], key=ValidationResult.sort_key)
    coverage = core_outcome_coverage(data, vocab)
    return ValidationReport(conforms, results, raw, coverage=coverage, threshold=opts.threshold)


def _run_pyshacl(data: Graph, vocab: Vocabulary, shapes: Graph) -> tuple[bool, list[ValidationResult], Graph]:
    from pyshacl import validate

    combined = Graph()
    for triple in itertools.chain(data, vocab.graph):
        combined.add(triple)
    conforms, raw, _ = validate(combined, shacl_graph=shapes, inference="none", allow_warnings=True)
    return bool(conforms), results_from_graph(raw, shapes), raw


@lru_cache(maxsize=8)
def _compiled(threshold: int) -> Any:
    import pyshacl_turbo

    return pyshacl_turbo.CompiledShapes(load_shapes(threshold))  # type: ignore[no-untyped-call]


def _turbo_input(triples: Iterable[Triple], cache: dict[Node, str] | None = None) -> Any:
    """The triples as the engine's input: N-Triples text, which it parses natively (about four
    times cheaper than handing it rdflib terms); a list-backed graph if a term cannot be
    written as N-Triples (an IRI rdflib accepted but cannot serialise)."""
    from pyshacl_turbo.rdf import Input

    # Duplicates (a vocabulary fact also stated in the data) must not reach the engine twice.
    unique = list(dict.fromkeys(triples))
    try:
        text = ntriples(unique, {} if cache is None else cache)
    except Exception:  # rdflib refuses to serialise some IRIs it parsed
        return list_graph(unique)
    nodes = {str(t): t for triple in unique for t in triple if isinstance(t, BNode)}
    return Input(text, "nt", None, nodes, {}, True)


def _turbo_part(
    compiled: Any, triples: Iterable[Triple], shapes: Graph, cache: dict[Node, str]
) -> list[ValidationResult]:
    _, raw, _ = compiled.validate(_turbo_input(triples, cache), allow_warnings=True)
    return results_from_graph(raw, shapes)


def _run_turbo(
    data: Graph, vocab: Vocabulary, shapes: Graph, opts: ValidationOptions
) -> tuple[bool, list[ValidationResult], Graph | None]:
    compiled = _compiled(opts.threshold)
    evaluations = sum(1 for _ in data.subjects(RDF.type, MSCOS.Evaluation))
    # One engine run has a fixed cost; below a few batches splitting does not pay off.
    split = opts.partition if opts.partition is not None else evaluations > 2 * opts.batch_size
    if not split:
        index = subject_index(data)
        used = {o for predicates in index.values() for objects in predicates.values() for o in objects}
        data_input = _turbo_input(itertools.chain(iter_index(index), vocab.facts_about(used)))
        _, raw, _ = compiled.validate(data_input, allow_warnings=True)
        results = results_from_graph(raw, shapes)
        return _conforms(results), results, raw
    merged: dict[tuple[str, ...], ValidationResult] = {}
    workers = max(1, opts.workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[list[ValidationResult]]] = deque()
        for part in partitions(data, vocab, opts.batch_size):
            # A cache per part: one across parts would end up holding every term of the data.
            pending.append(pool.submit(_turbo_part, compiled, part.triples, shapes, {}))
            # Keep a bounded number of parts in memory at once.
            while len(pending) > 2 * workers:
                _merge(merged, pending.popleft().result())
        while pending:
            _merge(merged, pending.popleft().result())
    results = sorted(merged.values(), key=ValidationResult.sort_key)
    return _conforms(results), results, None


def _merge(merged: dict[tuple[str, ...], ValidationResult], results: list[ValidationResult]) -> None:
    for result in results:
        merged.setdefault(result.sort_key(), result)


def _conforms(results: list[ValidationResult]) -> bool:
    return not any(r.severity is Severity.VIOLATION for r in results)


__all__ = ["Engine", "ValidationOptions", "validate_graph"]
