"""A named query as a form a person fills in, and its result as a table.

Values are typed and bound by the library (``NamedQuery.bind``), never pasted into the query;
an empty field is a parameter not given. The CSV and JSON links point at the API's own URL for
the same query and values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from pyoxigraph import BlankNode, Literal, NamedNode
from rdflib import URIRef

from mscos_kg.queries import NamedQuery, ParamType

from ..sparql_results import Boolean, Outcome, Solutions
from .site import Choice, Site

#: Rows shown on the page; the CSV has them all (up to the service's row cap).
SHOWN_ROWS = 500
_INPUT_TYPES = {ParamType.INTEGER: "number", ParamType.YEAR: "number", ParamType.DECIMAL: "text"}
_PATTERNS = {ParamType.COUNTRY: "[A-Z]{2}", ParamType.YEAR: "-?[0-9]{4}", ParamType.INTEGER: "[+-]?[0-9]+"}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    description: str
    expected: str
    required: bool
    value: str
    input_type: str
    pattern: str | None
    choices: tuple[Choice, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    numeric: bool = False


@dataclass
class Table:
    variables: list[str]
    rows: list[list[Cell]]
    total: int
    truncated: bool = False  # the service's row cap cut the result

    @property
    def shown(self) -> int:
        return len(self.rows)


@dataclass
class QueryPage:
    query: NamedQuery
    fields: list[Field]
    values: dict[str, str]
    ready: bool  # every required parameter has a value
    table: Table | None = None
    boolean: bool | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def csv_href(self) -> str:
        return self._href("csv")

    @property
    def json_href(self) -> str:
        return self._href("json")

    def _href(self, fmt: str) -> str:
        return f"/queries/{self.query.name}?" + urlencode({**self.values, "format": fmt})


def given(query: NamedQuery, raw: Mapping[str, str]) -> dict[str, str]:
    """The values a person gave: known parameters only, empty fields dropped."""
    names = {p.name for p in query.parameters}
    return {k: v.strip() for k, v in raw.items() if k in names and v.strip()}


def fields(site: Site, query: NamedQuery, values: Mapping[str, str], errors: Mapping[str, str]) -> list[Field]:
    out = []
    for p in query.parameters:
        choices: tuple[Choice, ...] = ()
        if p.type is ParamType.INTERVENTION or (p.type is ParamType.IRI and "intervention" in p.name):
            choices = tuple(site.intervention_choices)
        elif p.type in (ParamType.OUTCOME, ParamType.IRI):
            choices = tuple(site.outcome_choices)
        out.append(Field(
            name=p.name, label=p.name.replace("_", " ").capitalize(), description=p.description,
            expected=p.type.expected, required=p.required, value=values.get(p.name, ""),
            input_type=_INPUT_TYPES.get(p.type, "text"), pattern=_PATTERNS.get(p.type), choices=choices,
            error=errors.get(p.name),
        ))
    return out


def cell(site: Site, term: object) -> Cell:
    if term is None:
        return Cell("")
    if isinstance(term, NamedNode):
        iri = term.value
        vocabulary = site.vocabulary
        if vocabulary.knows(iri):
            ref = site.ref(URIRef(iri))
            text = f"{ref.notation} {ref.label}" if ref.notation and ref.label else ref.label or iri
            return Cell(text, vocabulary.href(iri))
        return Cell(iri)
    if isinstance(term, Literal):
        numeric = term.datatype.value.endswith(("#integer", "#decimal", "#double", "#float", "#int", "#long"))
        return Cell(term.value, numeric=numeric)
    if isinstance(term, BlankNode):
        return Cell(f"_:{term.value}")
    return Cell(str(term))


def fill(site: Site, outcome: Outcome, shown: int) -> tuple[Table | None, bool | None]:
    """A query's outcome for a page: a table of its first `shown` rows (solutions, or a graph's
    triples), or the answer of an ASK."""
    if isinstance(outcome, Boolean):
        return None, outcome.value
    if isinstance(outcome, Solutions):
        rows = [[cell(site, term) for term in row] for row in outcome.rows[:shown]]
        return Table(list(outcome.variables), rows, len(outcome.rows), outcome.truncated), None
    triples = list(outcome.triples)
    rows = [[cell(site, t.subject), cell(site, t.predicate), cell(site, t.object)] for t in triples[:shown]]
    return Table(["subject", "predicate", "object"], rows, len(triples), outcome.truncated), None
