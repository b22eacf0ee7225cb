"""Mapping local outcomes, for people: upload a list, review each suggestion, download.

``GET /map`` is the upload form; it posts to ``/map.html``, which answers with the review page.
The review form posts back to ``/map.html`` with the whole state in a hidden field (the SSSOM
text), so the page works without JavaScript and nothing is stored on the server; its buttons
save the choices, search for another outcome, or download SSSOM, the template or coverage.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import FormData

from mscos_kg.config import Settings

from ..deps import get_settings, vocabulary_of
from ..errors import ApiError
from ..map_upload import file_part, read_form, text_field
from ..mapping_jobs import (
    DOWNLOADS,
    MapRequest,
    PageForm,
    PageState,
    download_from_form,
    page_from_form,
    page_from_upload,
)
from ..offload import off_loop
from ..web import render
from .web import GET_HEAD

router = APIRouter(include_in_schema=False)
SettingsDep = Annotated[Settings, Depends(get_settings)]
ACCEPTED = (".csv,.xlsx,.tsv,text/csv,text/tab-separated-values,"
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
_NO_FILE = "Choose a file: the upload was empty."
PREDICATES = (("exact", "exact match"), ("close", "close match"), ("broad", "broader (the MSCOS outcome is wider)"),
              ("narrow", "narrower (the MSCOS outcome is more specific)"), ("related", "related only"))


def _page(settings: Settings, status: int = 200, error: str | None = None, view: PageState | None = None) -> Response:
    return render.page(
        "map.html", status_code=status, current="/map", error=error, view=view, accepted=ACCEPTED,
        limit_mb=settings.max_upload_bytes / 1_048_576, predicates=PREDICATES,
    )


@router.api_route("/map", methods=GET_HEAD)
async def map_form(settings: SettingsDep) -> Response:
    return _page(settings)


def _page_form(form: FormData) -> PageForm:
    choices: dict[str, str] = {}
    predicates: dict[str, str] = {}
    searches: dict[str, str] = {}
    for name, value in form.multi_items():
        if not isinstance(value, str):
            continue
        kind, _, key = name.partition(":")
        if kind == "choice":
            choices[key] = value
        elif kind == "predicate":
            predicates[key] = value
        elif kind == "q":
            searches[key] = value[:500]
    return PageForm(text_field(form, "state", 20_000_000) or "", choices, predicates, searches,
                    text_field(form, "author", 200) or "", text_field(form, "search") or None)


@router.post("/map.html")
async def map_page(request: Request, settings: SettingsDep) -> Response:
    vocabulary = vocabulary_of(request)
    try:
        form = await read_form(request, settings.max_upload_bytes)
    except ApiError as exc:
        return _page(settings, exc.status, exc.message)
    try:
        upload = await file_part(form, "file")
        action = text_field(form, "action") or ""
        if upload is not None or "state" not in form:
            if upload is None or not upload.data:
                return _page(settings, 400, _NO_FILE)
            top = text_field(form, "top") or "5"
            req = MapRequest(upload, None, text_field(form, "column") or None, None,
                             min(max(int(top), 1), 20) if top.isdigit() else 5, settings.max_upload_bytes)
            view = await off_loop(request, vocabulary, page_from_upload, req)
            return _page(settings, view=view)
        page = _page_form(form)
        if action in DOWNLOADS:
            body = await off_loop(request, vocabulary, download_from_form, page, action)
            media, filename = DOWNLOADS[action]
            return Response(body, media_type=media,
                            headers={"Content-Disposition": f'attachment; filename="{filename}"'})
        view = await off_loop(request, vocabulary, page_from_form, page)
        return _page(settings, view=view)
    except ApiError as exc:
        return _page(settings, exc.status, exc.message)
    finally:
        await form.close()
