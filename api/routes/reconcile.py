"""``/reconcile``: the Reconciliation Service API 0.2 (manifest, queries, suggest, preview, extend),
and the 1.0-draft ``POST /reconcile/match``."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..deps import get_vocabulary
from ..errors import ApiError
from ..offload import off_loop
from ..reconciliation import TYPES_BY_ID, Reconciler, parse_batch, parse_extension
from ..reconciliation_match import match, parse_match
from ..vocabulary import Vocabulary

router = APIRouter(prefix="/reconcile", tags=["reconciliation"])
VocabularyDep = Annotated[Vocabulary, Depends(get_vocabulary)]
MAX_PAYLOAD = 1_000_000
Queries = Annotated[str | None, Query(max_length=MAX_PAYLOAD, description="A JSON batch of queries")]
Extend = Annotated[str | None, Query(max_length=MAX_PAYLOAD, description="A JSON data extension query")]
Limit = Annotated[int, Query(ge=1, le=100)]


def _root(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _answer(vocabulary: Vocabulary, root: str, queries: str | None, extend: str | None) -> bytes:
    """The answer as JSON (a 100 KB batch takes seconds of CPU: run in a worker, api/offload.py)."""
    reconciler = Reconciler(vocabulary)
    if queries is not None:
        return _json(reconciler.reconcile(parse_batch(queries)))
    if extend is not None:
        return _json(reconciler.extend(parse_extension(extend)))
    return _json(reconciler.manifest(root))


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


async def _answer_off_loop(
    request: Request, vocabulary: Vocabulary, queries: str | None, extend: str | None
) -> Response:
    if queries is None and extend is None:
        body = _answer(vocabulary, _root(request), None, None)  # the manifest: small, no hop
    else:
        body = await off_loop(request, vocabulary, _answer, _root(request), queries, extend, heavy=True)
    return Response(body, media_type="application/json")


def _suggest_entities(vocabulary: Vocabulary, prefix: str, type_: str | None, limit: int, cursor: int) -> bytes:
    body = Reconciler(vocabulary).suggest_entities(prefix, type_, limit + cursor)
    body["result"] = body["result"][cursor:]
    return _json(body)


@router.get("", summary="The service manifest; or a batch of ?queries= ; or ?extend=")
async def reconcile_get(request: Request, vocabulary: VocabularyDep, queries: Queries = None,
                        extend: Extend = None) -> Response:
    return await _answer_off_loop(request, vocabulary, queries, extend)


@router.post("", summary="A batch of queries (form field `queries`) or a data extension (`extend`)")
async def reconcile_post(
    request: Request, vocabulary: VocabularyDep,
    queries: Annotated[str | None, Form(max_length=MAX_PAYLOAD)] = None,
    extend: Annotated[str | None, Form(max_length=MAX_PAYLOAD)] = None,
) -> Response:
    return await _answer_off_loop(request, vocabulary, queries, extend)


def _match(vocabulary: Vocabulary, raw: bytes) -> bytes:
    return _json(match(vocabulary, parse_match(raw)))


@router.post("/match", summary="A batch of queries in the 1.0-draft form (JSON body)")
async def reconcile_match(request: Request, vocabulary: VocabularyDep) -> Response:
    raw = await request.body()
    if len(raw) > MAX_PAYLOAD:
        raise ApiError(413, "payload_too_large", f"at most {MAX_PAYLOAD} bytes of queries")
    # Up to 200 queries ranked: off the event loop, as the 0.2 batches (api/offload.py).
    body = await off_loop(request, vocabulary, _match, raw)
    return Response(body, media_type="application/json")


def _type(value: str | None) -> str | None:
    if value is not None and value not in TYPES_BY_ID:
        raise ApiError(400, "unknown_type", f"unknown type {value!r}; the manifest lists the types")
    return value


@router.get("/suggest/entity", summary="Suggest entities as a name is typed")
async def suggest_entity(
    request: Request, vocabulary: VocabularyDep, prefix: Annotated[str, Query(min_length=1, max_length=500)],
    type: Annotated[str | None, Query(max_length=512)] = None,
    cursor: Annotated[int, Query(ge=0, le=10_000)] = 0, limit: Limit = 10,
) -> Response:
    # Up to 10,100 suggestions ranked on a 500-character prefix: off the event loop.
    body = await off_loop(request, vocabulary, _suggest_entities, prefix, _type(type), limit, cursor)
    return Response(body, media_type="application/json")


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
