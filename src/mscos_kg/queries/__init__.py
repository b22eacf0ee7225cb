"""The named SPARQL queries of sparql/: catalog, typed parameters, runner and output formats."""

from mscos_kg.queries.catalog import Catalog, NamedQuery, parse_query
from mscos_kg.queries.errors import (
    CatalogError,
    InvalidParameterError,
    MissingParameterError,
    ParameterError,
    UnknownParameterError,
    UnknownQueryError,
)
from mscos_kg.queries.params import Parameter, ParamType, parse_value
from mscos_kg.queries.runner import CheckOutcome, QueryResult, run_bound, run_checks, run_query

__all__ = [
    "Catalog",
    "CatalogError",
    "CheckOutcome",
    "InvalidParameterError",
    "MissingParameterError",
    "NamedQuery",
    "ParamType",
    "Parameter",
    "ParameterError",
    "QueryResult",
    "UnknownParameterError",
    "UnknownQueryError",
    "parse_query",
    "parse_value",
    "run_bound",
    "run_checks",
    "run_query",
]
