"""Validating a large Turtle or N-Triples file without building an rdflib graph.

An rdflib graph costs about 1.2 KB per triple (1.2 GB for 10,000 synthetic evaluations). Here the
file is read with Oxigraph's parser into a compact index (each subject's triples as one block of
N-Triples lines, and its links to other nodes), cut into the same independent parts as
`partition` (batches of evaluations with everything they reach), and each part goes to
pyshacl-turbo as N-Triples text with the vocabulary facts it uses, a few parts at a time in
threads. No report graph is built unless asked for. `mscos validate` takes this path for Turtle
and N-Triples (`files.validate_path`). The tests hold the results to `validate_graph`'s.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from mscos_kg.validation import closed_world, identifying
from mscos_kg.validation.closed_world import check_closed_world
from mscos_kg.validation.engine import ValidationOptions, _compiled, _conforms, _merge
from mscos_kg.validation.errors import DatasetReadError
from mscos_kg.validation.parsing import DEFAULT_MAX_BYTES, _too_big
from mscos_kg.validation.report import (
    CoreOutcomeCoverage,
    ValidationReport,
    ValidationResult,
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


class _Blocks:
    """Each subject's triples as one block of N-Triples lines, kept in a temporary file.

    In memory is only where each block lies and what its subject's types are (one int per
    subject): 100,000 evaluations have about ten million triples, 1.3 GB of text, and 1.7
    million subjects. A subject stated in several runs (Turtle allows it) is merged into one
    block, each line once.
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the index
        # subject -> (offset << 32 | length in bytes) << 3 | its types' bits (closed_world.type_flag)
        self._where: dict[str, int] = {}
        self._end = 0
        self._dirty = False
        self.triples = 0  # distinct triples (lines) in all blocks

    def add(self, subject: str, lines: list[str], flags: int) -> None:
        packed = self._where.get(subject)
        if packed is None:
            unique = dict.fromkeys(lines)
            text = "".join(unique)
            self.triples += len(unique)
        else:  # a later run of the same subject: one block, each line once
            before = self._read(packed)
            text = _unique(before + "".join(lines))
            self.triples += text.count("\n") - before.count("\n")
            flags |= packed & 7
        data = text.encode()
        self._file.write(data)  # appended: reads use pread, which leaves the position alone
        self._dirty = True
        self._where[subject] = (self._end << 32 | len(data)) << 3 | flags
        self._end += len(data)

    def get(self, subject: str, default: str = "") -> str:
        packed = self._where.get(subject)
        return default if packed is None else self._read(packed)

    def _read(self, packed: int) -> str:
        if self._dirty:
            self._file.flush()
            self._dirty = False
        where = packed >> 3
        return os.pread(self._file.fileno(), where & 0xFFFFFFFF, where >> 32).decode()

    def flags(self) -> Iterator[tuple[str, int]]:
        """Each subject with its types' bits, without reading its block."""
        for subject, packed in self._where.items():
            yield subject, packed & 7

    def __contains__(self, subject: object) -> bool:
        return subject in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def items(self) -> Iterator[tuple[str, str]]:
        for subject, packed in self._where.items():
            yield subject, self._read(packed)

    def values(self) -> Iterator[str]:
        for _, block in self.items():
            yield block

    def close(self) -> None:
        self._file.close()


# A line whose object is a node: `s p <o> .` or `s p _:o .` (no subject or predicate holds a
# space in N-Triples, and a line ends only at "\n": literals escape it, not U+2028 or U+0085).
_LINK = re.compile(r"^\S+ (\S+) (<[^>]*>|_:\S+) \.$", re.MULTILINE)


def _links_of(block: str) -> list[tuple[str, str]]:
    """(predicate, node object) of each line of a block."""
    return _LINK.findall(block)


class _Links:
    """Each subject's links to other nodes, read from its block when asked."""

    def __init__(self, blocks: _Blocks) -> None:
        self._blocks = blocks

    def get(self, subject: str) -> list[tuple[str, str]]:
        block = self._blocks.get(subject)
        return _links_of(block) if block else []

    def items(self) -> Iterator[tuple[str, list[tuple[str, str]]]]:
        for subject, block in self._blocks.items():
            yield subject, _links_of(block)


