"""Identifier resolution: every IRI the vocabulary mints, by path under the base, and ``/resource``.

The service answers for its own host what the persistent base (``settings.base_iri``, e.g.
``https://w3id.org/mscos/``) names: ``/id/000101`` is ``<base>id/000101``. A file extension
(``/id/000101.ttl``) or ``?format=`` picks a format; otherwise the Accept header does.
"""

from __future__ import annotations

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


GET_HEAD = ["GET", "HEAD"]
# The identifier routes take no injected dependencies (see deps.vocabulary_of): ``format`` is read
# from the query string and documented here.
FORMAT_DOC: dict[str, Any] = {"parameters": [{
    "name": "format", "in": "query", "required": False, "description": FORMAT_HELP,
    "schema": {"type": "string", "maxLength": 64},
}]}


def _format(request: Request) -> str | None:
    value = request.query_params.get("format")
    if value is not None and len(value) > 64:
        raise ApiError(422, "invalid_parameter", "query.format: at most 64 characters")
    return value


@router.api_route("/id/{identifier}", methods=GET_HEAD, openapi_extra=FORMAT_DOC,
                  summary="A concept or resource by its six-digit id (add .ttl, .jsonld, ... for a format)")
async def resolve_id(request: Request, identifier: str) -> Response:
    return resolve_path(request, vocabulary_of(request), f"id/{identifier}", _format(request))


@router.api_route("/scheme/{key}", methods=GET_HEAD, openapi_extra=FORMAT_DOC,
                  summary="A concept scheme, with its concepts")
async def resolve_scheme(request: Request, key: str) -> Response:
    return resolve_path(request, vocabulary_of(request), f"scheme/{key}", _format(request))


@router.api_route("/scheme/{key}/{version}", methods=GET_HEAD, openapi_extra=FORMAT_DOC,
                  summary="A version of a concept scheme")
async def resolve_scheme_version(request: Request, key: str, version: str) -> Response:
    return resolve_path(request, vocabulary_of(request), f"scheme/{key}/{version}", _format(request))


@router.api_route("/ontology", methods=GET_HEAD, openapi_extra=FORMAT_DOC,
                  summary="The whole vocabulary (the ontology IRI)")
async def resolve_ontology(request: Request) -> Response:
    return resolve_path(request, vocabulary_of(request), "ontology", _format(request))


@router.api_route("/ontology.{extension}", methods=GET_HEAD,
                  summary="The whole vocabulary as a file: .ttl, .jsonld, .rdf, .nt, .json or .html")
async def resolve_ontology_file(request: Request, extension: str) -> Response:
    return resolve_path(request, vocabulary_of(request), f"ontology.{extension}", None)


@router.api_route("/ontology/{version}", methods=GET_HEAD, openapi_extra=FORMAT_DOC,
                  summary="A version of the vocabulary")
async def resolve_ontology_version(request: Request, version: str) -> Response:
    return resolve_path(request, vocabulary_of(request), f"ontology/{version}", _format(request))


@router.api_route("/source/{rest:path}", methods=GET_HEAD, openapi_extra=FORMAT_DOC,
                  summary="A source document or section")
async def resolve_source(request: Request, rest: str) -> Response:
    return resolve_path(request, vocabulary_of(request), f"source/{rest}", _format(request))


@router.api_route("/def/{name}", methods=GET_HEAD, openapi_extra=FORMAT_DOC,
                  summary="A class or property of the MSCOS ontology")
async def resolve_term(request: Request, name: str) -> Response:
    return resolve_path(request, vocabulary_of(request), f"def/{name}", _format(request))


@router.api_route("/agent/{key}", methods=GET_HEAD, openapi_extra=FORMAT_DOC,
                  summary="An agent (creator, publisher)")
async def resolve_agent(request: Request, key: str) -> Response:
    return resolve_path(request, vocabulary_of(request), f"agent/{key}", _format(request))


@router.api_route("/resource", methods=GET_HEAD, summary="Any IRI of the graph, by ?uri=")
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


@router.api_route("/download", methods=GET_HEAD, summary="Download the whole vocabulary in one format")
async def download(
    request: Request, vocabulary: VocabularyDep,
    format: Annotated[str, Query(description="ttl, jsonld, rdfxml or nt (html and json also work)",
                                 max_length=64)] = "ttl",
) -> Response:
    resource = vocabulary.resource(vocabulary.ontology_iri)
    if resource is None:
        raise ApiError(503, "starting", "The vocabulary is not loaded.")
    return represent(request, vocabulary, resource, format, download=True)
