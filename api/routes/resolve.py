"""Identifier resolution: every IRI the vocabulary mints, by path under the base, and ``/resource``.

The service answers for its own host what the persistent base (``settings.base_iri``, e.g.
``https://w3id.org/mscos/``) names: ``/id/000101`` is ``<base>id/000101``. A file extension
(``/id/000101.ttl``) or ``?format=`` picks a format; otherwise the Accept header does.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..deps import get_vocabulary, vocabulary_of
from ..errors import ApiError, not_acceptable
from ..negotiation import BY_KEY, EXTENSIONS, OFFERS, from_format, negotiate
from ..vocabulary import Resource, Vocabulary

router = APIRouter(tags=["identifiers"])

FORMAT_HELP = "html, ttl, jsonld, rdfxml, nt or json (a media type works too); overrides Accept"
FormatParam = Annotated[str | None, Query(description=FORMAT_HELP, max_length=64)]
VocabularyDep = Annotated[Vocabulary, Depends(get_vocabulary)]
OFFERED = [o.media_type for o in OFFERS]


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    candidates = [c.strip() for c in header.split(",")]
    return any(c.removeprefix("W/") == etag for c in candidates)


def _choose(request: Request, fmt: str | None, extension_key: str | None) -> str:
    if extension_key is not None:
        return extension_key
    if fmt is not None:
        key = from_format(fmt)
        if key is None:
            error = not_acceptable(OFFERED)
            error.headers["Vary"] = "Accept"
            raise error
        return key
    key = negotiate(request.headers.get("accept"))
    if key is None:
        raise ApiError(406, "not_acceptable",
                       "None of the media types in the Accept header can be served here.",
                       headers={"Vary": "Accept"}, extra={"available": OFFERED})
    return key


class PreparedResponse(Response):
    """A response whose headers were computed once, with its representation (no per-request work)."""

    def __init__(self, content: bytes, headers: list[tuple[bytes, bytes]], status_code: int = 200) -> None:
        self.status_code = status_code
        self.body = content
        self.background = None
        self.raw_headers = headers  # a fresh list each time: middleware may append to it


def represent(
    request: Request, vocabulary: Vocabulary, resource: Resource, fmt: str | None,
    extension_key: str | None = None, download: bool = False,
) -> Response:
    key = _choose(request, fmt, extension_key)
    body = vocabulary.body(resource, key)
    headers = list(body.headers)
    if download:
        filename = "mscos." + BY_KEY[key].extension
        headers.append((b"content-disposition", f'attachment; filename="{filename}"'.encode()))
    match = request.headers.get("if-none-match")
    if match is not None and _etag_matches(match, body.etag):
        kept = [h for h in headers if h[0] not in (b"content-type", b"content-length")]
        return PreparedResponse(b"", kept, status_code=304)
    return PreparedResponse(body.content, headers)


def _unknown(vocabulary: Vocabulary, iri: str) -> ApiError:
    tail = iri.rstrip("/").rsplit("/", 1)[-1]
    return ApiError(
        404, "unknown_identifier",
        f"{iri} is not an identifier of the MSCOS vocabulary"
        f"{' (version ' + vocabulary.version + ')' if vocabulary.version else ''}. "
        "Concept identifiers are six digits under id/; search by label at /search?q=.",
        extra={"iri": iri, "search": f"/search?q={quote(tail)}", "vocabulary": "/ontology"},
    )


def resolve_path(request: Request, vocabulary: Vocabulary, path: str, fmt: str | None) -> Response:
    iri = vocabulary.iri_for_path(path)
    resource = vocabulary.resource(iri) if iri in vocabulary.minted or iri in vocabulary.aliases else None
    extension_key = None
    if resource is None:
        stem, dot, extension = path.rpartition(".")
        key = EXTENSIONS.get(f".{extension}") if dot else None
        plain = vocabulary.iri_for_path(stem) if key else ""
        if key and (plain in vocabulary.minted or plain in vocabulary.aliases):
            resource, extension_key = vocabulary.resource(plain), key
    if resource is None:
        raise _unknown(vocabulary, iri)
    return represent(request, vocabulary, resource, fmt, extension_key)


# The identifier routes take no injected dependencies (see deps.vocabulary_of): one endpoint
# serves every path-based route, rebuilding the resource's path from the route's template, and
# ``format`` is read from the query string. Their parameters are documented here instead.
_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
FORMAT_PARAMETER: dict[str, Any] = {
    "name": "format", "in": "query", "required": False, "description": FORMAT_HELP,
    "schema": {"type": "string", "maxLength": 64},
}
#: (route path, operation id, summary, ``?format=`` allowed)
PATH_ROUTES: tuple[tuple[str, str, str, bool], ...] = (
    ("/id/{identifier}", "resolve_id",
     "A concept or resource by its six-digit id (add .ttl, .jsonld, ... for a format)", True),
    ("/scheme/{key}", "resolve_scheme", "A concept scheme, with its concepts", True),
    ("/scheme/{key}/{version}", "resolve_scheme_version", "A version of a concept scheme", True),
    ("/ontology", "resolve_ontology", "The whole vocabulary (the ontology IRI)", True),
    ("/ontology.{extension}", "resolve_ontology_file",
     "The whole vocabulary as a file: .ttl, .jsonld, .rdf, .nt, .json or .html", False),
    ("/ontology/{version}", "resolve_ontology_version", "A version of the vocabulary", True),
    ("/source/{rest:path}", "resolve_source", "A source document or section", True),
    ("/def/{name}", "resolve_term", "A class or property of the MSCOS ontology", True),
    ("/agent/{key}", "resolve_agent", "An agent (creator, publisher)", True),
)


def _format(request: Request) -> str | None:
    value = request.query_params.get("format")
    if value is not None and len(value) > 64:
        raise ApiError(422, "invalid_parameter", "query.format: at most 64 characters")
    return value


def _path_endpoint(template: str, with_format: bool) -> Callable[[Request], Awaitable[Response]]:
    async def resolve(request: Request) -> Response:
        params = request.path_params
        path = _PARAM.sub(lambda m: str(params[m[1]]), template)[1:]
        return resolve_path(request, vocabulary_of(request), path, _format(request) if with_format else None)

    return resolve


def _get_and_head(path: str, endpoint: Callable[..., Any], operation_id: str, **options: Any) -> None:
    """GET and HEAD as two operations (one operation id each), served by the same endpoint."""
    router.add_api_route(path, endpoint, methods=["GET"], operation_id=operation_id, **options)
    router.add_api_route(path, endpoint, methods=["HEAD"], operation_id=operation_id + "_head", **options)


for _path, _operation, _summary, _with_format in PATH_ROUTES:
    _parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                   for name in _PARAM.findall(_path)]
    _get_and_head(_path, _path_endpoint(_path, _with_format), _operation, summary=_summary,
                  openapi_extra={"parameters": [*_parameters, *([FORMAT_PARAMETER] if _with_format else [])]})


async def resolve_any(
    request: Request, vocabulary: VocabularyDep,
    uri: Annotated[str, Query(min_length=1, max_length=2048, description="An absolute IRI")],
    format: FormatParam = None,
) -> Response:
    if ":" not in uri or any(c in uri for c in " <>\"{}|\\^`"):
        raise ApiError(400, "invalid_iri", "uri must be an absolute IRI, e.g. https://w3id.org/mscos/id/000101")
    resource = vocabulary.resource(uri)
    if resource is None:
        raise _unknown(vocabulary, uri)
    return represent(request, vocabulary, resource, format)


async def download(
    request: Request, vocabulary: VocabularyDep,
    format: Annotated[str, Query(description="ttl, jsonld, rdfxml or nt (html and json also work)",
                                 max_length=64)] = "ttl",
) -> Response:
    resource = vocabulary.resource(vocabulary.ontology_iri)
    if resource is None:
        raise ApiError(503, "starting", "The vocabulary is not loaded.")
    return represent(request, vocabulary, resource, format, download=True)


_get_and_head("/resource", resolve_any, "resolve_any", summary="Any IRI of the graph, by ?uri=")
_get_and_head("/download", download, "download", summary="Download the whole vocabulary in one format")