@dataclass
class _Index:
    """Each subject's triples as one block of N-Triples lines (on disk), and its links to other nodes.

    Built from Oxigraph's parser rather than its store: the store rewrites literals into their
    canonical form (P0D becomes PT0S), which would change the values and messages reported.
    """

    blocks: _Blocks  # subject -> its triples as N-Triples lines
    links: _Links  # subject -> (predicate, node object)
    evaluations: list[str]
    prefixes: dict[str, str]
    datasets: list[str]  # the mscos:PartnerDataset nodes, in every part (see partition)
    identifying: list[ValidationResult]  # identifying details in literals, found while reading


def _load(path: Path, max_bytes: int, base_iri: str | None = None) -> _Index:
    import pyoxigraph

    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DatasetReadError("streaming validation reads Turtle (.ttl) or N-Triples (.nt) only", source=str(path))
    return _load_as(path, fmt, max_bytes, base_iri, pyoxigraph)


def _load_as(
    path: Path, fmt: str, max_bytes: int, base_iri: str | None, pyoxigraph: Any, data: bytes | None = None
) -> _Index:
    if data is not None:
        size = len(data)
    else:
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise DatasetReadError("no such file", source=str(path)) from None
        except OSError as exc:
            raise DatasetReadError(f"cannot be read ({exc.strerror or exc})", source=str(path)) from None
        if path.is_dir():
            raise DatasetReadError("is a directory, not a file", source=str(path))
    if size > max_bytes:
        raise DatasetReadError(_too_big(size, max_bytes), source=str(path))
    blocks = _Blocks()
    evaluations, datasets = [], []
    rdf_type, evaluation, dataset = f"<{RDF.type}>", f"<{MSCOS.Evaluation}>", f"<{MSCOS.PartnerDataset}>"
    nodes = (pyoxigraph.NamedNode, pyoxigraph.BlankNode)
    found: list[ValidationResult] = []
    scanned: dict[str, list[identifying.Kind]] = {}
    candidate = identifying.CANDIDATE.search
    type_flag = closed_world.type_flag
    # Turtle states a subject's triples together: gather them and store them once per run.
    current: str | None = None
    lines: list[str] = []
    flags = 0  # the bits of the current subject's types

    def flush() -> None:
        if current is not None:  # a triple stated twice is one triple (as in the store)
            blocks.add(current, lines, flags)

    rdf_format = getattr(pyoxigraph.RdfFormat, fmt)
    if data is None:
        parser = pyoxigraph.parse(path=str(path), format=rdf_format, base_iri=base_iri)
    else:
        parser = pyoxigraph.parse(data, format=rdf_format, base_iri=base_iri)
    try:
        for quad in parser:
            subject = str(quad.subject)
            if subject != current:
                flush()
                current, lines, flags = sys.intern(subject), [], 0
            predicate = sys.intern(str(quad.predicate))
            obj = quad.object
            text = str(obj)
            if predicate == rdf_type:
                flags |= type_flag(text)
            if isinstance(obj, nodes):
                if predicate == rdf_type and text == evaluation:
                    evaluations.append(current)
                elif predicate == rdf_type and text == dataset:
                    datasets.append(current)
            elif candidate(text):  # most text has no digit and no "@": no kind can match it
                # Figures and codes repeat: each distinct literal (its N-Triples text) is read once.
                kinds = scanned.get(text)
                if kinds is None:
                    datatype = None if obj.language else obj.datatype.value
                    kinds = scanned[text] = identifying.kinds_in(obj.value, datatype)
                for kind in kinds:
                    found.append(identifying.result(kind, _term(current), URIRef(quad.predicate.value), _literal(obj)))
            lines.append(f"{current} {predicate} {text} .\n")
        flush()
    except SyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        reason = _without_position(str(exc.msg or exc))
        if reason.startswith("No scheme found"):  # Oxigraph's words for a relative IRI with no base
            reason = (
                "relative IRI with no base: write absolute IRIs (https://...), or declare a base "
                "(@base in Turtle, --base on the command line)"
            )
        raise DatasetReadError(f"invalid {_NAMES[fmt]}: {reason}", source=str(path), line=line) from None
    except (OSError, ValueError) as exc:
        raise DatasetReadError(f"cannot be read ({exc})", source=str(path)) from None
    prefixes = dict(getattr(parser, "prefixes", None) or {})
    return _Index(
        blocks, _Links(blocks), sorted(set(evaluations), key=_value), prefixes, sorted(set(datasets), key=_value),
        found,
    )


