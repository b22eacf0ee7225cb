"""The Jinja2 environment of every page (autoescape on) and the HTML responses the routes send.

Assets are served by the service itself (``/static``); their URLs carry a content hash so that
browsers may cache them for long. Pages forbid every outside origin (Content-Security-Policy):
scripts, styles, images, fonts, forms and fetches stay on the service.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
from fastapi.responses import HTMLResponse

#: Everything a page may load comes from the service itself.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'self'"
)
#: The same policy as a <meta> element allows it (no frame-ancestors), for pages cached as bytes.
META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'self'", "")
ASSETS = ("site.css", "site.js", "favicon.svg")
NAVIGATION = (
    ("/", "Home"),
    ("/scheme/core", "Core outcomes"),
    ("/scheme/longlist", "Longlist"),
    ("/search", "Search"),
    ("/queries", "Queries"),
    ("/validate", "Check a dataset"),
    ("/map", "Map your outcomes"),
    ("/coverage", "Coverage"),
    ("/differences", "Differences between sources"),
)


@cache
def asset_url(name: str) -> str:
    """``/static/NAME?v=HASH``: a new URL whenever the file changes."""
    content = files("mscos_api").joinpath("static", name).read_bytes()
    return f"/static/{name}?v={hashlib.blake2b(content, digest_size=6).hexdigest()}"


@cache
def environment() -> jinja2.Environment:
    """One environment per process (templates compile once)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mscos_api", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        asset=asset_url, navigation=NAVIGATION, csp=META_CONTENT_SECURITY_POLICY,
    )
    env.filters["natural_join"] = natural_join
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A rendered page with the security headers every page carries."""
    return HTMLResponse(render(template, **context), status_code=status_code, headers=page_headers())


def page_headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Vary": "Accept",
    }


def natural_join(items: list[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
