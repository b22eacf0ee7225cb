"""``/docs``: Swagger UI served from the installed ``swagger-ui-bundle-v2`` package, not a CDN.

FastAPI's own ``/docs`` and ``/redoc`` load their scripts and styles from a CDN; the service must
work offline and make no outbound requests, so both are switched off in ``create_app`` and this
page takes ``/docs``. ReDoc has no packaged copy and is not served. Swagger UI's validator badge
(an image from an external validator) is switched off too.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, swagger_ui_default_parameters
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"


def install_docs(app: FastAPI) -> None:
    from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]  # no py.typed

    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")
    openapi_url = app.openapi_url or "/openapi.json"
    parameters = {**swagger_ui_default_parameters, "validatorUrl": None}

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} - API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters=parameters,
        )