def _literal(obj: Any) -> Literal:
    """An Oxigraph literal as rdflib's (a simple or language-tagged literal has no datatype)."""
    if obj.language:
        return Literal(obj.value, lang=obj.language)
    datatype = obj.datatype.value
    return Literal(obj.value) if datatype == str(XSD.string) else Literal(obj.value, datatype=datatype)


_NAMES = {"TURTLE": "Turtle", "N_TRIPLES": "N-Triples"}


def _unique(block: str) -> str:
    """The lines of N-Triples text, each once (a line ends at "\\n" only)."""
    lines = block.split("\n")
    if not lines[-1]:
        lines.pop()  # after the last line's end
    return "".join(f"{line}\n" for line in dict.fromkeys(lines))


def _without_position(reason: str) -> str:
    # Oxigraph says "Parser error at line 2 between columns 11 and 16: ..."; the line is reported apart.
    head, sep, tail = reason.partition(": ")
    return tail if sep and head.startswith("Parser error at line") else reason


def _value(node: str) -> str:
    return node[1:-1] if node.startswith("<") else node


def _parts(
    index: _Index, batch_size: int, vocab: _VocabularyText, coverage: _Coverage
) -> Iterator[str]:
    """The parts' texts; the evaluations' coverage is appended to `coverage` on the way, from
    the blocks each part reads anyway (they reach everything an evaluation reports)."""
    reached: set[str] = set()

    def closure(roots: list[str]) -> tuple[str, dict[str, str]]:
        blocks: dict[str, str] = {}
        seen: set[str] = set()
        iris: set[str] = set()
        todo = list(roots)
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            block = index.blocks.get(node)  # one read: the links come from the same text
            if not block:
                continue
            blocks[node] = block
            for _, obj in _links_of(block):
                if obj.startswith("<"):
                    iris.add(obj[1:-1])
                if obj not in seen:
                    todo.append(obj)
        reached.update(seen)
        return "".join(blocks.values()) + vocab.about(iris), blocks

    evaluations = index.evaluations
    for start in range(0, len(evaluations), batch_size):
        batch = evaluations[start : start + batch_size]
        text, blocks = closure([*batch, *index.datasets])
        coverage.add(batch, blocks)
        del blocks
        yield text
    rest = sorted((s for s in index.blocks if s not in reached), key=_value)
    if rest:
        yield closure([*rest, *index.datasets])[0]


def _turbo_text(compiled: Any, text: str, shapes: Any) -> list[ValidationResult]:
    from pyshacl_turbo.rdf import Input

    # Each line is one triple already; duplicates (a vocabulary fact also in the data) go once.
    _, raw, _ = compiled.validate(Input(_unique(text), "nt", None, {}, {}, True), allow_warnings=True)
    return results_from_graph(raw, shapes)


def _term(node: str) -> Node:
    return URIRef(node[1:-1]) if node.startswith("<") else BNode(node[2:])


