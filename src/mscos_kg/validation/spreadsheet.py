"""The spreadsheet (CSV) template -> the partner dataset model (the way back: `spreadsheet_export`).

Reading is lenient about values and strict about structure: a value that is not what the model
expects (an unknown code, "6 months" as a timepoint, 12.5 as a sample size) is carried into the
graph as it is, so the shapes report it with every other problem, at its row and column; an
unknown or missing column, a row of the wrong length or a file without a header row is a
`DatasetReadError` (the file cannot be read as the template at all). An unknown column is
refused rather than ignored because it may hold person-level data.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from mscos_kg.csvsafe import is_formula
from mscos_kg.validation.errors import DatasetReadError
from mscos_kg.validation.report import Location
from mscos_kg.validation.template import BY_KEY, COLUMNS, HEADER_KEYS, normalise_header
from mscos_kg.validation.terms import MSCOS
from mscos_kg.validation.vocabulary import Vocabulary, load_vocabulary

DEFAULT_BASE = "https://example.org/mscos-partner/"
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?([0-9]+[.][0-9]*|[.][0-9]+)$")
_DOUBLE = re.compile(r"^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)[eE][+-]?[0-9]+$")

Locations = dict[tuple[Node, Node | None], Location]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._~-]+", "-", text.strip()).strip("-") or "x"


def _number(text: str) -> Literal:
    value = text.strip()
    if _INTEGER.match(value):
        return Literal(value, datatype=XSD.integer)
    if _DECIMAL.match(value):
        return Literal(value, datatype=XSD.decimal)
    if _DOUBLE.match(value):
        return Literal(value, datatype=XSD.double)
    return Literal(value)  # not a number: the shapes report the wrong datatype


@dataclass(frozen=True)
class _Lookup:
    """Codes and outcomes of the vocabulary by notation and by label (case-insensitive)."""

    by_class: Mapping[URIRef, Mapping[str, URIRef]]

    @classmethod
    def from_vocabulary(cls, vocab: Vocabulary) -> _Lookup:
        out: dict[URIRef, dict[str, URIRef]] = {}
        for subject, _, klass in vocab.graph.triples((None, RDF.type, None)):
            if not isinstance(subject, URIRef) or not isinstance(klass, URIRef):
                continue
            names = out.setdefault(klass, {})
            for _, prop, value in vocab.facts.get(subject, ()):
                if prop in (SKOS.notation, SKOS.prefLabel, RDFS.label):
                    names.setdefault(str(value).strip().lower(), subject)
        return cls(out)

    def resolve(self, klass: URIRef, text: str) -> Node:
        value = text.strip()
        if value.startswith(("http://", "https://")):
            return URIRef(value)
        found = self.by_class.get(klass, {}).get(value.lower())
        return found if found is not None else Literal(value)


class _Converter:
    def __init__(self, source: str, base: str, vocab: Vocabulary) -> None:
        self.source = source
        self.base = base
        self.lookup = _Lookup.from_vocabulary(vocab)
        self.graph = Graph()
        self.locations: Locations = {}
        self.graph.bind("mscos", MSCOS)
        self.graph.bind("dct", DCTERMS)
        self.graph.bind("skos", SKOS)

    def iri(self, kind: str, key: str) -> URIRef:
        return URIRef(f"{self.base}{kind}/{_slug(key)}")

    def add(self, s: Node, p: Node, o: Node, row: int, key: str | None) -> None:
        self.graph.add((s, p, o))
        self.locate(s, p, row, key)

    def locate(self, s: Node, p: Node, row: int, key: str | None) -> None:
        """Remember the cell of (s, p), also when it is empty (a missing value is reported there)."""
        column = BY_KEY[key].header if key else None
        self.locations.setdefault((s, p), Location(self.source, row, column))
        self.locations.setdefault((s, None), Location(self.source, row, None))

    def text(self, s: Node, p: Node, row: int, cells: Mapping[str, str], key: str) -> None:
        value = cells.get(key, "").strip()
        self.locate(s, p, row, key)
        if value:
            self.add(s, p, Literal(value), row, key)

    def typed(self, s: Node, p: Node, row: int, cells: Mapping[str, str], key: str, datatype: URIRef) -> None:
        value = cells.get(key, "").strip()
        self.locate(s, p, row, key)
        if value:
            self.add(s, p, Literal(value, datatype=datatype), row, key)

    def number(self, s: Node, p: Node, row: int, cells: Mapping[str, str], key: str) -> None:
        value = cells.get(key, "").strip()
        self.locate(s, p, row, key)
        if value:
            self.add(s, p, _number(value), row, key)

    def code(self, s: Node, p: Node, klass: URIRef, row: int, cells: Mapping[str, str], key: str) -> None:
        value = cells.get(key, "").strip()
        self.locate(s, p, row, key)
        if value:
            self.add(s, p, self.lookup.resolve(klass, value), row, key)

    def row(self, row: int, cells: Mapping[str, str]) -> None:
        add, text = self.add, self.text
        org = self.iri("organisation", cells.get("organisation", "") or f"row{row}")
        add(org, RDF.type, MSCOS.Organisation, row, "organisation")
        text(org, RDFS.label, row, cells, "organisation")
        text(org, MSCOS.country, row, cells, "organisation_country")

        intervention = self.iri("intervention", cells.get("intervention_id", "") or f"row{row}")
        add(intervention, RDF.type, MSCOS.Intervention, row, "intervention_id")
        add(intervention, MSCOS.organisation, org, row, "organisation")
        text(intervention, RDFS.label, row, cells, "intervention_name")
        text(intervention, DCTERMS.description, row, cells, "intervention_description")
        text(intervention, MSCOS.country, row, cells, "country")
        text(intervention, MSCOS.setting, row, cells, "setting")
        self.code(
            intervention, MSCOS.interventionLevel, MSCOS.InterventionLevel, row, cells, "intervention_level"
        )
        text(intervention, MSCOS.targetPopulation, row, cells, "target_population")
        text(intervention, MSCOS.ageGroup, row, cells, "age_group")

        evaluation = self.iri("evaluation", cells.get("evaluation_id", "") or f"row{row}")
        add(evaluation, RDF.type, MSCOS.Evaluation, row, "evaluation_id")
        add(evaluation, MSCOS.evaluates, intervention, row, "intervention_id")
        text(evaluation, RDFS.label, row, cells, "evaluation_title")
        self.code(evaluation, MSCOS.studyDesign, MSCOS.StudyDesign, row, cells, "study_design")
        self.typed(evaluation, MSCOS.year, row, cells, "year", XSD.gYear)
        self.number(evaluation, MSCOS.sampleSize, row, cells, "sample_size")
        reference = cells.get("reference", "").strip()
        if reference:
            is_link = reference.startswith(("http://", "https://"))
            add(
                evaluation,
                DCTERMS.references,
                URIRef(reference) if is_link else Literal(reference),
                row,
                "reference",
            )

        measurement = self.iri("measurement", f"{cells.get('evaluation_id', '')}-row{row}")
        add(evaluation, MSCOS.hasMeasurement, measurement, row, None)
        add(measurement, RDF.type, MSCOS.OutcomeMeasurement, row, None)
        self.outcome(measurement, row, cells)
        self.instrument(measurement, row, cells)
        self.typed(measurement, MSCOS.timepoint, row, cells, "timepoint", XSD.duration)
        self.code(measurement, MSCOS.reportedBy, MSCOS.ReporterType, row, cells, "reported_by")

        result = self.iri("result", f"{cells.get('evaluation_id', '')}-row{row}")
        add(measurement, MSCOS.hasResult, result, row, None)
        add(result, RDF.type, MSCOS.AggregateResult, row, None)
        for key, prop in (
            ("n", MSCOS.n),
            ("mean", MSCOS.mean),
            ("sd", MSCOS.sd),
            ("median", MSCOS.median),
            ("iqr_low", MSCOS.iqrLow),
            ("iqr_high", MSCOS.iqrHigh),
            ("count", MSCOS["count"]),
            ("proportion", MSCOS.proportion),
        ):
            self.number(result, prop, row, cells, key)
        self.code(result, MSCOS.observationStatus, MSCOS.ObservationStatus, row, cells, "observation_status")

    def outcome(self, measurement: URIRef, row: int, cells: Mapping[str, str]) -> None:
        target_text = cells.get("outcome", "").strip()
        target = self.lookup.resolve(MSCOS.FinalOutcome, target_text) if target_text else None
        local = cells.get("local_outcome", "").strip()
        self.locate(measurement, MSCOS.measuresOutcome, row, "local_outcome" if local else "outcome")
        if not local:
            if target is not None:
                self.add(measurement, MSCOS.measuresOutcome, target, row, "outcome")
            return
        node = self.iri("local-outcome", local)
        self.add(measurement, MSCOS.measuresOutcome, node, row, "local_outcome")
        self.add(node, RDF.type, MSCOS.LocalOutcome, row, "local_outcome")
        self.add(node, SKOS.prefLabel, Literal(local), row, "local_outcome")
        if target is not None:
            match = cells.get("local_outcome_match", "").strip().lower()
            # Any other word is carried as skos:mappingRelation (never silently as exact), so the
            # closed LocalOutcome shape reports it at its cell: the model keeps exact and close.
            prop = _MATCHES.get(match, SKOS.mappingRelation)
            self.add(node, prop, target, row, "local_outcome_match" if match else "outcome")

    def instrument(self, measurement: URIRef, row: int, cells: Mapping[str, str]) -> None:
        name = cells.get("instrument", "").strip()
        self.locate(measurement, MSCOS.usesInstrument, row, "instrument")
        if not name:
            return
        known = self.lookup.resolve(MSCOS.Instrument, name)
        if isinstance(known, URIRef):
            self.add(measurement, MSCOS.usesInstrument, known, row, "instrument")
            return
        node = self.iri("instrument", name)
        self.add(measurement, MSCOS.usesInstrument, node, row, "instrument")
        self.add(node, RDF.type, MSCOS.Instrument, row, "instrument")
        self.add(node, RDFS.label, Literal(name), row, "instrument")


#: The template's match words; an empty cell means exact. broad/narrow/related are SKOS mapping
#: relations the model does not accept for local outcomes: carried as such, the shapes refuse them.
_MATCHES = {
    "": SKOS.exactMatch,
    "exact": SKOS.exactMatch,
    "close": SKOS.closeMatch,
    "broad": SKOS.broadMatch,
    "narrow": SKOS.narrowMatch,
    "related": SKOS.relatedMatch,
}


def _records(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DatasetReadError(f"invalid CSV: {exc}", source=source, row=reader.line_num) from None


def csv_to_graph(
    text: str,
    *,
    source_name: str = "<input>",
    base_iri: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> tuple[Graph, Locations]:
    """Convert the CSV template to the model; return the graph and each statement's cell.

    The nodes' IRIs are minted in the dataset's namespace: the 'Dataset namespace' column, else
    `base_iri`, else one derived from the file's content (the same bytes get the same IRIs
    whichever way they are submitted; such a namespace is fine for checking, not for publishing).
    """
    records: list[tuple[int, dict[str, str]]] = []
    keys: list[str] | None = None
    header_row = 0
    rows = 0
    for row, cells in _records(text, source_name):
        if not cells or all(not c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if keys is None:
            keys = _header(cells, row, source_name)
            header_row = row
            continue
        if len(cells) != len(keys):
            raise DatasetReadError(
                f"the row has {len(cells)} cells but the header row ({header_row}) has {len(keys)} columns",
                source=source_name,
                row=row,
            )
        values = dict(zip(keys, cells, strict=True))
        for key, value in values.items():
            if is_formula(value) or is_formula(value.lstrip(" ")):
                # A formula exported as text (or a cell a spreadsheet would run as one): never
                # evaluated, and refused so it cannot travel on. A plain number (-1) is not one.
                raise DatasetReadError(
                    "cells may not hold spreadsheet formulas: a cell may not start with =, +, -, @,"
                    " a tab or a carriage return unless it is a number (write text without them,"
                    " e.g. 'minus 5' or '5 or fewer')",
                    source=source_name,
                    row=row,
                    column=BY_KEY[key].header,
                )
        records.append((row, values))
        rows += 1
    if keys is None:
        raise DatasetReadError(
            "no header row: start from the template (`mscos template`)", source=source_name
        )
    if rows == 0:
        raise DatasetReadError("the spreadsheet has a header row but no data rows", source=source_name)
    base = _namespace(records, source_name) or base_iri or f"{DEFAULT_BASE}{_digest(text)}/"
    converter = _Converter(source_name, base, vocabulary or load_vocabulary())
    for row, values in records:
        converter.row(row, values)
    dataset = URIRef(f"{base}dataset")
    converter.graph.add((dataset, RDF.type, MSCOS.PartnerDataset))
    converter.graph.add(
        (dataset, DCTERMS.title, Literal(f"Partner dataset from {source_name.rsplit('/', 1)[-1]}"))
    )
    return converter.graph, converter.locations


_NAMESPACE = re.compile(r"^https?://[^/\s<>\"{}|^`\\]+/(?:[^\s<>\"{}|^`\\]*[/#])?$")


def _namespace(records: list[tuple[int, dict[str, str]]], source: str) -> str | None:
    """The 'Dataset namespace' column's one value, if given; a read error if rows disagree or it is
    not an http(s) address ending in '/' or '#'."""
    found: str | None = None
    column = BY_KEY["namespace"].header
    for row, values in records:
        value = values.get("namespace", "").strip()
        if not value:
            continue
        if not _NAMESPACE.fullmatch(value):
            raise DatasetReadError(
                "the dataset namespace must be a web address ending in '/' (https://your-organisation.example/data/)",
                source=source,
                row=row,
                column=column,
            )
        if found is not None and value != found:
            raise DatasetReadError(
                f"the dataset namespace differs from the one above ({found}): one dataset, one namespace",
                source=source,
                row=row,
                column=column,
            )
        found = value
    return found


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _header(cells: list[str], row: int, source: str) -> list[str]:
    keys: list[str] = []
    for cell in cells:
        key = HEADER_KEYS.get(normalise_header(cell))
        if key is None:
            raise DatasetReadError(
                f"unknown column '{cell.strip()[:60]}': use the template's columns (`mscos template`);"
                " extra columns are refused because they may hold person-level data",
                source=source,
                row=row,
                column=cell.strip()[:60],
            )
        if key in keys:
            raise DatasetReadError(
                "the column appears twice", source=source, row=row, column=BY_KEY[key].header
            )
        keys.append(key)
    missing = [c.header for c in COLUMNS if c.required and c.key not in keys]
    if "outcome" not in keys and "local_outcome" not in keys:
        missing.append(BY_KEY["outcome"].header)
    if missing:
        raise DatasetReadError(
            f"missing required column(s): {', '.join(missing)}", source=source, row=row, column=missing[0]
        )
    return keys
