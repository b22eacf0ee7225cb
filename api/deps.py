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


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_vocabulary(request: Request) -> Vocabulary:
    vocabulary: Vocabulary | None = getattr(request.app.state, "vocabulary", None)
    if vocabulary is None:
        raise ApiError(503, "starting", "The vocabulary is still loading; retry in a moment.")
    return vocabulary


def get_store(request: Request) -> Any:
    """The store opened from ``settings.store`` (see ``api/store.py`` for the seam)."""
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise ApiError(503, "starting", "The store is not open yet; retry in a moment.")
    return store
