"""``/health`` and ``/version``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from mscos_kg import __version__
from mscos_kg.config import Settings

from ..deps import get_settings

router = APIRouter(tags=["service"])


class Health(BaseModel):
    status: str
    vocabulary_loaded: bool


class Version(BaseModel):
    service: str
    version: str
    vocabulary_version: str | None
    base_iri: str


@router.get("/health", summary="200 once the service answers")
async def health(request: Request) -> Health:
    return Health(status="ok", vocabulary_loaded=getattr(request.app.state, "vocabulary", None) is not None)


@router.get("/version", summary="Versions of the service and of the vocabulary it serves")
async def version(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> Version:
    vocabulary = getattr(request.app.state, "vocabulary", None)
    return Version(
        service="mscos-kg",
        version=__version__,
        vocabulary_version=getattr(vocabulary, "version", None),
        base_iri=settings.base_iri,
    )
