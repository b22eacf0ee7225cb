"""SSSOM TSV: a YAML metadata block as `#` lines, then one mapping per row (SSSOM 1.0).

Written with the project's formula rules (`csvsafe`): a cell a spreadsheet would run is written
with a quote in front, and read back without it. Read back with the same limits as any upload.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import yaml

from mscos_kg.csvsafe import is_formula, neutralise
from mscos_kg.mapping.errors import MappingInputError

SSSOM_VERSION = "1.0"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
BASE_PREFIXES: dict[str, str] = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "sssom": "https://w3id.org/sssom/",
    "mscos": "https://w3id.org/mscos/id/",
    "orcid": "https://orcid.org/",
}


@dataclass(frozen=True)
class SssomTable:
    """The metadata (with `curie_map`) and the rows (column -> text) of one SSSOM TSV file."""

    metadata: Mapping[str, object]
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, str], ...] = field(default_factory=tuple)

    @property
    def curie_map(self) -> dict[str, str]:
        value = self.metadata.get("curie_map")
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def write_sssom(metadata: Mapping[str, object], columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> str:
    """The TSV text: metadata as `#` YAML lines, the header, the rows (missing cells empty)."""
    out = io.StringIO()
    header = yaml.safe_dump(dict(metadata), sort_keys=False, allow_unicode=True, width=1000)
    for line in header.splitlines():
        out.write(f"# {line}\n" if line else "#\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(_one_line(row.get(c, ""))) for c in columns])
    return out.getvalue()


def _one_line(text: str) -> str:
    return " ".join(text.split()) if ("\n" in text or "\r" in text or "\t" in text) else text


def _unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and is_formula(cell[1:]) else cell


def read_sssom(text: str, source: str, max_rows: int = 20_000) -> SssomTable:
    """Parse SSSOM TSV written by this package or another tool (embedded metadata only)."""
    meta_lines: list[str] = []
    body_start = 0
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("#"):
            meta_lines.append(line[1:].removeprefix(" "))
            body_start = i + 1
        else:
            break
    try:
        metadata = yaml.safe_load("".join(meta_lines)) if meta_lines else {}
    except yaml.YAMLError as exc:
        raise MappingInputError(f"the SSSOM metadata block (the '#' lines) is not valid YAML: {exc}",
                                source=source) from None
    if not isinstance(metadata, dict):
        raise MappingInputError("the SSSOM metadata block must be a YAML mapping", source=source)
    reader = csv.reader(io.StringIO("".join(lines[body_start:]), newline=""), delimiter="\t")
    try:
        header = next(reader, None)
        if not header:
            raise MappingInputError("the SSSOM file has no header row", source=source)
        missing = [c for c in ("subject_id", "predicate_id", "object_id", "mapping_justification") if c not in header]
        if missing:
            raise MappingInputError(f"not an SSSOM mapping table: missing column(s) {', '.join(missing)}",
                                    source=source, row=body_start + 1)
        rows: list[dict[str, str]] = []
        for number, cells in enumerate(reader, start=body_start + 2):
            if not any(cells):
                continue
            if len(cells) != len(header):
                raise MappingInputError(f"the row has {len(cells)} cells but the header has {len(header)}",
                                        source=source, row=number)
            if len(rows) >= max_rows:
                raise MappingInputError(f"more than {max_rows} mapping rows", source=source, row=number)
            rows.append({c: _unneutralise(v) for c, v in zip(header, cells, strict=True)})
    except csv.Error as exc:
        raise MappingInputError(f"invalid TSV: {exc}", source=source) from None
    return SssomTable(metadata, tuple(header), tuple(rows))


def looks_like_sssom(data: bytes) -> bool:
    """A TSV whose first non-comment line names SSSOM's columns."""
    head = data[:65536].decode("utf-8", "replace")
    for line in head.splitlines():
        if not line.startswith("#"):
            return "subject_id" in line.split("\t") and "object_id" in line.split("\t")
    return False


def expand(curie: str, prefixes: Mapping[str, str]) -> str:
    prefix, sep, local = curie.partition(":")
    if sep and prefix in prefixes:
        return prefixes[prefix] + local
    return curie


def contract(iri: str, prefixes: Mapping[str, str]) -> str:
    best = ""
    for prefix, base in prefixes.items():
        if iri.startswith(base) and len(base) > len(prefixes.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(prefixes[best]):]}" if best else iri
