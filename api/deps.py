"""FastAPI dependencies. Tests replace any of them with ``app.dependency_overrides[fn] = ...``.

The objects live on ``app.state`` (set by the lifespan in ``api/app.py``); nothing here does work
at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import Request

from mscos_kg.config import Settings

from .errors import ApiError

if TYPE_CHECKING:
    from .vocabulary import Vocabulary


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_vocabulary(request: Request) -> Vocabulary:
    vocabulary: Vocabulary | None = getattr(request.app.state, "vocabulary", None)
    if vocabulary is None:
        raise ApiError(503, "starting", "The vocabulary is still loading; retry in a moment.")
    return vocabulary


async def get_store(request: Request) -> Any:
    """The store opened from ``settings.store`` (see ``api/store.py`` for the seam)."""
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise ApiError(503, "starting", "The store is not open yet; retry in a moment.")
    return store


def vocabulary_of(request: Request) -> Vocabulary:
    """``get_vocabulary`` without dependency injection, for the hot identifier routes.

    FastAPI's dependency solving costs more than serving a precomputed representation, so the
    resolution routes read the vocabulary from here; ``dependency_overrides`` of
    ``get_vocabulary`` still apply (a synchronous override is called directly).
    """
    override = request.app.dependency_overrides.get(get_vocabulary)
    if override is not None:
        vocabulary: Vocabulary = override()
        return vocabulary
    found: Vocabulary | None = getattr(request.app.state, "vocabulary", None)
    if found is None:
        raise ApiError(503, "starting", "The vocabulary is still loading; retry in a moment.")
    return found
