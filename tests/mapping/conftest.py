"""The search index over the shipped vocabulary, and a writer of small XLSX files for the list tests."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import pytest
from rdflib import Graph

from mscos_kg.search import SearchIndex, build_entries


@pytest.fixture(scope="session")
def index(vocab: Graph) -> SearchIndex:
    return SearchIndex(build_entries(vocab))


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Outcomes" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
    ' Target="worksheets/sheet1.xml"/></Relationships>'
)


def xlsx(rows: list[list[str]], *, formula_at: str | None = None, sheet_prefix: str = "",
         rename: tuple[str, str] | None = None) -> bytes:
    """A minimal workbook as spreadsheet programs write it: shared strings for text cells."""
    strings: list[str] = []
    body = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if ref == formula_at:
                cells.append(f'<c r="{ref}" t="str"><f>1+1</f><v>2</v></c>')
                continue
            strings.append(value)
            cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = f'{sheet_prefix}<worksheet xmlns="{main}"><sheetData>{"".join(body)}</sheetData></worksheet>'
    if rename:
        sheet = sheet.replace(*rename)
    shared = f'<sst xmlns="{main}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()
