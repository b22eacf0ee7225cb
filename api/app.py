"""The app factory: ``create_app(settings)``. Nothing happens at import time.

The lifespan loads the vocabulary once and opens the store named by ``settings.store``
(``memory``, a directory, or a URL; see ``api/store.py``). Routers are included below, one line
each.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from mscos_kg import __version__
from mscos_kg.config import Settings

from .errors import install_error_handlers


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings if settings is not None else Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from .store import close_store, open_store
        from .vocabulary import Vocabulary

        vocabulary = Vocabulary.load(settings)
        app.state.vocabulary = vocabulary
        app.state.store = open_store(settings, vocabulary.turtle)
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

    from .routes import health

    app.include_router(health.router)
    # Store-facing routers (SPARQL, named queries, validation, datasets): one include line each.
    return app
