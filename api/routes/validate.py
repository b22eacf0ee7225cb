"""``POST /validate``: check a partner dataset against the shapes; nothing is stored."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from mscos_kg.config import Settings
from mscos_kg.validation import DatasetReadError, ValidationReport

from ..accept import negotiate
from ..deps import get_settings
from ..errors import not_acceptable
from ..uploads import UPLOAD_BODY, Upload, check_upload, read_upload, unreadable, validation_slots

router = APIRouter(tags=["validation"])

_JSON = "application/json"
_TURTLE = "text/turtle"


def _validate(upload: Upload, settings: Settings) -> ValidationReport:
    return check_upload(upload, settings).report


@router.post(
    "/validate",
    summary="Validate a partner dataset (Turtle, JSON-LD, RDF/XML, N-Triples or the CSV template)",
    responses={
        200: {
            "description": "The validation report: JSON (docs/partner-data.md) or a SHACL report in Turtle.",
            "content": {_JSON: {}, _TURTLE: {}},
        },
        400: {"description": "The upload cannot be read (syntax, encoding, remote JSON-LD context, XML DTD)."},
        406: {"description": "Accept names neither JSON nor Turtle."},
        413: {"description": "The upload is larger than settings.max_upload_bytes."},
        415: {"description": "Unsupported Content-Type."},
    },
    openapi_extra=UPLOAD_BODY,
)
async def validate(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> Response:
    media_type = negotiate(request.headers.get("accept"), (_JSON, _TURTLE))
    if media_type is None:
        raise not_acceptable([_JSON, _TURTLE])
    upload = await read_upload(request, settings.max_upload_bytes)
    try:
        async with validation_slots(request):
            report = await asyncio.to_thread(_validate, upload, settings)
    except DatasetReadError as exc:
        raise unreadable(exc) from None
    headers = {"Vary": "Accept"}
    if media_type == _TURTLE:
        return Response(report.to_turtle(), media_type="text/turtle; charset=utf-8", headers=headers)
    body: dict[str, Any] = report.to_json()
    return JSONResponse(body, headers=headers)
