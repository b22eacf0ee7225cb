"""The OpenAPI document, as FastAPI writes it but for what this service answers instead.

FastAPI lists a 422 "Validation Error" for every route with parameters. The named-query routes
answer every parameter problem, their own and FastAPI's request validation alike, with 400
(issue 15 item 8; decision 0016, amended), so their 422 entry is removed here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .errors import PARAMETERS_400


def install_openapi(app: FastAPI) -> None:
    app.openapi = _builder(app)  # type: ignore[method-assign]


def _builder(app: FastAPI) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            for path, operations in schema.get("paths", {}).items():
                if path.startswith(PARAMETERS_400):
                    for operation in operations.values():
                        operation.get("responses", {}).pop("422", None)
            app.openapi_schema = schema
        return app.openapi_schema

    return build
