"""The uploaded list of local outcome names: a CSV or XLSX column, with an optional description.

The same intake rules as the partner-dataset spreadsheet: a size limit before reading, UTF-8
text, no cell a spreadsheet would run as a formula (`csvsafe.is_formula`), and a bounded number of
names of bounded length (each name becomes a search).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from mscos_kg.csvsafe import is_formula
from mscos_kg.mapping.errors import MappingInputError
from mscos_kg.mapping.model import LocalOutcome, mint_keys
from mscos_kg.mapping.xlsx import MAX_COLUMNS, MAX_ROWS, XlsxError, is_xlsx, read_rows

MAX_OUTCOMES = 500
MAX_NAME_CHARS = 300
MAX_DESCRIPTION_CHARS = 1000
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: Header cells that name the column of outcome names, and of descriptions (normalised).
NAME_HEADERS = frozenset(
    {"outcome", "outcomes", "name", "label", "localoutcome", "outcomename", "localoutcomename", "localname",
     "measure", "outcomemeasure", "indicator", "title"}
)
DESCRIPTION_HEADERS = frozenset({"description", "definition", "outcomedescription", "notes", "details"})


@dataclass(frozen=True)
class ListOptions:
    """Which column holds the names (`column` a header, else the first column or a known header)."""

    column: str | None = None
    description_column: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_outcomes: int = MAX_OUTCOMES


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _clean(text: str) -> str:
    return " ".join(text.split())


def read_table(data: bytes, name: str, max_bytes: int) -> list[list[str]]:
    """The rows of a CSV or XLSX upload (XLSX recognised by its bytes, whatever the name)."""
    if len(data) > max_bytes:
        raise MappingInputError(f"the file is larger than the limit of {max_bytes:,} bytes", source=name)
    if is_xlsx(data):
        try:
            return read_rows(data, max_bytes * 4)
        except XlsxError as exc:
            raise MappingInputError(str(exc), source=name) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MappingInputError(
            f"the file is not UTF-8 text (byte {exc.start}): save it as CSV UTF-8 or as XLSX", source=name
        ) from None
    if "\x00" in text:
        raise MappingInputError("the file is binary, not CSV: upload a CSV or XLSX file", source=name)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            if len(rows) >= MAX_ROWS:
                raise MappingInputError(f"the file has more than {MAX_ROWS:,} rows: a list of names needs fewer",
                                        source=name)
            rows.append(row[:MAX_COLUMNS])
    except csv.Error as exc:
        raise MappingInputError(f"invalid CSV: {exc}", source=name) from None
    return rows


def read_outcome_list(data: bytes, name: str, options: ListOptions | None = None) -> list[LocalOutcome]:
    """The local outcomes of an uploaded list, in order, each name once."""
    opts = options or ListOptions()
    rows = [(i, r) for i, r in enumerate(read_table(data, name, opts.max_bytes), start=1)
            if any(c.strip() for c in r) and not r[0].lstrip().startswith("#")]
    if not rows:
        raise MappingInputError("the file holds no outcome names: one name per row, in the first column",
                                source=name)
    first_row, first = rows[0]
    header = [_norm(c) for c in first]
    name_at, description_at, has_header = _columns(header, opts, name, first_row)
    names: list[tuple[str, str]] = []
    seen: set[str] = set()
    for row, cells in rows[1:] if has_header else rows:
        label = _clean(cells[name_at]) if name_at < len(cells) else ""
        description = _clean(cells[description_at]) if description_at is not None and description_at < len(
            cells) else ""
        if not label:
            continue
        for value in (label, description):
            if is_formula(value):
                raise MappingInputError(
                    "a cell may not start with =, +, -, @, a tab or a carriage return unless it is a number"
                    " (spreadsheet formulas are refused): write the name without it", source=name, row=row)
        if len(label) > MAX_NAME_CHARS:
            raise MappingInputError(f"the outcome name is longer than {MAX_NAME_CHARS} characters: shorten it"
                                    " (put the detail in a description column)", source=name, row=row)
        if label.casefold() in seen:
            continue
        seen.add(label.casefold())
        names.append((label, description[:MAX_DESCRIPTION_CHARS]))
        if len(names) > opts.max_outcomes:
            raise MappingInputError(f"more than {opts.max_outcomes} outcome names: split the list into smaller"
                                    " files", source=name, row=row)
    if not names:
        raise MappingInputError("the name column is empty: one outcome name per row", source=name)
    keys = mint_keys([label for label, _ in names])
    return [LocalOutcome(key, label, description) for key, (label, description) in zip(keys, names, strict=True)]


def _columns(header: list[str], opts: ListOptions, source: str, row: int) -> tuple[int, int | None, bool]:
    """(name column, description column, whether the first row is a header)."""
    known = any(h in NAME_HEADERS or h in DESCRIPTION_HEADERS for h in header)
    wanted = _norm(opts.column) if opts.column else None
    if wanted is not None and wanted not in header:
        shown = ", ".join(repr(c) for c in header[:8] if c) or "none"
        raise MappingInputError(f"no column named {opts.column!r} in the first row (its cells: {shown});"
                                " check --column or leave it out to use the first column", source=source, row=row)
    has_header = wanted is not None or known
    if wanted is not None:
        name_at = header.index(wanted)
    else:
        name_at = next((i for i, h in enumerate(header) if h in NAME_HEADERS), 0) if has_header else 0
    description_at: int | None = None
    if opts.description_column:
        want = _norm(opts.description_column)
        if want not in header:
            raise MappingInputError(f"no column named {opts.description_column!r} in the first row",
                                    source=source, row=row)
        description_at = header.index(want)
    elif has_header:
        description_at = next((i for i, h in enumerate(header) if h in DESCRIPTION_HEADERS and i != name_at), None)
    return name_at, description_at, has_header
