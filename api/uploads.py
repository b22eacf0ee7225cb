"""Reading an uploaded dataset: the size limit first, then its format.

The body is read as a stream and refused with 413 as soon as it passes
`settings.max_upload_bytes` (a larger Content-Length is refused before reading anything).
The format comes from `?format=`, else the Content-Type, else (multipart) the file part's
Content-Type or file name suffix; reading and validating is `mscos_kg.validation.intake`, the
check every path shares (it refuses remote JSON-LD contexts and XML DTDs/entities).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from mscos_kg.config import Settings
from mscos_kg.validation import DatasetReadError, InputFormat, ValidationOptions
from mscos_kg.validation.intake import Checked, IntakeOptions, check_bytes

from .errors import ApiError

MEDIA_TYPES: dict[str, InputFormat] = {
    "text/turtle": InputFormat.TURTLE,
    "application/x-turtle": InputFormat.TURTLE,
    "application/ld+json": InputFormat.JSONLD,
    "application/json": InputFormat.JSONLD,
    "application/rdf+xml": InputFormat.RDFXML,
    "application/n-triples": InputFormat.NTRIPLES,
    "text/csv": InputFormat.CSV,
}
FORMAT_NAMES: dict[str, InputFormat] = {
    "turtle": InputFormat.TURTLE, "ttl": InputFormat.TURTLE,
    "jsonld": InputFormat.JSONLD, "json-ld": InputFormat.JSONLD,
    "rdfxml": InputFormat.RDFXML, "xml": InputFormat.RDFXML, "rdf": InputFormat.RDFXML,
    "ntriples": InputFormat.NTRIPLES, "nt": InputFormat.NTRIPLES,
    "csv": InputFormat.CSV,
}
MULTIPART = "multipart/form-data"

#: The OpenAPI request body of the upload endpoints (one entry per accepted media type).
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The dataset: Turtle, JSON-LD, RDF/XML, N-Triples or the CSV spreadsheet template, "
        "as the body or as the `file` part of a multipart form.",
        "content": {
            **{media: {"schema": {"type": "string"}} for media in MEDIA_TYPES},
            MULTIPART: {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            },
        },
    }
}


@dataclass(frozen=True)
class Upload:
    data: bytes
    name: str
    format: InputFormat | None


def too_large(limit: int) -> ApiError:
    return ApiError(413, "payload_too_large", f"The upload is larger than the limit of {limit:,} bytes.")


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise too_large(limit)
    return bytes(body)


def _media_type(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


def _format_param(request: Request) -> InputFormat | None:
    name = request.query_params.get("format")
    if name is None:
        return None
    try:
        return FORMAT_NAMES[name.strip().lower()]
    except KeyError:
        known = ", ".join(sorted(FORMAT_NAMES))
        raise ApiError(400, "unknown_format", f"Unknown format {name[:40]!r}; use one of {known}.") from None


async def _single(data: bytes) -> AsyncGenerator[bytes, None]:
    yield data


async def _multipart(request: Request, data: bytes, limit: int) -> tuple[bytes, str, InputFormat | None]:
    parser = MultiPartParser(request.headers, _single(data), max_files=1, max_fields=4, max_part_size=limit)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise ApiError(400, "bad_multipart", f"The multipart form cannot be read: {exc.message}") from None
    part = form.get("file")
    if not isinstance(part, UploadFile):
        raise ApiError(400, "missing_file", "The multipart form has no 'file' part holding the dataset.")
    content = await part.read()
    await form.close()
    fmt = MEDIA_TYPES.get(_media_type(part.content_type))
    name = part.filename or "upload"
    return content, name, fmt


async def read_upload(request: Request, limit: int) -> Upload:
    """The uploaded bytes, a name for messages, and the format when the request says it."""
    explicit = _format_param(request)
    kind = _media_type(request.headers.get("content-type"))
    if kind != MULTIPART and kind not in MEDIA_TYPES and explicit is None:
        accepted = ", ".join([*MEDIA_TYPES, MULTIPART])
        raise ApiError(415, "unsupported_media_type", f"Send the dataset as one of: {accepted} (or give ?format=).")
    data = await read_body(request, limit)
    if kind == MULTIPART:
        content, name, fmt = await _multipart(request, data, limit)
        by_suffix = None if fmt or explicit or "." not in name else _suffix_format(name)
        return Upload(content, name, explicit or fmt or by_suffix)
    return Upload(data, "upload", explicit or MEDIA_TYPES.get(kind))


def _suffix_format(name: str) -> InputFormat | None:
    try:
        return InputFormat.from_name(name)
    except Exception:
        return None


def check_upload(upload: Upload, settings: Settings, *, whole_graph: bool = True) -> Checked:
    """Read and validate the upload as every path does (blocking: call it from a worker thread);
    raises DatasetReadError. `whole_graph=False`: Turtle and N-Triples streamed (same results),
    for callers that need no rdflib graph of the data (PUT /datasets)."""
    options = IntakeOptions(
        ValidationOptions(threshold=settings.disclosure_threshold),
        max_bytes=settings.max_upload_bytes,
        whole_graph=whole_graph,
    )
    return check_bytes(upload.data, name=upload.name, format=upload.format, options=options)


def unreadable(exc: DatasetReadError) -> ApiError:
    """400 for an upload that cannot be read, pointing at the place (line, row, column)."""
    return ApiError(400, "unreadable_dataset", str(exc), extra={"location": exc.to_json()})

