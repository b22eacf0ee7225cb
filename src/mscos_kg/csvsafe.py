"""Formula injection: cells of the CSV and TSV files the project writes, made safe to open.

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and a
leading tab or carriage return can hide one), so a label such as `=HYPERLINK(...)` stored in the
graph could run in a reader's spreadsheet. As OWASP recommends ("CSV Injection"), such a cell is
written with a single quote in front, which spreadsheets show as text. Only the written file
changes, never the RDF. A cell that is a plain number (`-1`, `+2.5`, `-3e4`) is left alone: a
spreadsheet reads it as that number, and no formula can hide in it. Every CSV/TSV writer of the
project calls this module; the CSV spreadsheet intake (`validation.spreadsheet`) refuses the
same cells with `is_formula`. Writers use `SafeWriter`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO

#: The first characters that make a spreadsheet cell a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STARTS = frozenset(FORMULA_STARTS)
_NUMBER = re.compile(r"[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?")
# A TSV cell of SPARQL results is an N-Triples term: a literal starts with its quote.
_QUOTED_LITERAL = re.compile(r'"(?=[=+\-@\t\r])')


def is_formula(cell: str) -> bool:
    """Whether a spreadsheet would take the cell for a formula: it starts with one of
    `FORMULA_STARTS` and is not a plain number."""
    return cell.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(cell) is None


def neutralise(cell: str) -> str:
    """The cell with a single quote in front if a spreadsheet would take it for a formula."""
    return "'" + cell if is_formula(cell) else cell


def safe_row(cells: Iterable[str]) -> list[str]:
    return [neutralise(cell) for cell in cells]


class SafeWriter:
    """`csv.writer` writing neutralised cells, and quoting any cell with a line break: with
    `lineterminator="\\n"` Python quotes a cell holding a raw carriage return only if told to,
    and a spreadsheet would start a new row there, where the rest of the cell could run."""

    def __init__(self, out: IO[str], lineterminator: str = "\r\n") -> None:
        self._minimal = csv.writer(out, lineterminator=lineterminator)
        self._all = csv.writer(out, lineterminator=lineterminator, quoting=csv.QUOTE_ALL)
        # With "\r\n" Python already quotes a cell holding either character.
        self._check_breaks = "\r" not in lineterminator or "\n" not in lineterminator

    def writerow(self, cells: Iterable[str]) -> None:
        row = [neutralise(c) if c[:1] in _STARTS else c for c in cells]
        if self._check_breaks and any("\r" in c or "\n" in c for c in row):
            self._all.writerow(row)
        else:
            self._minimal.writerow(row)

    def writerows(self, rows: Iterable[Iterable[str]]) -> None:
        if self._check_breaks:
            for row in rows:
                self.writerow(row)
            return
        # One C call for all rows: the common case, and the one large results take.
        self._minimal.writerows([neutralise(c) if c[:1] in _STARTS else c for c in row] for row in rows)


def neutralise_tsv(data: bytes) -> bytes:
    """SPARQL TSV results (cells are N-Triples terms) with every literal that a spreadsheet would
    take for a formula given a single quote inside its opening quote: `"=cmd"` -> `"'=cmd"`.
    IRIs (`<...>`), blank nodes and bare numbers and booleans cannot start a formula. The
    escapes of SPARQL TSV (`\\t`, `\\r`) keep raw tabs and returns out of cells."""
    lines = data.decode("utf-8").split("\n")
    out = []
    for line in lines:
        cells = line.split("\t")
        out.append("\t".join(_neutralise_term(cell) for cell in cells))
    return "\n".join(out).encode("utf-8")


def _neutralise_term(cell: str) -> str:
    if not cell.startswith('"'):
        return cell
    end = cell.rfind('"')
    if end <= 0 or not is_formula(cell[1:end]):
        return cell
    return _QUOTED_LITERAL.sub("\"'", cell, count=1)


__all__ = ["FORMULA_STARTS", "SafeWriter", "is_formula", "neutralise", "neutralise_tsv", "safe_row"]
