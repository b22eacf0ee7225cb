"""Reading a `/map` request: the body under the upload cap, then its form (multipart or urlencoded).

The body is read as a stream and refused with 413 past `settings.max_upload_bytes` (as every
upload, `uploads.read_body`); the form parser then works on those bytes, with bounded fields.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

from fastapi import Request
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser

from mscos_kg.mapping.outcome_list import MAX_OUTCOMES

from .errors import ApiError
from .mapping_jobs import Uploaded
from .uploads import read_body

#: A review form has four fields per local outcome (choice, predicate, search, and its button).
MAX_FIELDS = 4 * MAX_OUTCOMES + 20


async def _single(data: bytes) -> AsyncGenerator[bytes, None]:
    yield data


async def read_form(request: Request, limit: int) -> FormData:
    data = await read_body(request, limit)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if media == "multipart/form-data":
            return await MultiPartParser(request.headers, _single(data), max_files=2, max_fields=MAX_FIELDS,
                                         max_part_size=limit).parse()
        if media == "application/x-www-form-urlencoded":
            form = await FormParser(request.headers, _single(data)).parse()
            if len(form) > MAX_FIELDS:
                raise ApiError(400, "bad_form", f"The form has more than {MAX_FIELDS} fields.")
            return form
    except MultiPartException as exc:
        raise ApiError(400, "bad_multipart", f"The multipart form cannot be read: {exc.message}") from None
    raise ApiError(415, "unsupported_media_type",
                   "Send a multipart/form-data form with the list as its 'file' part.")


async def file_part(form: FormData, name: str) -> Uploaded | None:
    """The named file part, or None when absent or sent empty (a form posted without a file)."""
    part = form.get(name)
    if not isinstance(part, UploadFile):
        return None
    data = await part.read()
    if not data and not part.filename:
        return None
    return Uploaded(data, part.filename or name)


def text_field(form: FormData, name: str, max_chars: int = 500) -> str | None:
    value = form.get(name)
    if value is None or isinstance(value, UploadFile):
        return None
    if len(value) > max_chars:
        raise ApiError(400, "field_too_long", f"The field '{name}' is longer than {max_chars} characters.")
    return value
