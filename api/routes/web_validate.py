"""Checking a dataset, for people: upload a spreadsheet or RDF file, read the report.

``GET /validate`` is the upload form (``POST /validate`` stays the JSON API); the form posts to
``/validate.html``, which answers with the report in plain language. Nothing is stored. The
blank spreadsheet template is ``/validate/template.csv``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from mscos_kg.config import Settings
from mscos_kg.validation.template import COLUMNS, template_text

from ..deps import get_settings, vocabulary_of
from ..errors import ApiError
from ..uploads import read_upload
from ..validation_jobs import report_view
from ..validation_worker import validation_workers
from ..web import render
from ..web.report import ReportView
from ..web.site import Site
from .web import GET_HEAD

router = APIRouter(include_in_schema=False)
SettingsDep = Annotated[Settings, Depends(get_settings)]
_NO_FILE = "Choose a file to check: the upload was empty."
ACCEPTED = ".csv,.ttl,.jsonld,.json,.rdf,.xml,.owl,.nt,text/csv,text/turtle,application/ld+json"


def _form(request: Request, settings: Settings, status: int = 200, error: str | None = None,
          report: ReportView | None = None) -> Response:
    return render.page(
        "validate.html", status_code=status, current="/validate", error=error, report=report,
        threshold=settings.disclosure_threshold, limit_mb=settings.max_upload_bytes / 1_048_576,
        columns=COLUMNS, accepted=ACCEPTED, version=vocabulary_of(request).version,
    )


@router.api_route("/validate", methods=GET_HEAD)
async def validate_form(request: Request, settings: SettingsDep) -> Response:
    return _form(request, settings)


@router.post("/validate.html")
async def validate_page(request: Request, settings: SettingsDep) -> Response:
    site = Site.of(vocabulary_of(request))
    try:
        upload = await read_upload(request, settings.max_upload_bytes)
    except ApiError as exc:
        message = _NO_FILE if exc.code == "missing_file" else exc.message
        return _form(request, settings, exc.status, message)
    if not upload.data and upload.name in ("", "upload"):  # the form was sent without a file
        return _form(request, settings, 400, _NO_FILE)
    try:  # the same check as every other path, in a worker process (api/validation_worker.py)
        view = await validation_workers(request).run(request, settings, report_view, upload, settings, site.core)
    except ApiError as exc:
        if exc.code == "unreadable_dataset":
            return _form(request, settings, 400, f"The file could not be read. {exc.message}")
        return _form(request, settings, exc.status, exc.message)
    return _form(request, settings, report=view)


@router.api_route("/validate/template.csv", methods=GET_HEAD)
async def template(settings: SettingsDep) -> Response:
    return Response(
        template_text(settings.disclosure_threshold), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="mscos-partner-dataset-template.csv"'},
    )