class _Coverage:
    """Per evaluation, the core outcomes measured directly or through a matching local outcome."""

    def __init__(self, vocab: Vocabulary) -> None:
        self._notation = {
            f"<{c}>": str(o) for c in vocab.core_outcomes for _, p, o in vocab.facts.get(c, ()) if p == SKOS.notation
        }
        self._all = frozenset(self._notation.values())
        self.rows: list[CoreOutcomeCoverage] = []

    _HAS, _MEASURES, _EVALUATES = f"<{MSCOS.hasMeasurement}>", f"<{MSCOS.measuresOutcome}>", f"<{MSCOS.evaluates}>"
    _MATCHES = frozenset({f"<{SKOS.exactMatch}>", f"<{SKOS.closeMatch}>"})
    _LABEL = f"<{RDFS.label}>"

    def add(self, evaluations: list[str], blocks: dict[str, str]) -> None:
        """The rows of `evaluations`, whose blocks and all they reach are in `blocks`."""

        def objects(node: str, predicates: frozenset[str]) -> list[str]:
            block = blocks.get(node)
            return [obj for p, obj in _links_of(block) if p in predicates] if block else []

        has, measures = frozenset({self._HAS}), frozenset({self._MEASURES})
        for evaluation in evaluations:
            reported: set[str] = set()
            for measurement in objects(evaluation, has):
                for outcome in objects(measurement, measures):
                    for candidate in [outcome, *objects(outcome, self._MATCHES)]:
                        if candidate in self._notation:
                            reported.add(self._notation[candidate])
            labels = _literal_lines(blocks.get(evaluation, ""), evaluation, self._LABEL)
            label = _literal_text(labels[0]) if labels else _value(evaluation)
            interventions = objects(evaluation, frozenset({self._EVALUATES}))
            self.rows.append(
                CoreOutcomeCoverage(
                    evaluation=_term(evaluation),
                    label=label,
                    intervention=_term(interventions[0]) if interventions else None,
                    reported=tuple(sorted(reported)),
                    missing=tuple(sorted(self._all - reported)),
                )
            )


def _literal_lines(block: str, subject: str, predicate: str) -> list[str]:
    head = f"{subject} {predicate} "
    return [
        f"{line}\n"
        for line in block.split("\n")
        if line.startswith(head) and not line.startswith(("<", "_:"), len(head))
    ]


def _literal_text(line: str) -> str:
    """The lexical form of the literal on one N-Triples line (Oxigraph's parser: rdflib's took
    a millisecond a line)."""
    import pyoxigraph

    quad = next(iter(pyoxigraph.parse(line, format=pyoxigraph.RdfFormat.N_TRIPLES)))
    return str(quad.object.value)


# What the text report follows to group results by intervention and evaluation (textreport).
_UP = (MSCOS.hasResult, MSCOS.hasMeasurement, MSCOS.measuresOutcome, MSCOS.usesInstrument)
_CONTEXT = (MSCOS.evaluates, MSCOS.targetPopulation, RDFS.label, SKOS.prefLabel)


def _context_graph(index: _Index, results: list[ValidationResult]) -> Graph:
    """The few triples the text report reads: the links up from each focus node (result,
    measurement, evaluation, intervention) along which it finds the node's owners, and the
    owners' names. An rdflib graph of the whole file would cost about 1.2 KB per triple."""
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in index.prefixes.items():
        graph.bind(prefix, namespace)
    up = {f"<{p}>" for p in (*_UP, MSCOS.evaluates)}
    frontier = {_node_text(n) for r in results for n in (r.focus_node, r.value) if isinstance(n, URIRef | BNode)}
    wanted = set(frontier)
    lines: list[str] = []
    while frontier:  # a few rounds: result -> measurement -> evaluation -> intervention
        edges = [(s, p, o) for s, links in index.links.items() for p, o in links if p in up and o in frontier]
        lines += [f"{s} {p} {o} .\n" for s, p, o in edges]
        frontier = {s for s, _, _ in edges} - wanted
        wanted |= frontier
    evaluates = f"<{MSCOS.evaluates}>"
    wanted |= {o for node in list(wanted) for p, o in index.links.get(node) if p == evaluates}
    heads = tuple(f"<{p}> " for p in _CONTEXT)
    lines += [
        f"{line}\n"
        for node in wanted
        for line in index.blocks.get(node, "").split("\n")
        if line[len(node) + 1 :].startswith(heads)
    ]
    if lines:
        graph.parse(data="".join(dict.fromkeys(lines)), format="nt")
    return graph


