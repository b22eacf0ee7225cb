"""``/reconcile``: the Reconciliation Service API 0.2 (manifest, queries, suggest, preview, extend)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from ..deps import get_vocabulary
from ..errors import ApiError
from ..reconciliation import TYPES_BY_ID, Reconciler, parse_batch, parse_extension
from ..vocabulary import Vocabulary

router = APIRouter(prefix="/reconcile", tags=["reconciliation"])
VocabularyDep = Annotated[Vocabulary, Depends(get_vocabulary)]
MAX_PAYLOAD = 1_000_000
Queries = Annotated[str | None, Query(max_length=MAX_PAYLOAD, description="A JSON batch of queries")]
Extend = Annotated[str | None, Query(max_length=MAX_PAYLOAD, description="A JSON data extension query")]
Limit = Annotated[int, Query(ge=1, le=100)]


def _root(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _answer(request: Request, vocabulary: Vocabulary, queries: str | None, extend: str | None) -> dict[str, Any]:
    reconciler = Reconciler(vocabulary)
    if queries is not None:
        return reconciler.reconcile(parse_batch(queries))
    if extend is not None:
        return reconciler.extend(parse_extension(extend))
    return reconciler.manifest(_root(request))


@router.get("", summary="The service manifest; or a batch of ?queries= ; or ?extend=")
async def reconcile_get(request: Request, vocabulary: VocabularyDep, queries: Queries = None,
                        extend: Extend = None) -> JSONResponse:
    return JSONResponse(_answer(request, vocabulary, queries, extend))


@router.post("", summary="A batch of queries (form field `queries`) or a data extension (`extend`)")
async def reconcile_post(
    request: Request, vocabulary: VocabularyDep,
    queries: Annotated[str | None, Form(max_length=MAX_PAYLOAD)] = None,
    extend: Annotated[str | None, Form(max_length=MAX_PAYLOAD)] = None,
) -> JSONResponse:
    return JSONResponse(_answer(request, vocabulary, queries, extend))


def _type(value: str | None) -> str | None:
    if value is not None and value not in TYPES_BY_ID:
        raise ApiError(400, "unknown_type", f"unknown type {value!r}; the manifest lists the types")
    return value


@router.get("/suggest/entity", summary="Suggest entities as a name is typed")
async def suggest_entity(
    vocabulary: VocabularyDep, prefix: Annotated[str, Query(min_length=1, max_length=500)],
    type: Annotated[str | None, Query(max_length=512)] = None,
    cursor: Annotated[int, Query(ge=0, le=10_000)] = 0, limit: Limit = 10,
) -> JSONResponse:
    body = Reconciler(vocabulary).suggest_entities(prefix, _type(type), limit + cursor)
    body["result"] = body["result"][cursor:]
    return JSONResponse(body)


@router.get("/suggest/type", summary="Suggest types")
async def suggest_type(
    vocabulary: VocabularyDep, prefix: Annotated[str, Query(max_length=200)] = "", limit: Limit = 20,
) -> JSONResponse:
    return JSONResponse(Reconciler(vocabulary).suggest_types(prefix, limit))


@router.get("/suggest/property", summary="Suggest properties (for data extension)")
async def suggest_property(
    vocabulary: VocabularyDep, prefix: Annotated[str, Query(max_length=200)] = "", limit: Limit = 20,
) -> JSONResponse:
    return JSONResponse(Reconciler(vocabulary).suggest_properties(prefix, limit))


@router.get("/preview", summary="A small HTML preview of an entity", response_class=HTMLResponse)
async def preview(vocabulary: VocabularyDep, id: Annotated[str, Query(min_length=1, max_length=512)]) -> HTMLResponse:
    html = Reconciler(vocabulary).preview(id)
    if html is None:
        raise ApiError(404, "unknown_identifier", f"No entity {id!r} in the MSCOS vocabulary.")
    return HTMLResponse(html)


@router.get("/propose_properties", summary="Properties available for data extension")
async def propose_properties(
    vocabulary: VocabularyDep, type: Annotated[str | None, Query(max_length=512)] = None, limit: Limit = 50,
) -> JSONResponse:
    return JSONResponse(Reconciler(vocabulary).propose_properties(_type(type), limit))
