"""The named SPARQL queries of sparql/: catalog, typed parameters, runner and output formats."""

from mscos_kg.queries.catalog import Catalog, NamedQuery, parse_query
from mscos_kg.queries.errors import (
    CatalogError,
    DeprecatedIdentifierError,
    InvalidParameterError,
    MissingParameterError,
    ParameterError,
    UnknownIdentifierError,
    UnknownParameterError,
    UnknownQueryError,
    WrongKindError,
)
from mscos_kg.queries.identifiers import resolve
from mscos_kg.queries.params import Notation, Parameter, ParamType, Value, parse_identifier, parse_value
from mscos_kg.queries.runner import CheckOutcome, QueryResult, run_bound, run_checks, run_query

__all__ = [
    "Catalog",
    "CatalogError",
    "CheckOutcome",
    "DeprecatedIdentifierError",
    "InvalidParameterError",
    "MissingParameterError",
    "NamedQuery",
    "Notation",
    "ParamType",
    "Parameter",
    "ParameterError",
    "QueryResult",
    "UnknownIdentifierError",
    "UnknownParameterError",
    "UnknownQueryError",
    "Value",
    "WrongKindError",
    "parse_identifier",
    "parse_query",
    "parse_value",
    "resolve",
    "run_bound",
    "run_checks",
    "run_query",
]
