"""``POST /validate``: check a partner dataset against the shapes; nothing is stored."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from mscos_kg.config import Settings

from ..accept import negotiate
from ..deps import get_settings
from ..errors import not_acceptable
from ..uploads import UPLOAD_BODY, read_upload
from ..validation_jobs import report_body
from ..validation_worker import validation_workers

router = APIRouter(tags=["validation"])

_JSON = "application/json"
_TURTLE = "text/turtle"


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
        413: {"description": "The upload is larger than settings.max_upload_bytes, or validating it needed more "
              "than settings.validation_memory_mb (then stopped)."},
        415: {"description": "Unsupported Content-Type."},
        503: {"description": "Every validation worker stayed busy until the deadline; retry (Retry-After)."},
        504: {"description": "Validation passed settings.validation_timeout_s and was stopped."},
    },
    openapi_extra=UPLOAD_BODY,
)
async def validate(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> Response:
    media_type = negotiate(request.headers.get("accept"), (_JSON, _TURTLE))
    if media_type is None:
        raise not_acceptable([_JSON, _TURTLE])
    upload = await read_upload(request, settings.max_upload_bytes)
    # In a worker process ended at the deadline, past its memory cap or when the client goes
    # (api/validation_worker.py).
    body = await validation_workers(request).run(request, settings, report_body, upload, settings, media_type)
    headers = {"Vary": "Accept"}
    if media_type == _TURTLE:
        return Response(body, media_type="text/turtle; charset=utf-8", headers=headers)
    return Response(body, media_type=_JSON, headers=headers)
