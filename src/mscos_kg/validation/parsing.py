"""Safe readers for partner datasets: Turtle, JSON-LD, RDF/XML, N-Triples and the CSV template.

Safety rules, whatever the format: a size limit checked before parsing; text must be UTF-8;
JSON-LD may use only inline contexts or the project's published context (served from the
package, never fetched); RDF/XML may not carry a DTD or entity declarations (no expansion,
no fetching). Every failure is a `DatasetReadError` naming the file and, where known, the line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from mscos_kg.validation.errors import DatasetReadError
from mscos_kg.validation.report import Location, ValidationReport

#: The IRI under which the project publishes its JSON-LD context (ontology/context.jsonld).
CONTEXT_IRI = "https://w3id.org/mscos/context.jsonld"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class InputFormat(StrEnum):
    TURTLE = "turtle"
    JSONLD = "json-ld"
    RDFXML = "xml"
    NTRIPLES = "nt"
    CSV = "csv"

    @classmethod
    def from_name(cls, name: str) -> InputFormat:
        suffix = name.lower().rsplit(".", 1)[-1] if "." in name else name.lower()
        try:
            return _SUFFIXES[suffix]
        except KeyError:
            known = ", ".join(sorted(_SUFFIXES))
            raise DatasetReadError(f"unknown format '{suffix}' (known: {known})", source=name) from None


_SUFFIXES = {
    "ttl": InputFormat.TURTLE,
    "turtle": InputFormat.TURTLE,
    "jsonld": InputFormat.JSONLD,
    "json-ld": InputFormat.JSONLD,
    "json": InputFormat.JSONLD,
    "rdf": InputFormat.RDFXML,
    "xml": InputFormat.RDFXML,
    "owl": InputFormat.RDFXML,
    "nt": InputFormat.NTRIPLES,
    "ntriples": InputFormat.NTRIPLES,
    "csv": InputFormat.CSV,
}


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Base IRI for the nodes minted from a spreadsheet and for relative IRIs in RDF files.
    base_iri: str | None = None


@dataclass(frozen=True)
class LoadedDataset:
    """A parsed dataset and, for spreadsheets, where each statement came from."""

    graph: Graph
    source: str
    format: InputFormat
    #: (subject, predicate or None) -> row/column of the spreadsheet cell it came from.
    locations: Mapping[tuple[Node, Node | None], Location] = field(default_factory=dict)

    def locate(self, subject: Node, predicate: Node | None) -> Location | None:
        return self.locations.get((subject, predicate)) or self.locations.get((subject, None))


def attach_locations(report: ValidationReport, dataset: LoadedDataset) -> ValidationReport:
    """The report with each result's spreadsheet row and column, where known."""
    if not dataset.locations:
        return report
    results = [
        replace(
            r, location=r.location or dataset.locate(r.focus_node, r.path) or _locate_value(dataset, r.value)
        )
        for r in report.results
    ]
    return replace(report, results=results)


def _locate_value(dataset: LoadedDataset, value: Node | None) -> Location | None:
    # Results about a vocabulary term (a deprecated outcome) point at the data through their value.
    return dataset.locate(value, None) if value is not None else None


def load_dataset(
    source: str | Path | bytes,
    *,
    format: InputFormat | str | None = None,
    name: str | None = None,
    options: ReadOptions | None = None,
) -> Graph:
    """Parse a file (path) or its content (bytes) into a graph; raise `DatasetReadError`."""
    return read_dataset(source, format=format, name=name, options=options).graph


def read_dataset(
    source: str | Path | bytes,
    *,
    format: InputFormat | str | None = None,
    name: str | None = None,
    options: ReadOptions | None = None,
) -> LoadedDataset:
    """Like `load_dataset`, keeping the spreadsheet locations for the report."""
    opts = options or ReadOptions()
    data, label = _read_bytes(source, name, opts.max_bytes)
    fmt = _resolve_format(format, label, data)
    text = _decode(data, label)
    if fmt is InputFormat.CSV:
        from mscos_kg.validation.spreadsheet import csv_to_graph

        graph, locations = csv_to_graph(text, source_name=label, base_iri=opts.base_iri)
        return LoadedDataset(graph, label, fmt, locations)
    graph = _parse_rdf(text, fmt, label, opts.base_iri)
    return LoadedDataset(graph, label, fmt)


def read_bytes(path: Path, label: str, max_bytes: int) -> bytes:
    """The bytes of a file, refused (`DatasetReadError`) past `max_bytes` or when unreadable."""
    return _read_bytes(path, label, max_bytes)[0]


def _read_bytes(source: str | Path | bytes, name: str | None, max_bytes: int) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        label = name or "<input>"
        if len(source) > max_bytes:
            raise DatasetReadError(_too_big(len(source), max_bytes), source=label)
        return source, label
    path = Path(source)
    label = name or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DatasetReadError(_too_big(size, max_bytes), source=label)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may grow between stat and read
    except DatasetReadError:
        raise
    except FileNotFoundError:
        raise DatasetReadError("no such file", source=label) from None
    except IsADirectoryError:
        raise DatasetReadError("is a directory, not a file", source=label) from None
    except OSError as exc:
        raise DatasetReadError(f"cannot be read ({exc.strerror or exc})", source=label) from None
    if len(data) > max_bytes:
        raise DatasetReadError(_too_big(len(data), max_bytes), source=label)
    return data, label


