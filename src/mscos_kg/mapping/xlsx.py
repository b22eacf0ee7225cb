"""A small, safe reader of the first worksheet of an XLSX file: cell texts, never formulas.

No spreadsheet library is needed for a column of names: an XLSX file is a ZIP of XML parts. The
reader refuses what could hurt the service: more than `max_bytes` unpacked (a ZIP bomb), a DTD or
entity declaration in any part it reads (entity expansion), and formula cells (as the CSV intake
refuses formulas: a formula's cached value is not the text a person typed).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COLUMN = re.compile(r"^([A-Z]+)")
#: A list of names needs few columns and rows; these bound the cells a small file can expand to.
MAX_COLUMNS = 256
MAX_ROWS = 10_000


class XlsxError(ValueError):
    """The bytes are not an XLSX workbook this reader accepts; the message says why."""


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def read_rows(data: bytes, max_bytes: int) -> list[list[str]]:
    """The first worksheet's rows, each a list of cell texts (empty cells as '')."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise XlsxError(f"not a readable XLSX file ({exc})") from None
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > max_bytes:
            raise XlsxError(f"the workbook unpacks to more than {max_bytes:,} bytes")
        strings = _shared_strings(archive)
        sheet = _first_sheet(archive)
        return list(_rows(_part(archive, sheet), strings))


def _part(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    try:
        raw = archive.read(name)
    except KeyError:
        raise XlsxError(f"the workbook has no part {name!r}") from None
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as exc:
        raise XlsxError(f"part {name!r} cannot be unpacked ({exc})") from None
    head = raw[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in raw.upper():
        raise XlsxError("the workbook declares a DTD or entities, which are refused")
    try:
        return ElementTree.fromstring(raw)
    except ElementTree.ParseError as exc:
        raise XlsxError(f"part {name!r} is not well-formed XML ({exc})") from None


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    root = _part(archive, "xl/sharedStrings.xml")
    return ["".join(t.text or "" for t in item.iter(f"{_MAIN}t")) for item in root.iter(f"{_MAIN}si")]


def _first_sheet(archive: zipfile.ZipFile) -> str:
    workbook = _part(archive, "xl/workbook.xml")
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        raise XlsxError("the workbook has no worksheet")
    rel_id = sheet.get(f"{_REL}id")
    rels = _part(archive, "xl/_rels/workbook.xml.rels")
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            return path
    raise XlsxError("the workbook's first worksheet is not in its relationships")


def _column_index(ref: str) -> int:
    match = _COLUMN.match(ref)
    if not match:
        return -1
    index = 0
    for ch in match.group(1):
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _rows(sheet: ElementTree.Element, strings: list[str]) -> Iterator[list[str]]:
    for number, row in enumerate(sheet.iter(f"{_MAIN}row"), start=1):
        if number > MAX_ROWS:
            raise XlsxError(f"the sheet has more than {MAX_ROWS:,} rows: a list of names needs fewer")
        cells: dict[int, str] = {}
        position = 0
        for cell in row.iter(f"{_MAIN}c"):
            if cell.find(f"{_MAIN}f") is not None:
                raise XlsxError(
                    f"cell {cell.get('r', '?')} holds a formula: formulas are refused; paste the values as text"
                )
            ref = cell.get("r", "")
            index = _column_index(ref) if ref else position
            if index < 0 or index >= MAX_COLUMNS:
                raise XlsxError(f"cell {ref[:12]!r} is beyond column {MAX_COLUMNS}: keep the names in the first"
                                " columns")
            position = index + 1
            cells[index] = _value(cell, strings)
        if cells:
            yield [cells.get(i, "") for i in range(max(cells) + 1)]


def _value(cell: ElementTree.Element, strings: list[str]) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_MAIN}t"))
    value = cell.findtext(f"{_MAIN}v") or ""
    if kind == "s":
        try:
            return strings[int(value)]
        except (ValueError, IndexError):
            raise XlsxError(f"cell {cell.get('r', '?')} points at a shared string that does not exist") from None
    return value
