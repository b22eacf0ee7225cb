"""Bearer-token authentication of partners (writes only; reads are public).

Tokens are checked against `settings.tokens_file` (partner -> SHA-256 of the token, see
`mscos_kg.tokens`), re-read when the file changes so `mscos token add` needs no restart. A
missing or wrong token is 401 with `WWW-Authenticate: Bearer`; which partner may touch which
dataset is decided by the routes (403).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mscos_kg.config import Settings
from mscos_kg.tokens import TokenFileError, TokenRegistry, load_registry

from .deps import get_settings
from .errors import ApiError

log = logging.getLogger("mscos_api")

bearer = HTTPBearer(auto_error=False, description="A partner token made by `mscos token add PARTNER`.")


def _challenge(code: str, message: str) -> ApiError:
    header = 'Bearer realm="mscos"' if code == "unauthorized" else 'Bearer realm="mscos", error="invalid_token"'
    return ApiError(401, code, message, headers={"WWW-Authenticate": header})


def registry_of(request: Request, settings: Settings) -> TokenRegistry:
    """The partners' registry (tokens and namespaces) as the tokens file says now."""
    return _registry(request, settings.tokens_file)


def _registry(request: Request, path: Path | None) -> TokenRegistry:
    """The tokens file, cached on the app until it changes (inode, modification time or size)."""
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        stat = None
    key = (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size) if stat else (str(path), None, None, None)
    cached: tuple[object, TokenRegistry] | None = getattr(request.app.state, "token_registry", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        registry = load_registry(path if stat else None)
    except TokenFileError as exc:
        log.error("tokens file unusable: %s", exc)
        raise ApiError(503, "tokens_unavailable", "Partner authentication is not available; try later.") from None
    request.app.state.token_registry = (key, registry)
    return registry


def require_partner(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """The partner owning the request's bearer token (FastAPI dependency); 401 otherwise."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise _challenge("unauthorized", "This request needs a partner's bearer token (Authorization: Bearer ...).")
    partner = _registry(request, settings.tokens_file).partner_for(credentials.credentials)
    if partner is None:
        raise _challenge("invalid_token", "The bearer token is not valid.")
    return partner