def _too_big(size: int, limit: int) -> str:
    return f"the file is {size:,} bytes; the limit is {limit:,} bytes (split the dataset into smaller files)"


def _resolve_format(fmt: InputFormat | str | None, label: str, data: bytes) -> InputFormat:
    if isinstance(fmt, InputFormat):
        return fmt
    if fmt:
        return InputFormat.from_name(fmt)
    if "." in Path(label).name:
        return InputFormat.from_name(Path(label).name)
    return _sniff(data, label)


def resolve_format(fmt: InputFormat | str | None, label: str, path: Path) -> InputFormat:
    """The format of a file: as given, else from its suffix, else from its first bytes."""
    if isinstance(fmt, InputFormat) or fmt or "." in Path(label).name:
        return _resolve_format(fmt, label, b"")
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError:
        head = b""  # reading it again will say why
    return _sniff(head, label)


def _sniff(data: bytes, label: str) -> InputFormat:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return InputFormat.JSONLD
    if head.startswith(b"<?xml") or head.startswith(b"<rdf:RDF"):
        return InputFormat.RDFXML
    if head.startswith((b"@prefix", b"@base", b"PREFIX", b"BASE", b"#")) or b"@prefix" in head:
        return InputFormat.TURTLE
    if head.startswith(b"<"):
        return InputFormat.NTRIPLES
    if b"," in head.split(b"\n", 1)[0]:
        return InputFormat.CSV
    raise DatasetReadError(
        "cannot tell the format; give the file a suffix (.ttl, .jsonld, .rdf, .nt, .csv)", source=label
    )


def _decode(data: bytes, label: str) -> str:
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DatasetReadError("binary data (NUL byte): not a text file", source=label, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DatasetReadError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", source=label, line=line
        ) from None
    return text.removeprefix("\ufeff")


def _parse_rdf(text: str, fmt: InputFormat, label: str, base: str | None) -> Graph:
    graph = Graph()
    # Without a base of their own, relative IRIs would resolve against the server's working
    # directory (file:///...); resolved against this one instead, they are found and refused.
    public_id = base or _NO_BASE
    if fmt is InputFormat.JSONLD:
        document = _safe_jsonld(text, label)
        try:
            graph.parse(data=json.dumps(document), format="json-ld", publicID=public_id)
        except Exception as exc:
            raise DatasetReadError(f"invalid JSON-LD: {_short(exc)}", source=label) from None
    else:
        if fmt is InputFormat.RDFXML:
            _refuse_dtd(text, label)
        try:
            graph.parse(data=text, format=fmt.value, publicID=public_id)
        except Exception as exc:
            raise DatasetReadError(
                f"invalid {_FORMAT_NAMES[fmt]}: {_short(exc)}", source=label, line=_error_line(exc, text, fmt)
            ) from None
    _refuse_bad_iris(graph, text, fmt, label)
    return graph


#: The base IRI relative references resolve against when the file has none (.invalid never resolves).
_NO_BASE = "https://relative-iri.invalid/"
_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _refuse_bad_iris(graph: Graph, text: str, fmt: InputFormat, label: str) -> None:
    """Refuse relative IRIs (with no base to resolve them) and IRIs that are not IRIs (spaces,
    braces...): stored or published, they would name nothing or break other tools."""
    terms: set[Node] = set(graph.all_nodes()) | set(graph.predicates())
    terms |= {t.datatype for t in list(terms) if isinstance(t, Literal) and t.datatype is not None}
    for term in sorted((t for t in terms if isinstance(t, URIRef)), key=str):
        iri = str(term)
        if iri.startswith(_NO_BASE):
            relative = iri[len(_NO_BASE) :]
            raise DatasetReadError(
                f"relative IRI '{relative}' with no base: write absolute IRIs (https://...), or declare a base "
                "(@base in Turtle or a JSON-LD context, xml:base in RDF/XML, --base on the command line)",
                source=label,
                line=_line_of(text, relative, fmt),
            )
        if not _IRI_SCHEME.match(iri) or _IRI_FORBIDDEN.search(iri):
            shown = iri if len(iri) <= 200 else iri[:200] + "..."
            raise DatasetReadError(
                f"'{shown}' is not a valid IRI (an IRI starts with a scheme such as https: and has no spaces, "
                "quotes, angle brackets or braces)",
                source=label,
                line=_line_of(text, iri, fmt),
            )


def _line_of(text: str, reference: str, fmt: InputFormat) -> int | None:
    """The line where `reference` is written, as far as a search can tell."""
    quoted = [f"<{reference}>"] if fmt in (InputFormat.TURTLE, InputFormat.NTRIPLES) else [f'"{reference}"']
    for needle in [*quoted, reference]:
        if needle:
            at = text.find(needle)
            if at >= 0:
                return text.count("\n", 0, at) + 1
    return None


