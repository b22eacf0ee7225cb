"""Query results as text: an aligned table for people, SPARQL CSV and SPARQL JSON for tools."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from mscos_kg.csvsafe import SafeWriter
from mscos_kg.store.results import SelectResult, Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: Prefixes used to shorten IRIs in tables (CSV and JSON keep full IRIs).
TABLE_PREFIXES: Mapping[str, str] = {
    "id": "https://w3id.org/mscos/id/",
    "mscos": "https://w3id.org/mscos/def/",
    "scheme": "https://w3id.org/mscos/scheme/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def term_json(term: Term) -> dict[str, str]:
    """One RDF term in the SPARQL 1.1 Query Results JSON Format."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def select_json(result: SelectResult) -> dict[str, Any]:
    bindings = [
        {name: term_json(value) for name, value in zip(result.variables, row, strict=True) if value is not None}
        for row in result.rows
    ]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def render_json(result: SelectResult | bool, *, indent: int | None = None) -> str:
    document = {"head": {}, "boolean": result} if isinstance(result, bool) else select_json(result)
    return json.dumps(document, indent=indent, ensure_ascii=False)


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value


def render_csv(result: SelectResult) -> str:
    """SPARQL 1.1 CSV results: plain values, full IRIs, CRLF line ends."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(_plain(value) for value in row)
    return buffer.getvalue()


def _short(term: Term | None, width: int) -> str:
    if term is None:
        text = ""
    elif isinstance(term, NamedNode):
        text = term.value
        for prefix, namespace in TABLE_PREFIXES.items():
            if text.startswith(namespace) and len(text) > len(namespace):
                text = f"{prefix}:{text[len(namespace) :]}"
                break
    elif isinstance(term, Literal):
        text = " ".join(term.value.split())
    else:
        text = f"_:{term.value}"
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(result: SelectResult, *, max_width: int = 60) -> str:
    """An aligned text table (IRIs shortened with well-known prefixes, long values cut)."""
    cells = [[_short(value, max_width) for value in row] for row in result.rows]
    widths = [len(name) for name in result.variables]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(name.ljust(w) for name, w in zip(result.variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    count = len(result.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def render_triples(triples: list[Triple], fmt: OutputFormat) -> str:
    """CONSTRUCT results: Turtle for a table, N-Triples for CSV, JSON-LD for JSON."""
    rdf_format = {
        OutputFormat.TABLE: RdfFormat.TURTLE,
        OutputFormat.CSV: RdfFormat.N_TRIPLES,
        OutputFormat.JSON: RdfFormat.JSON_LD,
    }[fmt]
    data = serialize(triples, format=rdf_format) or b""
    return data.decode()


def render(result: SelectResult | bool | list[Triple], fmt: OutputFormat) -> str:
    if isinstance(result, list):
        return render_triples(result, fmt)
    if isinstance(result, bool):
        if fmt is OutputFormat.JSON:
            return render_json(result) + "\n"
        return ("true" if result else "false") + "\n"
    if fmt is OutputFormat.JSON:
        return render_json(result) + "\n"
    if fmt is OutputFormat.CSV:
        return render_csv(result)
    return render_table(result)
