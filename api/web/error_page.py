"""An error as a page, for browsers: the same status, code and message as the JSON error body.

``api/errors.py`` maps every error to (status, code, message) in one place and asks here whether
the client is a browser (the rule of ``negotiation.wants_html``: an Accept header preferring
``text/html`` to ``application/json``, or ``?format=html``). Tools keep getting the JSON body.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.responses import HTMLResponse
from starlette.requests import Request

from . import render
from .negotiation import wants_html


@dataclass(frozen=True)
class Heading:
    title: str
    advice: str


#: The page title and what a person can do, per status (the message says what went wrong).
HEADINGS: dict[int, Heading] = {
    400: Heading("The request cannot be answered", "Check what you typed and try again."),
    401: Heading("Sign-in needed", "This address is for partner tools with a token; people can browse every page."),
    403: Heading("Not allowed", "This service is read-only for the public."),
    404: Heading("Page not found", "The address may be mistyped, or the page may have moved. Try searching."),
    405: Heading("This address does not accept that request", "Open the page with a plain link instead."),
    406: Heading("That format is not available here", "Open the page without a format to see it in the browser."),
    413: Heading("Too large", "Send something smaller: the limit is in the message above."),
    414: Heading("The address is too long", "Use a shorter query, or the form."),
    415: Heading("Unsupported file type", "See the form's hint for the formats accepted."),
    422: Heading("Some values are not valid", "Correct the values named above and try again."),
    429: Heading("Too many requests", "Wait a moment, then try again."),
    500: Heading("Something went wrong", "The service failed to answer. Try again later."),
    503: Heading("The service is busy", "Wait a few seconds, then try again."),
    504: Heading("The answer took too long", "Try a smaller question, or again later."),
}
_FALLBACK = Heading("The request cannot be answered", "Go back to the home page or search.")


def wants_error_page(request: Request) -> bool:
    """Whether the client prefers an HTML page to the JSON error body.

    The Accept header decides, as for the pages, but only ``?format=json`` or ``?format=html``
    override it: a browser following a link with ``?format=xyz`` still gets a page.
    """
    formats = request.query_params.getlist("format")
    if formats in (["json"], ["html"]):
        return formats == ["html"]
    return wants_html(request.headers.get("accept"), b"")


def error_page(
    request: Request | None, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """The error page; ``headers`` (Allow, Retry-After, WWW-Authenticate...) are kept."""
    heading = HEADINGS.get(status, _FALLBACK)
    identifier = _identifier(request.url.path) if request is not None and status == 404 else None
    body = render.render(
        "error.html", title=heading.title, message=message, advice=heading.advice, status=status, code=code,
        identifier=identifier, link=_parent(request.url.path) if request is not None else None,
    )
    merged = {**render.page_headers(), **(headers or {})}
    return HTMLResponse(body, status_code=status, headers=merged)


def _identifier(path: str) -> str | None:
    """The identifier a person asked for in ``/id/NNN`` (to offer a search for it)."""
    if not path.startswith("/id/"):
        return None
    name = path[4:].split(".", 1)[0]
    return name[:40] if name.isalnum() else None


def _parent(path: str) -> tuple[str, str] | None:
    """A way up from a page that does not exist: its nearest listed parent."""
    if path.startswith("/queries/"):
        return ("/queries", "All named queries")
    if path.startswith(("/id/", "/scheme/")):
        return ("/ontology", "The vocabulary: every scheme")
    return None
