"""``/docs``: the API reference for people, rendered on the server (``api/web/api_reference.py``).

FastAPI's own ``/docs`` and ``/redoc`` load Swagger UI and ReDoc from a CDN and are switched off
in ``create_app``. The packaged Swagger UI that replaced them was not WCAG 2.1 AA (axe-core found
violations in its own markup) and needs JavaScript; this page is the site's layout, built from
the same OpenAPI document that ``/openapi.json`` serves, and works without JavaScript (decision 0017).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from .deps import vocabulary_of
from .errors import ApiError
from .web import render
from .web.api_reference import reference


def install_docs(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        try:
            version = vocabulary_of(request).version
        except ApiError:  # the vocabulary still loading does not keep the reference from people
            version = None
        return render.page("api_reference.html", current="/docs", ref=reference(app.openapi()), version=version)
