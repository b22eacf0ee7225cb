"""Validating a large Turtle or N-Triples file without building an rdflib graph.

An rdflib graph costs about 1.2 KB per triple (1.2 GB for 10,000 synthetic evaluations). Here the
file is read with Oxigraph's parser into a compact index (each subject's triples as N-Triples
lines), cut into the same independent parts as `partition` (batches of evaluations with
everything they reach), and each part goes to pyshacl-turbo as N-Triples text with the
vocabulary facts it uses, a few parts at a time in threads. The tests hold the results to
`validate_graph`'s.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from mscos_kg.validation.engine import ValidationOptions, _compiled, _conforms, _merge
from mscos_kg.validation.errors import DatasetReadError
from mscos_kg.validation.parsing import DEFAULT_MAX_BYTES
from mscos_kg.validation.report import (
    CoreOutcomeCoverage,
    ValidationReport,
    ValidationResult,
    report_graph,
    results_from_graph,
)
from mscos_kg.validation.shapes import load_shapes
from mscos_kg.validation.terms import MSCOS
from mscos_kg.validation.triples import ntriples
from mscos_kg.validation.vocabulary import Vocabulary, load_vocabulary

_FORMATS = {".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES"}


@dataclass(frozen=True)
class _VocabularyText:
    """The vocabulary facts as N-Triples lines, by subject IRI."""

    lines: dict[str, str]
    replaced_by: dict[str, list[str]]
    core: tuple[str, ...]

    @classmethod
    def of(cls, vocab: Vocabulary) -> _VocabularyText:
        cache: dict[Node, str] = {}
        lines = {str(s): ntriples(facts, cache) for s, facts in vocab.facts.items()}
        replaced = {
            str(s): [str(o) for _, p, o in facts if p == DCTERMS.isReplacedBy] for s, facts in vocab.facts.items()
        }
        return cls(lines, replaced, tuple(str(c) for c in vocab.core_outcomes))

    def about(self, iris: set[str]) -> str:
        seen: set[str] = set()
        todo = [*self.core, *iris]
        out = []
        while todo:
            iri = todo.pop()
            if iri in seen:
                continue
            seen.add(iri)
            text = self.lines.get(iri)
            if text:
                out.append(text)
                todo.extend(self.replaced_by.get(iri, ()))
        return "".join(out)


@dataclass
class _Index:
    """subject -> its triples as N-Triples lines, with the object when it is a node.

    Built from Oxigraph's parser rather than its store: the store rewrites literals into their
    canonical form (P0D becomes PT0S), which would change the values and messages reported.
    """

    lines: dict[str, list[tuple[str, str | None, str]]]  # subject -> (predicate, node object, line)
    evaluations: list[str]


def _load(path: Path, max_bytes: int) -> _Index:
    import sys

    import pyoxigraph

    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DatasetReadError("streaming validation reads Turtle (.ttl) or N-Triples (.nt) only", source=str(path))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DatasetReadError(f"cannot be read ({exc.strerror or exc})", source=str(path)) from None
    if size > max_bytes:
        raise DatasetReadError(f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes", source=str(path))
    index: dict[str, list[tuple[str, str | None, str]]] = {}
    evaluations = []
    rdf_type, evaluation = f"<{RDF.type}>", f"<{MSCOS.Evaluation}>"
    nodes = (pyoxigraph.NamedNode, pyoxigraph.BlankNode)
    try:
        for quad in pyoxigraph.parse(path=str(path), format=getattr(pyoxigraph.RdfFormat, fmt)):
            subject = sys.intern(str(quad.subject))
            predicate = sys.intern(str(quad.predicate))
            obj = quad.object
            text = sys.intern(str(obj)) if isinstance(obj, nodes) else str(obj)
            index.setdefault(subject, []).append(
                (predicate, text if isinstance(obj, nodes) else None, f"{subject} {predicate} {text} .\n")
            )
            if predicate == rdf_type and text == evaluation:
                evaluations.append(subject)
    except SyntaxError as exc:
        raise DatasetReadError(f"invalid {fmt.replace('_', '-').title()}: {exc}", source=str(path)) from None
    except (OSError, ValueError) as exc:
        raise DatasetReadError(f"cannot be read ({exc})", source=str(path)) from None
    return _Index(index, sorted(set(evaluations), key=_value))


def _value(node: str) -> str:
    return node[1:-1] if node.startswith("<") else node


def _parts(index: _Index, batch_size: int, vocab: _VocabularyText) -> Iterator[str]:
    reached: set[str] = set()

    def closure(roots: list[str]) -> str:
        seen: set[str] = set()
        iris: set[str] = set()
        lines: list[str] = []
        todo = list(roots)
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for _, obj, line in index.lines.get(node, ()):
                lines.append(line)
                if obj is not None:
                    if obj.startswith("<"):
                        iris.add(obj[1:-1])
                    if obj not in seen:
                        todo.append(obj)
        reached.update(seen)
        return "".join(lines) + vocab.about(iris)

    evaluations = index.evaluations
    for start in range(0, len(evaluations), batch_size):
        yield closure(evaluations[start : start + batch_size])
    rest = sorted((s for s in index.lines if s not in reached), key=_value)
    if rest:
        yield closure(rest)


def _turbo_text(compiled: Any, text: str, shapes: Any) -> list[ValidationResult]:
    from pyshacl_turbo.rdf import Input

    # Each line is one triple already; duplicates (a vocabulary fact also in the data) go once.
    unique = "".join(dict.fromkeys(text.splitlines(keepends=True)))
    _, raw, _ = compiled.validate(Input(unique, "nt", None, {}, {}, True), allow_warnings=True)
    return results_from_graph(raw, shapes)


def _term(node: str) -> Node:
    return URIRef(node[1:-1]) if node.startswith("<") else BNode(node[2:])


def _coverage(index: _Index, vocab: Vocabulary) -> list[CoreOutcomeCoverage]:
    """Per evaluation, the core outcomes measured directly or through a matching local outcome."""
    notation = {
        f"<{c}>": str(o) for c in vocab.core_outcomes for _, p, o in vocab.facts.get(c, ()) if p == SKOS.notation
    }
    has, measures = f"<{MSCOS.hasMeasurement}>", f"<{MSCOS.measuresOutcome}>"
    matches = {f"<{SKOS.exactMatch}>", f"<{SKOS.closeMatch}>"}
    label_p, evaluates = f"<{RDFS.label}>", f"<{MSCOS.evaluates}>"

    def objects(node: str, predicates: set[str]) -> list[str]:
        return [obj for p, obj, _ in index.lines.get(node, ()) if p in predicates and obj is not None]

    out = []
    for evaluation in index.evaluations:
        reported: set[str] = set()
        for measurement in objects(evaluation, {has}):
            for outcome in objects(measurement, {measures}):
                for candidate in [outcome, *objects(outcome, matches)]:
                    if candidate in notation:
                        reported.add(notation[candidate])
        labels = [line for p, obj, line in index.lines.get(evaluation, ()) if p == label_p and obj is None]
        label = _literal_text(labels[0]) if labels else _value(evaluation)
        interventions = objects(evaluation, {evaluates})
        out.append(
            CoreOutcomeCoverage(
                evaluation=_term(evaluation),
                label=label,
                intervention=_term(interventions[0]) if interventions else None,
                reported=tuple(sorted(reported)),
                missing=tuple(sorted(set(notation.values()) - reported)),
            )
        )
    return out


def _literal_text(line: str) -> str:
    from rdflib import Graph

    graph = Graph().parse(data=line, format="nt")
    return str(next(iter(graph))[2])


def validate_file(
    path: Path | str,
    *,
    options: ValidationOptions | None = None,
    vocabulary: Vocabulary | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ValidationReport:
    """Validate a Turtle or N-Triples file part by part, without an rdflib graph of it."""
    opts = options or ValidationOptions()
    vocab = vocabulary or load_vocabulary()
    index = _load(Path(path), max_bytes)
    shapes = load_shapes(opts.threshold)
    compiled = _compiled(opts.threshold)
    merged: dict[tuple[str, ...], ValidationResult] = {}
    workers = max(1, opts.workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[list[ValidationResult]]] = deque()
        for text in _parts(index, opts.batch_size, _VocabularyText.of(vocab)):
            pending.append(pool.submit(_turbo_text, compiled, text, shapes))
            while len(pending) > 2 * workers:
                _merge(merged, pending.popleft().result())
        while pending:
            _merge(merged, pending.popleft().result())
    results = sorted(merged.values(), key=ValidationResult.sort_key)
    conforms = _conforms(results)
    return ValidationReport(
        conforms, results, report_graph(results, conforms), coverage=_coverage(index, vocab), threshold=opts.threshold
    )
