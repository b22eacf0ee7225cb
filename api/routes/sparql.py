"""``/sparql``: the SPARQL 1.1 Protocol, read-only (see docs/api.md, "SPARQL endpoint")."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from mscos_kg.config import Settings
from mscos_kg.sparql_guard import UpdateRefusedError, check_no_service, query_form, returns_graph

from ..accept import negotiate
from ..deps import get_settings, get_store
from ..errors import ApiError, not_acceptable
from ..query_runner import Deadline, QueryRunner, get_query_runner
from ..sparql_accept import choose_format
from ..sparql_backend import ProtocolCall, execute
from ..sparql_description import service_description
from ..sparql_request import DIRECT, FORM, read_query_request
from ..sparql_results import (
    BOOLEAN_TYPES,
    GRAPH_TYPES,
    SOLUTION_TYPES,
    Graph,
    Outcome,
    content_type,
    offers,
    serialize,
)

router = APIRouter(tags=["sparql"])

_QUERY_DOC = ("A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE). Without it (and without dataset "
              "parameters), GET answers the service description.")
_DATASET_DOC = "IRI of a graph of the store for the query's default graph (repeatable); never fetched."
_NAMED_DOC = "IRI of a graph of the store to offer as a named graph (repeatable); never fetched."

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Query results (SELECT/ASK), a graph (CONSTRUCT/DESCRIBE) or the service description.",
        "content": {media: {} for media in (*SOLUTION_TYPES, *GRAPH_TYPES)},
    },
    400: {"description": "Malformed query (an update given as 'query' included) or parameters, a dataset "
                          "without a query, or a refused feature (SERVICE)."},
    403: {"description": "SPARQL Update (the 'update' parameter or application/sparql-update): read-only."},
    406: {"description": "The client refuses (q=0) every format of the query form; a header naming only "
                          "other formats gets the form's default (Turtle, or SPARQL JSON results)."},
    413: {"description": "The query is too long."},
    415: {"description": "POST with another Content-Type than the two of the protocol, or not UTF-8."},
    503: {"description": "Every query slot is busy; retry after the Retry-After seconds."},
    504: {"description": "The query ran out of time (settings.query_timeout_s)."},
}

_POST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            FORM: {
                "schema": {
                    "type": "object",
                    "required": ["query"],
                    "properties": {
                        "query": {"type": "string", "description": _QUERY_DOC},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
            DIRECT: {"schema": {"type": "string", "description": "The query itself, UTF-8."}},
        },
    }
}

_SAFE_HEADERS = {"Vary": "Accept", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


async def _answer(request: Request, settings: Settings, store: Any, runner: QueryRunner) -> Response:
    parsed = await read_query_request(request, settings.max_query_chars)
    accept = request.headers.get("accept")
    if parsed.query is None:
        if request.method != "GET" or parsed.dataset is not None:  # a dataset without a query to run on it
            raise ApiError(400, "missing_query", "The request has no 'query'.")
        return _description(request, settings, accept)
    form = form_of(parsed.query)  # refuses updates before anything runs
    if form is not None:
        wanted = GRAPH_TYPES if returns_graph(form) else BOOLEAN_TYPES if form.value == "ASK" else SOLUTION_TYPES
        if choose_format(accept, wanted) is None:
            raise not_acceptable(list(wanted))
    call = ProtocolCall(parsed.query, parsed.dataset, settings.base_iri, settings.max_result_rows)

    def job(deadline: Deadline) -> tuple[Outcome, str, bytes]:
        check_no_service(call.query, base_iri=call.base_iri)
        outcome = execute(store, call, deadline)
        media_type = choose_format(accept, offers(outcome))
        if media_type is None:
            raise not_acceptable(list(offers(outcome)))
        # Serialised here, off the event loop: 10,000 rows as Turtle take a good part of a second.
        return outcome, media_type, serialize(outcome, media_type)

    outcome, media_type, body = await runner.run(job, settings.query_timeout_s)
    headers = dict(_SAFE_HEADERS)
    if outcome.truncated:
        headers["X-SPARQL-MaxRows"] = str(settings.max_result_rows)
        headers["X-MSCOS-Truncated"] = "true"
    return Response(body, media_type=content_type(media_type), headers=headers)


def _description(request: Request, settings: Settings, accept: str | None) -> Response:
    media_type = negotiate(accept, GRAPH_TYPES)
    if media_type is None:
        raise not_acceptable(list(GRAPH_TYPES))
    endpoint = str(request.url.replace(query="", fragment=""))
    triples = service_description(
        endpoint, timeout_s=settings.query_timeout_s, max_rows=settings.max_result_rows
    )
    body = serialize(Graph(triples), media_type)
    return Response(body, media_type=content_type(media_type), headers={"Vary": "Accept"})


def form_of(query: str) -> Any:
    """The query's form (None if unknown before parsing); an update where a query belongs is a
    malformed query (SPARQL 1.1 Protocol 2.1.4): 400, the same for the endpoint and the web form."""
    try:
        return query_form(query)
    except UpdateRefusedError:
        raise ApiError(
            400, "malformed_query",
            "malformed query: 'query' holds a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...); "
            "this endpoint is read-only and runs only SELECT, ASK, CONSTRUCT and DESCRIBE.",
        ) from None

@router.get("/sparql", summary="SPARQL 1.1 query by GET, or the service description", responses=_RESPONSES)
async def sparql_get(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    store: Annotated[Any, Depends(get_store)],
    runner: Annotated[QueryRunner, Depends(get_query_runner)],
    query: Annotated[str | None, Query(description=_QUERY_DOC)] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri", description=_DATASET_DOC)] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri", description=_NAMED_DOC)] = None,
) -> Response:
    """The parameters are read from the raw query string (so a repeated `query` is refused)."""
    return await _answer(request, settings, store, runner)


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query by POST (URL-encoded form or application/sparql-query)",
    responses=_RESPONSES,
    openapi_extra=_POST_BODY,
)
async def sparql_post(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    store: Annotated[Any, Depends(get_store)],
    runner: Annotated[QueryRunner, Depends(get_query_runner)],
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri", description=_DATASET_DOC)] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri", description=_NAMED_DOC)] = None,
) -> Response:
    return await _answer(request, settings, store, runner)
