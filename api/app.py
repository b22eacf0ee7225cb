"""The app factory: ``create_app(settings)``. Nothing happens at import time.

The lifespan loads the vocabulary once and opens the store named by ``settings.store``
(``memory``, a directory, or a URL; see ``api/store.py``). Routers are included below, one line
each.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from mscos_kg import __version__
from mscos_kg.config import Settings

from .docs_page import install_docs
from .errors import install_error_handlers
from .openapi import install_openapi

if TYPE_CHECKING:
    from .offload import VocabularyWorkers
    from .vocabulary import Vocabulary

#: Every response header the service sets beyond the CORS-safelisted ones, readable by scripts
#: of other origins (a test checks each of them is listed here).
EXPOSED_HEADERS = (
    "ETag", "Content-Location", "Content-Disposition", "Link", "Vary", "Retry-After",
    "X-MSCOS-Truncated", "X-SPARQL-MaxRows", "WWW-Authenticate",
)


def _warm(vocabulary: Vocabulary, workers: VocabularyWorkers | None) -> None:
    """Precompute every representation, then move what start-up built out of the collector's sight:
    the vocabulary's many long-lived objects otherwise make each full collection slower."""
    vocabulary.warm()
    gc.freeze()
    if workers is not None:
        workers.start_once()


def create_app(settings: Settings | None = None, *, warm: bool = True) -> FastAPI:
    """The service. ``warm=False`` skips precomputing every representation (tests that build many apps)."""
    settings = settings if settings is not None else Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from .offload import workers_of
        from .store import close_store, open_store
        from .vocabulary import Vocabulary

        # Query threads hold the GIL while they turn rows into Python objects; every switch interval
        # (5 ms by default) the loop may wait behind each of them. 1 ms keeps /health under load quick.
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
        vocabulary = Vocabulary.load(settings)
        app.state.vocabulary = vocabulary
        app.state.store = open_store(settings, vocabulary.turtle)
        # Precompute every representation off the event loop; a request that comes first
        # computes (and caches) its own.
        if warm:
            # The processes for reconciliation and search (api/offload.py) start once warm: both at
            # once slowed start-up on a busy machine; until then their jobs run in threads.
            workers = workers_of(app)
            threading.Thread(target=_warm, args=(vocabulary, workers), name="vocabulary-warm", daemon=True).start()
        try:
            yield
        finally:
            for name in ("vocabulary_workers", "validation_workers"):
                pool = getattr(app.state, name, None)
                if pool is not None:
                    pool.close()
            close_store(app.state.store)

    app = FastAPI(
        title="MSCOS knowledge graph",
        version=__version__,
        description="Identifiers, search, reconciliation and queries for the Modern Slavery Core Outcome Set.",
        lifespan=lifespan,
        docs_url=None,  # served by install_docs without a CDN (api/docs_page.py)
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    install_docs(app)
    install_openapi(app)
    # The web front (docs/web.md): browsers get HTML pages at /search and /queries[/{name}].
    from .fast_queries import NamedQueryFastPath
    from .fast_resolution import ResolutionFastPath
    from .web.negotiation import HtmlNegotiation

    # Innermost: GET /queries/{name} and /id/{identifier} answered without routing
    # (api/fast_queries.py, api/fast_resolution.py).
    app.add_middleware(NamedQueryFastPath)
    app.add_middleware(ResolutionFastPath)
    app.add_middleware(HtmlNegotiation)
    # Per-client limits on expensive requests (api/limits.py): outside the fast paths, so they count too.
    from .limits import ClientLimits, Limits

    app.add_middleware(ClientLimits, limits=Limits.from_settings(settings))
    # CORS for reading from any origin (the Reconciliation API requires it). No credentials and no
    # Authorization header: cross-origin browsers cannot write (PUT/DELETE need a preflight we refuse).
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "If-None-Match"],
        expose_headers=list(EXPOSED_HEADERS),
        max_age=86400,
    )

    # Routes are matched in order, one by one (about 60 of them): the named queries and SPARQL come
    # first, as each route tried before them costs a few us per request (profiled; docs/api.md). The
    # identifier routes are served by ResolutionFastPath before routing. web_queries stays before
    # queries: /queries/{name} would otherwise take /queries/{name}.html.
    from .routes import (
        datasets,
        health,
        lookup,
        mapping,
        queries,
        reconcile,
        resolve,
        search,
        sparql,
        validate,
        web,
        web_map,
        web_queries,
        web_sparql,
        web_validate,
    )

    app.include_router(health.router)
    app.include_router(web_queries.router)
    app.include_router(queries.router)
    app.include_router(web_sparql.router)
    app.include_router(sparql.router)
    app.include_router(resolve.router)
    app.include_router(lookup.router)
    app.include_router(search.router)
    app.include_router(reconcile.router)
    # The web front for people (docs/web.md).
    app.include_router(web.router)
    app.include_router(web_validate.router)
    app.include_router(web_map.router)
    app.mount("/static", StaticFiles(packages=[("mscos_api", "static")]), name="static")
    # Validation and partner datasets (web_validate's GET /validate page comes before POST /validate).
    app.include_router(validate.router)
    app.include_router(datasets.router)
    app.include_router(mapping.router)  # after web_map's GET /map page
    return app
