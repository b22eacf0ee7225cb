"""``/queries``: the named queries of sparql/, listed and run with typed parameters."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from mscos_kg.config import Settings
from mscos_kg.queries import (
    Catalog,
    DeprecatedIdentifierError,
    MissingParameterError,
    NamedQuery,
    ParameterError,
    UnknownIdentifierError,
    UnknownParameterError,
    UnknownQueryError,
    Value,
    WrongKindError,
    resolve,
    run_bound,
)
from mscos_kg.store.sparql_text import QueryForm

from ..accept import negotiate
from ..deps import get_settings, get_store
from ..errors import ApiError, not_acceptable, not_found
from ..models import ErrorBody as ErrorModel
from ..named_queries import QueryList, get_catalog, info, plain_json, to_outcome
from ..query_runner import Deadline, QueryRunner, get_query_runner
from ..sparql_cap import limit_rows
from ..sparql_results import (
    CSV,
    GRAPH_TYPES,
    JSON_RESULTS,
    Graph,
    capped_json,
    content_type,
    offers,
    serialize,
)
from ..uploads import read_body

router = APIRouter(tags=["queries"])

_JSON = "application/json"
_FORMATS = {"json": _JSON, "csv": CSV, "srj": JSON_RESULTS, "ttl": "text/turtle", "jsonld": "application/ld+json",
            "nt": "application/n-triples", "rdfxml": "application/rdf+xml"}
_RESERVED = {"format"}
QueryName = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]*$", max_length=100, description="The query's name.")]
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The result: compact JSON (default), SPARQL JSON or CSV; RDF for CONSTRUCT queries.",
        "content": {_JSON: {}, JSON_RESULTS: {}, CSV: {}},
    },
    404: {"description": "No named query has this name, or a parameter names nothing the store holds.",
          "model": ErrorModel},
    406: {"description": "The requested format cannot represent this query's result."},
    400: {"description": "A parameter is missing, unknown, repeated, ill-typed, names something of the wrong kind "
                          "or a deprecated concept (the error names it); the query name is malformed; or the "
                          "format is unknown.", "model": ErrorModel},
    504: {"description": "The query ran out of time."},
}
_POST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": False,
        "content": {
            _JSON: {"schema": {"type": "object", "additionalProperties": {"type": "string"}}},
            "application/x-www-form-urlencoded": {
                "schema": {"type": "object", "additionalProperties": {"type": "string"}}
            },
        },
    }
}


def _find(catalog: Catalog, name: str) -> NamedQuery:
    try:
        return catalog.get(name)
    except UnknownQueryError:
        raise not_found(f"No named query is called '{name}'. GET /queries lists them.") from None


def _parameter_error(exc: ParameterError) -> ApiError:
    if isinstance(exc, UnknownIdentifierError):  # the store holds nothing by that name
        return ApiError(404, "unknown_identifier", str(exc), extra={"parameter": exc.name})
    code = (
        "missing_parameter" if isinstance(exc, MissingParameterError)
        else "unknown_parameter" if isinstance(exc, UnknownParameterError)
        else "wrong_kind" if isinstance(exc, WrongKindError)
        else "deprecated_identifier" if isinstance(exc, DeprecatedIdentifierError)
        else "invalid_parameter"
    )
    return ApiError(400, code, str(exc), extra={"parameter": exc.name})


def _media_type(request: Request, query: NamedQuery) -> str:
    offered = GRAPH_TYPES if query.form.value in ("CONSTRUCT", "DESCRIBE") else (_JSON, JSON_RESULTS, CSV)
    chosen = request.query_params.get("format")
    if chosen is not None:
        media_type = _FORMATS.get(chosen.lower())
        if media_type is None:
            raise ApiError(400, "unknown_format", f"Unknown format; use one of {', '.join(_FORMATS)}.")
        if media_type not in offered:
            raise not_acceptable(list(offered))
        return media_type
    negotiated = negotiate(request.headers.get("accept"), offered)
    if negotiated is None:
        raise not_acceptable(list(offered))
    return negotiated


@dataclass(frozen=True)
class QueryServices:
    catalog: Catalog
    settings: Settings
    store: Any
    runner: QueryRunner


async def get_query_services(request: Request) -> QueryServices:
    """What running a named query needs, as ONE dependency (tests override this one for `/queries/{name}`).

    FastAPI solves each dependency separately; four of them were about a fifth of the service's
    own time on a small query (profiled), as much as the query.
    """
    return QueryServices(await get_catalog(request), await get_settings(request), await get_store(request),
                         await get_query_runner(request))


async def _run(query: NamedQuery, params: dict[str, str], request: Request, services: QueryServices) -> Response:
    settings, store, runner = services.settings, services.store, services.runner
    media_type = _media_type(request, query)
    try:
        values = query.parse(params, base_iri=settings.base_iri)  # typed check before any work
    except ParameterError as exc:
        raise _parameter_error(exc) from None
    if media_type == CSV and query.form.value == "ASK":
        raise not_acceptable([_JSON, JSON_RESULTS])
    if media_type == JSON_RESULTS and query.form is QueryForm.SELECT:
        return await _run_sparql_json(query, values, services)

    def job(_: Deadline) -> Response:  # the rendering too runs here, off the event loop
        outcome = to_outcome(run_bound(store, query, values), settings.max_result_rows)
        headers = _result_headers(outcome.truncated, settings)
        if media_type == _JSON and not isinstance(outcome, Graph):
            return JSONResponse(plain_json(query, params, outcome), headers=headers)
        if media_type not in offers(outcome):
            raise not_acceptable(list(offers(outcome)))
        return Response(serialize(outcome, media_type), media_type=content_type(media_type), headers=headers)

    try:
        return await runner.run(job, settings.query_timeout_s)
    except ParameterError as exc:  # an identifier checked against the store
        raise _parameter_error(exc) from None


async def _run_sparql_json(query: NamedQuery, values: Mapping[str, Value], services: QueryServices) -> Response:
    """SELECT results as SPARQL JSON, written by the store (no Python object per term: several
    times faster on large results) and capped by a LIMIT one over the cap, to tell a cut result."""
    settings, store = services.settings, services.store
    text = _capped_text(query.text, settings.max_result_rows + 1)

    def job(_: Deadline) -> tuple[bytes, bool]:
        bindings = resolve(store, query, values)
        return capped_json(store.select_sparql_json(text, bindings), settings.max_result_rows)

    try:
        data, truncated = await services.runner.run(job, settings.query_timeout_s)
    except ParameterError as exc:
        raise _parameter_error(exc) from None
    return Response(data, media_type=JSON_RESULTS, headers=_result_headers(truncated, settings))


@lru_cache(maxsize=256)  # catalog texts only, a few dozen: tokenizing one took as long as a small query
def _capped_text(text: str, limit: int) -> str:
    return limit_rows(text, limit)


def _result_headers(truncated: bool, settings: Settings) -> dict[str, str]:
    headers = {"Vary": "Accept"}
    if truncated:
        headers["X-MSCOS-Truncated"] = "true"
        headers["X-SPARQL-MaxRows"] = str(settings.max_result_rows)
    return headers


async def run_get(request: Request, services: QueryServices, name: str) -> Response:
    """`GET /queries/{name}`: the route's work, shared with `api/fast_queries.py`."""
    query = _find(services.catalog, name)
    return await _run(query, _single_values(list(request.query_params.multi_items())), request, services)


