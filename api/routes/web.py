"""The web front's own pages: home, search, coverage, differences between the sources.

Concept and scheme pages are the resolution routes' ``text/html`` representation
(``api/pages.py``); the query and validation pages are in ``web_queries.py`` and
``web_validate.py``. No page is in the OpenAPI document: they are for people (docs/web.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from mscos_kg.config import Settings
from mscos_kg.queries import Catalog
from mscos_kg.search import MAX_QUERY_CHARS, Hit
from mscos_kg.store.errors import StoreError

from ..deps import get_settings, get_store, vocabulary_of
from ..errors import ApiError
from ..named_queries import get_catalog
from ..offload import off_loop
from ..query_runner import Deadline, QueryRunner, RunTimeoutError, get_query_runner
from ..vocabulary import Vocabulary
from ..web import charts, coverage, differences, practice_model, render
from ..web.site import TYPE_CHOICES, Site
from .search import options

router = APIRouter(include_in_schema=False)
GET_HEAD = ["GET", "HEAD"]
SEARCH_LIMIT = 50
MATCH_WORDS = {
    "label": "same name", "notation": "same notation", "label_prefix": "name starts so",
    "notation_prefix": "notation starts so", "alt_label": "another name", "alt_label_prefix": "another name starts so",
    "text": "words in its text",
}
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Any, Depends(get_store)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]
RunnerDep = Annotated[QueryRunner, Depends(get_query_runner)]


def error_page(status: int, title: str, message: str, **extra: Any) -> Response:
    return render.page("error.html", status_code=status, title=title, message=message, **extra)


def html_bytes(body: bytes, status_code: int = 200) -> Response:
    return Response(body, status_code, media_type="text/html; charset=utf-8", headers=render.page_headers())


def cached_page(site: Site, key: str, build: Callable[[], str]) -> Response:
    """A page that only depends on the vocabulary: rendered once, then sent as bytes."""
    body = site.cache.get(key)
    if body is None:
        body = site.cache[key] = build().encode("utf-8")
    return html_bytes(body)


def _home(site: Site) -> str:
    vocabulary = site.vocabulary
    longlist = site.scheme_iri("longlist")
    sections, _ = site.sections(longlist) if longlist in vocabulary.minted else ([], [])
    model = practice_model.from_site(site)
    return render.render(
        "home.html", current="/", site=site, version=vocabulary.version, core=site.core, domains=sections,
        model=model, figure=practice_model.draw(model), schemes=[c for c in site.scheme_choices if c.value],
        types=TYPE_CHOICES,
    )


@router.api_route("/", methods=GET_HEAD)
async def home(request: Request) -> Response:
    site = Site.of(vocabulary_of(request))
    return cached_page(site, "home", lambda: _home(site))


@router.api_route("/search.html", methods=GET_HEAD)
async def search_page(request: Request) -> Response:
    vocabulary = vocabulary_of(request)
    params = request.query_params
    q = params.get("q", "").strip()
    type_, scheme = params.get("type") or None, params.get("scheme") or None
    # Ranking and rendering 50 hits: milliseconds of CPU, off the event loop (api/offload.py).
    status, html = await off_loop(request, vocabulary, _search_page, q, type_, scheme)
    return HTMLResponse(html, status, headers=render.page_headers())


def _search_page(vocabulary: Vocabulary, q: str, type_: str | None, scheme: str | None) -> tuple[int, str]:
    site = Site.of(vocabulary)
    context: dict[str, Any] = {"current": "/search", "q": q, "type": type_ or "", "scheme": scheme or "",
                               "types": TYPE_CHOICES, "schemes": site.scheme_choices, "hits": [], "error": None,
                               "version": vocabulary.version}
    status = 200
    if len(q) > MAX_QUERY_CHARS:
        context["error"], status = f"The search is too long: at most {MAX_QUERY_CHARS} characters.", 400
    elif q:
        try:
            found = vocabulary.index.search_page(q, options(vocabulary, scheme, type_, False, SEARCH_LIMIT))
        except ApiError as exc:
            context["error"], status = exc.message, exc.status
        else:
            context["hits"], context["total"] = [_hit(site, h) for h in found.hits], found.total
    return status, render.render("search.html", **context)


def _hit(site: Site, hit: Hit) -> dict[str, Any]:
    item = site.vocabulary.item(hit.entry.iri)
    return {"item": item, "href": site.vocabulary.href(item.iri), "kind": site.kind(item.iri),
            "match": MATCH_WORDS.get(hit.match, hit.match), "score": hit.score}


@router.api_route("/coverage", methods=GET_HEAD)
async def coverage_page(request: Request, settings: SettingsDep, store: StoreDep, catalog: CatalogDep,
                        runner: RunnerDep) -> Response:
    site = Site.of(vocabulary_of(request))

    def job(_: Deadline) -> coverage.Coverage:
        return coverage.compute(store, catalog, settings.base_iri, site.core)

    try:
        data = await runner.run(job, settings.query_timeout_s)
    except (RunTimeoutError, StoreError, ApiError) as exc:
        return error_page(503, "Coverage is not available right now", f"The store did not answer: {exc}")
    rows = [r.chart_row() for r in data.rows]
    return render.page(
        "coverage.html", current="/coverage", data=data, version=site.vocabulary.version,
        heat_map=charts.heat_map(data.columns, rows) if rows else None,
        counts=charts.outcome_counts(data.columns, data.counts, len(rows)) if rows else None,
    )


@router.api_route("/differences", methods=GET_HEAD)
async def differences_page(request: Request, settings: SettingsDep, store: StoreDep, catalog: CatalogDep,
                           runner: RunnerDep) -> Response:
    site = Site.of(vocabulary_of(request))
    if "differences" in site.cache:
        return html_bytes(site.cache["differences"])

    def job(_: Deadline) -> list[differences.Difference]:
        return differences.compute(store, catalog, site)

    try:
        found = await runner.run(job, settings.query_timeout_s)
    except (RunTimeoutError, StoreError, ApiError) as exc:
        return error_page(503, "The differences are not available right now", f"The store did not answer: {exc}")
    body = render.render("differences.html", current="/differences", differences=found,
                         version=site.vocabulary.version).encode("utf-8")
    if found:  # an empty answer may be a store still loading: do not keep it
        site.cache["differences"] = body
    return html_bytes(body)