_FORMAT_NAMES = {
    InputFormat.TURTLE: "Turtle",
    InputFormat.NTRIPLES: "N-Triples",
    InputFormat.RDFXML: "RDF/XML",
    InputFormat.JSONLD: "JSON-LD",
    InputFormat.CSV: "CSV",
}


def _short(exc: BaseException) -> str:
    why = getattr(exc, "_why", None) or getattr(exc, "msg", None) or getattr(exc, "_msg", None)
    text = str(why) if why else (str(exc) or type(exc).__name__)
    if isinstance(exc, IndexError | EOFError):
        text = "the file ends in the middle of a statement (is it truncated?)"
    return text.splitlines()[0][:300] if text else type(exc).__name__


def _error_line(exc: BaseException, text: str, fmt: InputFormat) -> int | None:
    lines = getattr(exc, "lines", None)
    if isinstance(lines, int):
        return lines + 1  # rdflib's BadSyntax counts from 0
    linenum = getattr(exc, "_linenum", None)
    if isinstance(linenum, int):
        return linenum
    if isinstance(exc, IndexError | EOFError):
        return text.count("\n") + 1
    if fmt is InputFormat.NTRIPLES:
        match = re.search(r"Invalid line: (.*)", str(getattr(exc, "msg", exc)))
        if match:
            bad = match.group(1).strip()
            for number, line in enumerate(text.splitlines(), start=1):
                if bad and line.strip().endswith(bad):
                    return number
    return None


_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _refuse_dtd(text: str, label: str) -> None:
    match = _DTD.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise DatasetReadError(
            "RDF/XML with a DTD or entity declarations is not accepted (security): remove <!DOCTYPE ...>",
            source=label,
            line=line,
        )


def project_context() -> dict[str, Any]:
    """The project's JSON-LD context, read from the package (never from the web)."""
    from mscos_kg.resources import ontology_dir

    document: dict[str, Any] = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    context: dict[str, Any] = document["@context"]
    return context


def _safe_jsonld(text: str, label: str) -> Any:
    try:
        document = json.loads(text)
    except RecursionError:
        raise DatasetReadError(_TOO_DEEP, source=label) from None
    except json.JSONDecodeError as exc:
        raise DatasetReadError(
            f"invalid JSON: {exc.msg} (column {exc.colno})", source=label, line=exc.lineno
        ) from None
    if not isinstance(document, dict | list):
        raise DatasetReadError("a JSON-LD document must be an object or an array", source=label)
    if _depth(document) > MAX_JSON_DEPTH:
        raise DatasetReadError(_TOO_DEEP, source=label)
    return _inline_contexts(document, label)


#: Deepest JSON nesting read: partner datasets nest a few levels; the JSON-LD processor recurses
#: once per level, so a deeper document would end in a RecursionError (a crash, not a message).
MAX_JSON_DEPTH = 64
_TOO_DEEP = f"the JSON-LD document is nested more than {MAX_JSON_DEPTH} levels deep; partner datasets need a few"


def _depth(document: Any) -> int:
    """How deeply arrays and objects nest in `document` (iteratively: no recursion to exhaust)."""
    deepest = 0
    todo: list[tuple[Any, int]] = [(document, 1)]
    while todo:
        node, level = todo.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_JSON_DEPTH:
                return deepest
            children = node.values() if isinstance(node, dict) else node
            todo.extend((child, level + 1) for child in children)
    return deepest


def _inline_contexts(node: Any, label: str) -> Any:
    """Replace the project's context IRI by its content; refuse every other remote context."""
    if isinstance(node, list):
        return [_inline_contexts(item, label) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "@context":
            out[key] = _local_context(value, label)
        elif key == "@import":
            raise DatasetReadError("JSON-LD '@import' of remote contexts is not accepted", source=label)
        else:
            out[key] = _inline_contexts(value, label)
    return out


def _local_context(value: Any, label: str) -> Any:
    if isinstance(value, list):
        return [_local_context(item, label) for item in value]
    if isinstance(value, str):
        if value.rstrip("#/") in {CONTEXT_IRI, CONTEXT_IRI.removesuffix(".jsonld")}:
            return project_context()
        raise DatasetReadError(
            f"remote JSON-LD context '{value[:200]}' is not fetched; use {CONTEXT_IRI} or an inline context",
            source=label,
        )
    if isinstance(value, dict):
        if "@import" in value:
            raise DatasetReadError("JSON-LD '@import' of remote contexts is not accepted", source=label)
        # Term definitions may carry scoped contexts of their own: sanitise them too.
        return {
            k: (_local_context(v, label) if k == "@context" else _scoped(v, label)) for k, v in value.items()
        }
    return value


def _scoped(definition: Any, label: str) -> Any:
    if isinstance(definition, dict):
        return {k: (_local_context(v, label) if k == "@context" else v) for k, v in definition.items()}
    return definition
