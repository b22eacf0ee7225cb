"""The named-query catalog as the service shows it: metadata, and results as JSON or CSV."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from pydantic import BaseModel, Field
from starlette.requests import Request

from mscos_kg.queries import Catalog, NamedQuery, QueryResult
from mscos_kg.store.results import SelectResult

from .sparql_results import Boolean, Graph, Outcome, Solutions

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {XSD + "integer": int, XSD + "int": int, XSD + "long": int, XSD + "decimal": float,
            XSD + "double": float, XSD + "float": float}


class ParameterInfo(BaseModel):
    name: str
    type: str = Field(description="iri, outcome, intervention, string, integer, decimal, boolean, gYear or country")
    required: bool
    description: str
    expected: str = Field(description="What a valid value looks like.")


class QueryInfo(BaseModel):
    name: str
    title: str
    description: str
    form: str = Field(description="SELECT, ASK, CONSTRUCT or DESCRIBE")
    check: bool = Field(description="A quality check: it must return no rows.")
    parameters: list[ParameterInfo]
    examples: list[str]
    href: str


class QueryList(BaseModel):
    queries: list[QueryInfo]


async def get_catalog(request: Request) -> Catalog:
    """The catalog of sparql/*.rq, read on first use (FastAPI dependency; tests may override it).

    `async` although it may read files once: FastAPI runs a plain `def` dependency in its thread
    pool on every request, which cost more than the smallest named query itself."""
    catalog: Catalog | None = getattr(request.app.state, "query_catalog", None)
    if catalog is None:
        catalog = request.app.state.query_catalog = Catalog.load()
    return catalog


def info(query: NamedQuery) -> QueryInfo:
    return QueryInfo(
        name=query.name,
        title=query.title,
        description=query.description,
        form=query.form.value,
        check=query.is_check,
        parameters=[
            ParameterInfo(
                name=p.name, type=p.type.value, required=p.required, description=p.description,
                expected=p.type.expected,
            )
            for p in query.parameters
        ],
        examples=list(query.examples),
        href=f"/queries/{query.name}",
    )


def to_outcome(result: QueryResult, max_rows: int) -> Outcome:
    """A named query's result, capped at `max_rows` rows (or triples)."""
    if isinstance(result, SelectResult):
        rows = result.rows
        return Solutions(tuple(result.variables), rows[:max_rows], truncated=len(rows) > max_rows)
    if isinstance(result, bool):
        return Boolean(result)
    return Graph(result[:max_rows], truncated=len(result) > max_rows)


def plain(term: Any) -> Any:
    """A term as a plain JSON value: IRIs and strings as text, numbers and booleans as such."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _NUMBERS:
            try:
                return _NUMBERS[datatype](term.value)
            except ValueError:
                return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def plain_json(query: NamedQuery, bound: dict[str, str], outcome: Solutions | Boolean) -> dict[str, Any]:
    """The service's compact JSON for a named query's result (docs/api.md, "Named queries")."""
    body: dict[str, Any] = {"query": query.name, "title": query.title, "parameters": bound}
    if isinstance(outcome, Boolean):
        body["boolean"] = outcome.value
        return body
    body["variables"] = list(outcome.variables)
    body["rows"] = [
        {name: plain(value) for name, value in zip(outcome.variables, row, strict=True)} for row in outcome.rows
    ]
    body["truncated"] = outcome.truncated
    return body
