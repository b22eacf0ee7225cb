"""The one way into validation: every path (`mscos validate`, `mscos load`, `POST /validate`, the
web form, `PUT /datasets`) hands its bytes to `check_bytes` or `check_path`, so the same bytes get
the same verdict and the same results wherever they are submitted.

One reading, one check, in this order:

1. read: the size limit, UTF-8, the format's safe reader (`parsing.read_dataset`); a document
   nested too deeply is a read error, not a crash;
2. convert: every term to what the store will hold (`pyoxigraph` terms); an IRI the store would
   refuse (a malformed datatype IRI, say) is a read error here, never a failure at storing time;
3. validate: the shapes, with the engine the options name (both give the same results), and the
   closed-world rules over the data's own triples (`closed_world`: every triple is about a node
   of the dataset's own namespace, typed by the model);
4. report each result once, located in the spreadsheet when the input is one.

Read errors raise `DatasetReadError` (exit 2 on the command line, 400 in the service); rdflib's
warnings about literals it cannot convert are not printed (the shapes report those values).
No FastAPI here: the service runs these functions in its own threads or processes.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib.term import Node

from mscos_kg.validation.engine import Engine, ValidationOptions, validate_graph
from mscos_kg.validation.errors import DatasetReadError
from mscos_kg.validation.parsing import (
    DEFAULT_MAX_BYTES,
    InputFormat,
    LoadedDataset,
    ReadOptions,
    _resolve_format,
    attach_locations,
    read_bytes,
    read_dataset,
)
from mscos_kg.validation.report import Location, ValidationReport, ValidationResult
from mscos_kg.validation.terms import MSCOS
from mscos_kg.validation.vocabulary import Vocabulary


@dataclass(frozen=True)
class IntakeOptions:
    """How to check one input: the validation options and the reading limits."""

    validation: ValidationOptions = field(default_factory=ValidationOptions)
    #: Largest accepted input, in bytes.
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Base IRI for relative IRIs in RDF files and for the nodes minted from a spreadsheet.
    base_iri: str | None = None
    #: Build an rdflib graph of the whole input (the web report walks it). False: Turtle and
    #: N-Triples are checked as a stream (`streaming`, same results), `Checked.graph` holds what
    #: the text report reads and `Checked.triples` re-reads the bytes: flat memory for large files.
    whole_graph: bool = True


@dataclass(frozen=True)
class Checked:
    """One input, read and validated.

    * `report`: the validation report (spreadsheet rows and columns attached to its results);
    * `source`: the name the input was given (a file path or an upload's file name), for messages;
    * `format`: the format it was read as;
    * `sha256`: SHA-256 (hex) of the submitted bytes, or of the sorted N-Triples for `check_graph`;
    * `locations`: for a spreadsheet, (subject, predicate or None) -> the row and column it came from;
    * `triples`: the data as it would be stored, one `pyoxigraph.Triple` per triple (for a
      streamed input a `ParsedTriples`, which parses the bytes again on each pass);
    * `graph`: the data as an rdflib graph, for the reports that walk it (text and web reports).
    """

    report: ValidationReport
    source: str
    format: InputFormat
    sha256: str
    locations: Mapping[tuple[Node, Node | None], Location]
    triples: Sequence[pyoxigraph.Triple]
    graph: rdflib.Graph

    @property
    def conforms(self) -> bool:
        return self.report.conforms

    def dataset(self) -> LoadedDataset:
        """The input as the report renderers take it."""
        return LoadedDataset(self.graph, self.source, self.format, self.locations)


def check_path(
    path: Path | str,
    *,
    format: InputFormat | str | None = None,
    options: IntakeOptions | None = None,
    vocabulary: Vocabulary | None = None,
) -> Checked:
    """Read the file at `path` and check it (see `check_bytes`)."""
    opts = options or IntakeOptions()
    data = read_bytes(Path(path), str(path), opts.max_bytes)
    return check_bytes(data, name=str(path), format=format, options=opts, vocabulary=vocabulary)


def check_bytes(
    data: bytes,
    *,
    name: str,
    format: InputFormat | str | None = None,
    options: IntakeOptions | None = None,
    vocabulary: Vocabulary | None = None,
) -> Checked:
    """Read `data` (format as given, else from `name`'s suffix, else sniffed) and validate it.

    Raises `DatasetReadError` when the bytes cannot be read as a partner dataset.
    """
    opts = options or IntakeOptions()
    _quiet_literal_warnings()
    if not opts.whole_graph and opts.validation.engine is Engine.TURBO:
        fmt = _resolve_format(format, name, data)
        if fmt in _STREAMED:
            return _check_streamed(data, name, fmt, opts, vocabulary)
    reading = ReadOptions(max_bytes=opts.max_bytes, base_iri=opts.base_iri)
    try:
        loaded = read_dataset(data, format=format, name=name, options=reading)
    except RecursionError:
        raise DatasetReadError("the document is nested too deeply to be a partner dataset", source=name) from None
    return _check(loaded, hashlib.sha256(data).hexdigest(), opts, vocabulary)


def check_graph(
    graph: rdflib.Graph,
    *,
    name: str,
    options: IntakeOptions | None = None,
    vocabulary: Vocabulary | None = None,
) -> Checked:
    """Check data already in a graph (generated data, tests) exactly as `check_bytes` would."""
    from mscos_kg.store.convert import content_sha256

    _quiet_literal_warnings()
    loaded = LoadedDataset(graph, name, InputFormat.NTRIPLES)
    checked = _check(loaded, "", options or IntakeOptions(), vocabulary)
    return replace(checked, sha256=content_sha256(checked.triples))


def _check(loaded: LoadedDataset, digest: str, opts: IntakeOptions, vocabulary: Vocabulary | None) -> Checked:
    triples = store_triples(loaded.graph, loaded.source)
    report = validate_graph(loaded.graph, options=opts.validation, vocabulary=vocabulary)
    report = attach_locations(_once(report), loaded)
    return Checked(report, loaded.source, loaded.format, digest, loaded.locations, triples, loaded.graph)


_STREAMED = {InputFormat.TURTLE: "turtle", InputFormat.NTRIPLES: "nt"}


def _check_streamed(
    data: bytes, name: str, fmt: InputFormat, opts: IntakeOptions, vocabulary: Vocabulary | None
) -> Checked:
    """Turtle or N-Triples checked without an rdflib graph of the data (`streaming`)."""
    from mscos_kg.store.convert import ParsedTriples
    from mscos_kg.validation.streaming import validate_stream

    try:
        streamed = validate_stream(
            Path(name),
            data=data,
            options=opts.validation,
            vocabulary=vocabulary,
            max_bytes=opts.max_bytes,
            format=_STREAMED[fmt],
            base_iri=opts.base_iri,
            context=True,
        )
    except DatasetReadError:
        # The same words as the whole-graph path (its reader names the offending IRI); raised by
        # it if it too refuses the bytes, else Oxigraph's stricter reading stands.
        read_dataset(data, format=fmt, name=name, options=ReadOptions(max_bytes=opts.max_bytes, base_iri=opts.base_iri))
        raise
    suspects = streamed.suspects if streamed.suspects is not None else rdflib.Graph()
    graph = streamed.graph
    for triple in suspects.triples((None, rdflib.RDF.type, MSCOS.PartnerDataset)):  # the dataset's id
        graph.add(triple)
    report = _once(streamed.report)  # the closed-world results are in it (streaming)
    rdf_format = pyoxigraph.RdfFormat.TURTLE if fmt is InputFormat.TURTLE else pyoxigraph.RdfFormat.N_TRIPLES
    triples: Sequence[pyoxigraph.Triple] = (
        ParsedTriples(data, rdf_format, streamed.triples, opts.base_iri) if streamed.triples else []
    )
    return Checked(report, name, fmt, hashlib.sha256(data).hexdigest(), {}, triples, graph)



def _once(report: ValidationReport) -> ValidationReport:
    """The report with each result once (engines may report one value twice, through two shapes
    sharing a property shape; a person reads the same sentence twice)."""
    seen: dict[tuple[str, ...], ValidationResult] = {}
    for result in report.results:
        key = (str(result.focus_node), str(result.path), str(result.value), result.message, result.severity.value)
        seen.setdefault(key, result)
    if len(seen) == len(report.results):
        return report
    return replace(report, results=list(seen.values()))


def store_triples(graph: rdflib.Graph, source: str) -> list[pyoxigraph.Triple]:
    """The graph's triples as the store holds them; an IRI the store refuses is a read error."""
    blanks: dict[rdflib.BNode, pyoxigraph.BlankNode] = {}
    iris: dict[str, pyoxigraph.NamedNode] = {}

    def iri(term: rdflib.URIRef) -> pyoxigraph.NamedNode:
        node = iris.get(term)
        if node is None:
            try:
                node = iris[term] = pyoxigraph.NamedNode(str(term))
            except ValueError:
                shown = str(term) if len(term) <= 200 else str(term)[:200] + "..."
                raise DatasetReadError(
                    f"'{shown}' is not a valid IRI (used as a term or a datatype): write absolute IRIs "
                    "with one '#' at most and no spaces",
                    source=source,
                ) from None
        return node

    def resource(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode:
        if isinstance(term, rdflib.URIRef):
            return iri(term)
        if isinstance(term, rdflib.BNode):
            blank = blanks.get(term)
            if blank is None:
                blank = blanks[term] = pyoxigraph.BlankNode()
            return blank
        raise DatasetReadError(f"a literal or variable where a node belongs: {str(term)[:200]!r}", source=source)

    def value(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
        if isinstance(term, rdflib.Literal):
            if term.language:
                try:
                    return pyoxigraph.Literal(str(term), language=term.language)
                except ValueError:
                    raise DatasetReadError(
                        f"'{term.language[:40]}' is not a valid language tag", source=source
                    ) from None
            if term.datatype is not None:
                return pyoxigraph.Literal(str(term), datatype=iri(term.datatype))
            return pyoxigraph.Literal(str(term))
        return resource(term)

    out = []
    for s, p, o in graph:
        if not isinstance(p, rdflib.URIRef):
            raise DatasetReadError(f"not an IRI in predicate position: {str(p)[:200]!r}", source=source)
        out.append(pyoxigraph.Triple(resource(s), iri(p), value(o)))
    return out


class _LiteralWarnings(logging.Filter):
    """rdflib logs a traceback for each literal it cannot convert to a Python value ("a year"
    as a duration), and a line for each IRI it finds odd: the shapes report those values and the
    reader refuses those IRIs with a located message, so the log would only repeat them."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        return not (text.startswith("Failed to convert Literal lexical") or "does not look like a valid URI" in text)


_FILTER = _LiteralWarnings()


def _quiet_literal_warnings() -> None:
    logger = logging.getLogger("rdflib.term")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)


__all__ = ["Checked", "IntakeOptions", "check_bytes", "check_graph", "check_path", "store_triples"]