@router.get("/queries", summary="The named queries and their parameters")
async def list_queries(catalog: Annotated[Catalog, Depends(get_catalog)]) -> QueryList:
    return QueryList(queries=[info(catalog.get(name)) for name in catalog.names()])


@router.get(
    "/queries/{name}",
    summary="Run a named query; parameters as query-string fields (typed, validated)",
    responses=_RESPONSES,
)
async def run_named_query_get(
    request: Request,
    name: QueryName,
    services: Annotated[QueryServices, Depends(get_query_services)],
    format: Annotated[str | None, Query(description="json, csv or srj (SPARQL JSON); overrides Accept.")] = None,
) -> Response:
    return await run_get(request, services, name)


@router.post(
    "/queries/{name}",
    summary="Run a named query; parameters as a JSON object or a URL-encoded form",
    responses=_RESPONSES,
    openapi_extra=_POST_BODY,
)
async def run_named_query_post(
    request: Request,
    name: QueryName,
    services: Annotated[QueryServices, Depends(get_query_services)],
    format: Annotated[str | None, Query(description="json, csv or srj (SPARQL JSON); overrides Accept.")] = None,
) -> Response:
    query = _find(services.catalog, name)
    params = await _body_params(request, services.settings.max_query_chars)
    return await _run(query, params, request, services)


def _single_values(items: list[tuple[str, str]]) -> dict[str, str]:
    params: dict[str, str] = {}
    for key, value in items:
        if key in _RESERVED:
            continue
        if key in params:
            raise ApiError(400, "repeated_parameter", f"Parameter '{key}' is given twice.", extra={"parameter": key})
        params[key] = value
    return params


async def _body_params(request: Request, limit: int) -> dict[str, str]:
    body = await read_body(request, limit)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not body.strip():
        return {}
    if kind == "application/x-www-form-urlencoded":
        try:
            return _single_values(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        except (UnicodeDecodeError, ValueError):
            raise ApiError(400, "bad_request", "The form body is not UTF-8 URL-encoded text.") from None
    if kind not in (_JSON, ""):
        raise ApiError(415, "unsupported_media_type", "Send the parameters as application/json or a URL-encoded form.")
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "bad_json", "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_parameters", "The body must be a JSON object of parameter names and values.")
    params: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, bool):
            params[key] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            params[key] = str(value)
        else:
            raise ApiError(
                400, "invalid_parameter", f"Parameter '{key}' must be a string or a number.", extra={"parameter": key}
            )
    return {k: v for k, v in params.items() if k not in _RESERVED}