def _node_text(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else f"<{node}>"


@dataclass(frozen=True)
class StreamedDataset:
    """What `validate_file` keeps of the file besides the report: enough for the text report."""

    graph: Graph  # see _context_graph: not the whole dataset
    report: ValidationReport
    triples: int = 0  # distinct triples in the data
    #: The subjects the closed-world rules could refuse, with every triple about them and the
    #: dataset nodes' (see `closed_world`, whose rules look at one subject at a time).
    suspects: Graph | None = None


def _suspects(index: _Index) -> Graph:
    """The datasets' triples and those of every subject the closed-world rules may refuse (the
    rules' own `subject_verdict` picks them from the index, without reading the other blocks)."""
    from rdflib import Graph

    datasets: list[Node] = [_term(d) for d in index.datasets]
    namespace = closed_world.own_namespace(datasets)
    verdict = closed_world.subject_verdict
    lines = [index.blocks.get(d) for d in index.datasets]
    lines += [index.blocks.get(s) for s, flags in index.blocks.flags() if verdict(s, flags, namespace) is not None]
    graph = Graph()
    if lines:
        graph.parse(data=_unique("".join(lines)), format="nt")
    return graph


def validate_file(
    path: Path | str,
    *,
    options: ValidationOptions | None = None,
    vocabulary: Vocabulary | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ValidationReport:
    """Validate a Turtle or N-Triples file part by part, without an rdflib graph of it."""
    return validate_stream(path, options=options, vocabulary=vocabulary, max_bytes=max_bytes).report


def validate_stream(
    path: Path | str,
    *,
    data: bytes | None = None,
    options: ValidationOptions | None = None,
    vocabulary: Vocabulary | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    format: str | None = None,
    base_iri: str | None = None,
    context: bool = False,
) -> StreamedDataset:
    """`validate_file`, with the format forced (`turtle`/`nt`), a base IRI, and on request
    (`context`) the small graph the text report needs; the index is freed before returning.
    With `data`, those bytes are read (`path` names them in messages)."""
    opts = options or ValidationOptions()
    vocab = vocabulary or load_vocabulary()
    path = Path(path)
    if format is None and data is None:
        index = _load(path, max_bytes, base_iri)
    else:
        import pyoxigraph

        fmt = {"turtle": "TURTLE", "nt": "N_TRIPLES"}[format or "turtle"]
        index = _load_as(path, fmt, max_bytes, base_iri, pyoxigraph, data)
    shapes = load_shapes(opts.threshold)
    compiled = _compiled(opts.threshold)
    merged: dict[tuple[str, ...], ValidationResult] = {}
    workers = max(1, opts.workers)
    coverage = _Coverage(vocab)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[list[ValidationResult]]] = deque()
        vocab_text = _VocabularyText.of(vocab)
        # No subject at all: the shapes still run (over the vocabulary alone) and say so.
        texts = _parts(index, opts.batch_size, vocab_text, coverage) if index.blocks else [vocab_text.about(set())]
        for text in texts:
            pending.append(pool.submit(_turbo_text, compiled, text, shapes))
            while len(pending) > 2 * workers:
                _merge(merged, pending.popleft().result())
        while pending:
            _merge(merged, pending.popleft().result())
    _merge(merged, index.identifying)
    # The closed-world rules look at the data's own triples, one subject at a time: judged on the
    # datasets and the few subjects that may break them, as validate_graph judges the whole graph.
    suspects = _suspects(index)
    results = sorted([*merged.values(), *check_closed_world(suspects)], key=ValidationResult.sort_key)
    report = ValidationReport(
        _conforms(results), results, None, coverage=coverage.rows, threshold=opts.threshold
    )
    from rdflib import Graph

    triples = index.blocks.triples
    graph = _context_graph(index, results) if context else Graph()
    index.blocks.close()
    return StreamedDataset(graph, report, triples, suspects)
