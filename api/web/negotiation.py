"""Browsers get HTML at the API's own URLs: ``/search``, ``/queries``, ``/queries/{name}``, ``/sparql``.

The JSON endpoints stay as they are; this middleware only changes *which route* answers a
GET or HEAD whose Accept header prefers ``text/html`` to ``application/json`` (a browser's
``text/html,...,*/*;q=0.8`` does; curl's ``*/*``, a missing header or ``application/json`` do
not), and only when no ``?format=`` asks for something else. Such a request is routed to the
page at the same path with ``.html`` appended (``/queries/core_outcomes.html``), which is also
reachable directly. ``?format=html`` asks for the page from any client.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from ..accept import negotiate
from ..sparql_results import GRAPH_TYPES, SOLUTION_TYPES

#: Paths whose page is served to browsers (the path of the page is the path + ".html").
NEGOTIATED = re.compile(r"^/(?:search|queries|queries/[a-z][a-z0-9_]{0,99}|sparql)$")
_CHOICES = ("application/json", "text/html")
#: /sparql: the page only when text/html beats every format the endpoint sends (``text/*`` asks
#: for CSV, TSV or Turtle; ties go to the data).
_SPARQL_CHOICES = (*SOLUTION_TYPES, *GRAPH_TYPES, "text/html")


def wants_html(accept: str | None, query_string: bytes, choices: tuple[str, ...] = _CHOICES) -> bool:
    formats = [v for k, v in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True) if k == "format"]
    if formats:
        return formats == ["html"]
    return negotiate(accept, choices) == "text/html"


class HtmlNegotiation:
    """ASGI middleware: route browsers to the HTML page of a negotiated JSON endpoint."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and NEGOTIATED.match(scope["path"]):
            accept = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"accept"), None)
            choices = _SPARQL_CHOICES if scope["path"] == "/sparql" else _CHOICES
            if wants_html(accept, scope.get("query_string", b""), choices):
                scope = dict(scope)
                scope["path"] = scope["path"] + ".html"
                scope["raw_path"] = scope["path"].encode()
        await self.app(scope, receive, send)
