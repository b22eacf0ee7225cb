"""Reading a SPARQL 1.1 Protocol query request (section 2.1): GET, POST form or POST direct.

The request is checked before anything runs: exactly one `query`; no `update` (this endpoint is
read-only); a supported Content-Type; UTF-8; the length limit; dataset IRIs that are absolute
IRIs. Each failure is an `ApiError` with a stable code.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import Request

from mscos_kg.store import Dataset

from .errors import ApiError

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")


@dataclass(frozen=True)
class QueryRequest:
    query: str | None  # None: no query at all (GET: the service description)
    dataset: Dataset | None


def _update_refused() -> ApiError:
    return ApiError(
        403, "update_refused", "This endpoint is read-only: SPARQL Update requests are not accepted."
    )


def _too_long(limit: int, status: int) -> ApiError:
    return ApiError(status, "query_too_long", f"The query is longer than the limit of {limit:,} characters.")


def _media_type(request: Request) -> tuple[str, dict[str, str]]:
    header = request.headers.get("content-type", "")
    kind, *params = [part.strip() for part in header.split(";")]
    parameters: dict[str, str] = {}
    for param in params:
        name, _, value = param.partition("=")
        parameters[name.strip().lower()] = value.strip().strip('"')
    return kind.lower(), parameters


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_long(limit // 4, 413)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise _too_long(limit // 4, 413)
    return bytes(body)


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "not_utf8", f"The {what} is not UTF-8 text.") from None


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ApiError(400, "bad_request", f"Give exactly one '{name}' parameter, not {len(values)}.")
    return values[0] if values else None


def _graphs(values: list[str], name: str) -> tuple[ox.NamedNode, ...]:
    graphs = []
    for value in values:
        try:
            graphs.append(ox.NamedNode(value))
        except ValueError:
            message = f"'{name}' must be an absolute IRI, not {value[:200]!r}."
            raise ApiError(400, "invalid_graph_iri", message) from None
    return tuple(graphs)


def _dataset(params: list[tuple[str, str]]) -> Dataset | None:
    default = [v for k, v in params if k == "default-graph-uri"]
    named = [v for k, v in params if k == "named-graph-uri"]
    if not default and not named:
        return None
    return Dataset(_graphs(default, "default-graph-uri"), _graphs(named, "named-graph-uri"))


def _from_params(params: list[tuple[str, str]], max_chars: int, status: int) -> QueryRequest:
    if any(key == "update" for key, _ in params):
        raise _update_refused()
    query = _one([v for k, v in params if k == "query"], "query")
    if query is not None and len(query) > max_chars:
        raise _too_long(max_chars, status)
    return QueryRequest(query, _dataset(params))


async def read_query_request(request: Request, max_chars: int) -> QueryRequest:
    """The query and dataset of a GET or POST request to /sparql."""
    url_params = list(request.query_params.multi_items())
    if request.method in ("GET", "HEAD"):
        return _from_params(url_params, max_chars, 414)
    kind, parameters = _media_type(request)
    charset = parameters.get("charset", "utf-8").lower()
    if kind == UPDATE:
        raise _update_refused()
    if kind not in (FORM, DIRECT):
        raise ApiError(
            415,
            "unsupported_media_type",
            f"POST a query as {FORM} or {DIRECT} (got {kind or 'no Content-Type'}).",
        )
    if charset not in ("utf-8", "utf8"):
        raise ApiError(415, "unsupported_charset", f"The query must be UTF-8 (got charset={charset}).")
    body = await _read_body(request, max_chars * 4 + 4096)
    if kind == FORM:
        try:
            form = parse_qsl(_decode(body, "form body"), keep_blank_values=True, strict_parsing=False)
        except ValueError:
            raise ApiError(400, "bad_request", "The form body is not URL-encoded.") from None
        parsed = _from_params(url_params + form, max_chars, 413)
        if parsed.query is None:
            raise ApiError(400, "missing_query", "The form has no 'query' parameter.")
        return parsed
    if any(key in ("query", "update") for key, _ in url_params):
        if any(key == "update" for key, _ in url_params):
            raise _update_refused()
        raise ApiError(400, "bad_request", "With application/sparql-query the query is the body, not a parameter.")
    text = _decode(body, "query")
    if len(text) > max_chars:
        raise _too_long(max_chars, 413)
    return QueryRequest(text, _dataset(url_params))
