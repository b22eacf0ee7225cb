"""The app factory: ``create_app(settings)``. Nothing happens at import time.

The lifespan loads the vocabulary once and opens the store named by ``settings.store``
(``memory``, a directory, or a URL; see ``api/store.py``). Routers are included below, one line
each.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from mscos_kg import __version__
from mscos_kg.config import Settings

from .errors import install_error_handlers


def create_app(settings: Settings | None = None, *, warm: bool = True) -> FastAPI:
    """The service. ``warm=False`` skips precomputing every representation (tests that build many apps)."""
    settings = settings if settings is not None else Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from .store import close_store, open_store
        from .vocabulary import Vocabulary

        vocabulary = Vocabulary.load(settings)
        app.state.vocabulary = vocabulary
        app.state.store = open_store(settings, vocabulary.turtle)
        # Precompute every representation off the event loop; a request that comes first
        # computes (and caches) its own.
        if warm:
            threading.Thread(target=vocabulary.warm, name="vocabulary-warm", daemon=True).start()
        try:
            yield
        finally:
            close_store(app.state.store)

    app = FastAPI(
        title="MSCOS knowledge graph",
        version=__version__,
        description="Identifiers, search, reconciliation and queries for the Modern Slavery Core Outcome Set.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    # The web front (docs/web.md): browsers get HTML pages at /search and /queries[/{name}].
    from .web.negotiation import HtmlNegotiation

    app.add_middleware(HtmlNegotiation)
    # CORS for reading from any origin (the Reconciliation API requires it). No credentials and no
    # Authorization header: cross-origin browsers cannot write (PUT/DELETE need a preflight we refuse).
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "If-None-Match"],
        expose_headers=["ETag", "Content-Location", "Link", "Vary"],
        max_age=86400,
    )

    from .routes import health, lookup, reconcile, resolve, search

    app.include_router(health.router)
    app.include_router(resolve.router)
    app.include_router(lookup.router)
    app.include_router(search.router)
    app.include_router(reconcile.router)
    # The web front for people (docs/web.md), before /queries/{name}, which would take /queries/{name}.html.
    from .routes import web, web_queries, web_validate

    app.include_router(web.router)
    app.include_router(web_queries.router)
    app.include_router(web_validate.router)
    app.mount("/static", StaticFiles(packages=[("mscos_api", "static")]), name="static")
    # Store-facing routers (SPARQL, named queries, validation, datasets): one include line each.
    from .routes import datasets, queries, sparql, validate

    app.include_router(sparql.router)
    app.include_router(queries.router)
    app.include_router(validate.router)
    app.include_router(datasets.router)
    return app
