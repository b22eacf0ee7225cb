"""Domain errors -> HTTP, in one place.

Every error the service answers has the body ``{"error": {"code": CODE, "message": TEXT}}``:
``code`` is stable and machine-readable, ``message`` is for a person. No handler ever puts a
stack trace, an exception repr or a request body in a response.

Library errors know nothing of HTTP; they are mapped here, in ``DOMAIN_ERRORS``. To map a new
library error, add one entry (exception class -> status, code).

A browser (an Accept header preferring ``text/html`` to JSON, or ``?format=html``) gets the same
status, code and message as a page in the site's layout (``api/web/error_page.py``).
"""

from __future__ import annotations

import inspect
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from .web.error_page import error_page, wants_error_page

log = logging.getLogger("mscos_api")

#: Paths whose parameter errors, FastAPI's request validation included, answer 400 rather than
#: 422: the named queries (issue 15 item 8, "refused with exit 2 / 400"; decision 0016, amended).
PARAMETERS_400 = ("/queries",)


class ApiError(Exception):
    """An error raised by a route: status, stable code, human message, optional extra fields."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra or {}


def not_found(message: str, **extra: Any) -> ApiError:
    return ApiError(404, "not_found", message, extra=extra)


def bad_request(code: str, message: str) -> ApiError:
    return ApiError(400, code, message)


def not_acceptable(offered: list[str]) -> ApiError:
    return ApiError(
        406,
        "not_acceptable",
        "None of the media types in the Accept header (or ?format=) can be served here.",
        extra={"available": offered},
    )


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    inner: dict[str, Any] = {"code": code, "message": message}
    inner.update(extra)
    return {"error": inner}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(error_body(code, message, **extra), status_code=status, headers=headers)


def respond(
    request: Request | None, status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    """The error as JSON, or as a page when the client is a browser; both vary with Accept."""
    merged = {**(headers or {}), "Vary": "Accept"}
    if request is not None and wants_error_page(request):
        return error_page(request, status, code, message, merged)
    return error_response(status, code, message, merged, **extra)


def status_of(exc: Exception) -> tuple[int, str] | None:
    """The (status, code) a library error maps to, or None for an unexpected one."""
    for cls, answer in _domain_errors().items():
        if isinstance(exc, cls):
            return answer
    return None


def _domain_errors() -> dict[type[Exception], tuple[int, str]]:
    """Library exception class -> (HTTP status, stable code). Import library errors here, lazily.

    Add one entry per library error, e.g. ``DatasetReadError: (400, "unreadable_dataset")``.
    """
    from mscos_kg.search import QueryTooLongError

    return {
        QueryTooLongError: (400, "query_too_long"),
        **_store_service_errors(),
    }


# ---------------------------------------------------------------------------------------------
# SPARQL protocol, named queries, validation and partner datasets (the store-facing routers).
# Order matters: the first matching class wins, so subclasses come before their bases.
# ---------------------------------------------------------------------------------------------
def _store_service_errors() -> dict[type[Exception], tuple[int, str]]:
    from mscos_kg.sparql_guard import QueryRefusedError, QuerySyntaxError, ServiceRefusedError, UpdateRefusedError
    from mscos_kg.store import errors as store
    from mscos_kg.validation.errors import DatasetReadError

    from .query_runner import RunTimeoutError

    return {
        UpdateRefusedError: (403, "update_refused"),
        ServiceRefusedError: (400, "service_refused"),
        QueryRefusedError: (400, "query_refused"),
        QuerySyntaxError: (400, "malformed_query"),
        store.QuerySyntaxError: (400, "malformed_query"),
        store.QueryFormError: (400, "wrong_query_form"),
        store.QueryTimeoutError: (504, "query_timeout"),
        RunTimeoutError: (504, "query_timeout"),
        store.QueryEvaluationError: (400, "query_failed"),
        store.UpdateTooLargeError: (413, "too_large_for_store"),
        store.StoreUnavailableError: (503, "store_unavailable"),
        store.StoreError: (503, "store_error"),
        DatasetReadError: (400, "unreadable_dataset"),
    }


_STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "invalid_parameter",
    429: "too_many_requests",
    503: "unavailable",
    504: "timeout",
}


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers; called once by ``create_app``."""
    domain = _domain_errors()

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return respond(request, exc.status, exc.code, exc.message, exc.headers or None, **exc.extra)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = _STATUS_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = "No resource at this path. See /docs for the service's endpoints."
        return respond(request, exc.status_code, code, message, dict(exc.headers or {}) or None)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = []
        for err in exc.errors()[:10]:
            where = ".".join(str(part) for part in err.get("loc", ()))
            problems.append(f"{where}: {err.get('msg', 'invalid')}")
        status = 400 if request.url.path.startswith(PARAMETERS_400) else 422
        return respond(request, status, "invalid_parameter", "; ".join(problems) or "Invalid request.")

    async def unexpected(request: Request, exc: Exception) -> Response:
        for cls, (status, code) in domain.items():
            if isinstance(exc, cls):
                return respond(request, status, code, str(exc))
        log.error("unhandled %s", type(exc).__name__, exc_info=exc)
        return respond(request, 500, "internal_error", "The service failed to answer this request.")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    for cls in domain:
        app.add_exception_handler(cls, unexpected)
    app.add_exception_handler(Exception, unexpected)


async def render_error(app: Starlette, request: Request, exc: Exception) -> Response:
    """The response the app's handlers give for `exc`, for the pure-ASGI fast paths.

    Those run before the router, outside Starlette's exception middleware, so they look the
    handler up themselves (most specific class first, as Starlette does) instead of passing the
    request on to be answered again.
    """
    for cls in type(exc).__mro__:
        handler = app.exception_handlers.get(cls)
        if handler is not None:
            answer = handler(request, exc)
            response: Response = await answer if inspect.isawaitable(answer) else answer
            return response
    raise exc
