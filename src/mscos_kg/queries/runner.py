"""Run a named (or ad-hoc) query against a store with typed parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

from pyoxigraph import Triple

from mscos_kg.config import DEFAULT_BASE_IRI
from mscos_kg.queries.catalog import Catalog, NamedQuery
from mscos_kg.queries.identifiers import resolve
from mscos_kg.queries.params import Value
from mscos_kg.store.port import Store
from mscos_kg.store.results import SelectResult
from mscos_kg.store.sparql_text import QueryForm

QueryResult: TypeAlias = SelectResult | bool | list[Triple]


def run_query(
    store: Store,
    query: NamedQuery,
    params: Mapping[str, str] | None = None,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
) -> QueryResult:
    """Parse `params` (text) to typed values, check identifiers against the store, then run the query."""
    return run_bound(store, query, query.parse(params or {}, base_iri=base_iri))


def run_bound(store: Store, query: NamedQuery, values: Mapping[str, Value]) -> QueryResult:
    """Run the query with parameters already parsed (`NamedQuery.parse`), in its own form; identifiers
    are checked against the store first (ParameterError when unknown or of the wrong kind)."""
    bindings = resolve(store, query, values)
    if query.form is QueryForm.SELECT:
        return store.select(query.text, bindings)
    if query.form is QueryForm.ASK:
        return store.ask(query.text, bindings)
    return store.construct(query.text, bindings)


@dataclass(frozen=True)
class CheckOutcome:
    query: NamedQuery
    result: SelectResult

    @property
    def passed(self) -> bool:
        return len(self.result) == 0


def run_checks(store: Store, catalog: Catalog | None = None) -> list[CheckOutcome]:
    """Every `check_*` query of the catalog; each passes when it returns no rows."""
    catalog = catalog or Catalog.load()
    out = []
    for query in catalog.checks():
        result = store.select(query.text)
        out.append(CheckOutcome(query, result))
    return out
