"""``POST /map``: MSCOS suggestions for a list of local outcome names; nothing is stored.

The upload is a multipart form: ``file`` (the list as CSV or XLSX, or a mapping file written
earlier) and optionally ``resume`` (an earlier mapping file whose confirmed rows are kept). The
answer is JSON, or with ``?format=sssom|template|coverage`` the file to download.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from mscos_kg.config import Settings
from mscos_kg.mapping.suggester import MAX_TOP

from ..deps import get_settings, get_vocabulary
from ..map_upload import file_part, read_form, text_field
from ..mapping_jobs import DOWNLOADS, MapRequest, map_api
from ..offload import off_loop
from ..vocabulary import Vocabulary

router = APIRouter(tags=["mapping"])

MAP_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary",
                                 "description": "The local outcome names: CSV or XLSX, one per row (or a mapping"
                                                " file, SSSOM TSV, written by /map or `mscos map`, to continue)."},
                        "resume": {"type": "string", "format": "binary",
                                   "description": "An earlier mapping file: its confirmed mappings are kept."},
                        "column": {"type": "string", "description": "Header of the column of names."},
                        "description_column": {"type": "string",
                                               "description": "Header of a column of descriptions."},
                    },
                }
            }
        },
    }
}


@router.post(
    "/map",
    summary="Suggest MSCOS outcomes for a list of local outcome names (CSV or XLSX); download SSSOM, "
            "the pre-filled template or coverage",
    responses={
        200: {"description": "JSON: each local outcome with its ranked suggestions (score, reason), the confirmed"
                             " mappings kept from `resume`, and which of the 7 core outcomes are covered; or the"
                             " file `format` names.",
              "content": {"application/json": {}, "text/tab-separated-values": {}, "text/csv": {}}},
        400: {"description": "The list or mapping file cannot be read (the message names the row and what to do)."},
        413: {"description": "The upload is larger than settings.max_upload_bytes."},
        415: {"description": "Not a multipart/form-data form."},
        429: {"description": "This client already has its uploads running (settings.client_validate)."},
    },
    openapi_extra=MAP_BODY,
)
async def map_outcomes(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    vocabulary: Annotated[Vocabulary, Depends(get_vocabulary)],
    top: Annotated[int, Query(ge=1, le=MAX_TOP, description="Suggestions per local outcome.")] = 5,
    format: Annotated[Literal["json", "sssom", "template", "coverage"],
                      Query(description="json, or a file: sssom (mapping table), template (pre-filled CSV), "
                                        "coverage (CSV)")] = "json",
) -> Response:
    form = await read_form(request, settings.max_upload_bytes)
    try:
        req = MapRequest(await file_part(form, "file"), await file_part(form, "resume"), text_field(form, "column"),
                         text_field(form, "description_column"), top, settings.max_upload_bytes)
    finally:
        await form.close()
    body = await off_loop(request, vocabulary, map_api, req, format)
    if format == "json":
        return Response(body, media_type="application/json")
    media, filename = DOWNLOADS[format]
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
