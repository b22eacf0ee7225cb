"""What a SPARQL request may do on a public, read-only endpoint: the checks made before a query runs.

* `query_form(text)`: the query form (SELECT, ASK, CONSTRUCT, DESCRIBE), found by the store's
  lexer (`mscos_kg.store.sparql_text`), so that content negotiation can answer 406 before any
  work and updates are refused with a clear message.
* `check_no_service(text)`: refuses federated queries. pyoxigraph *does* send HTTP requests for
  `SERVICE <url>` (measured: it calls any URL, including 127.0.0.1), so a public endpoint must
  refuse them. `FROM` / `FROM NAMED` are harmless on Oxigraph: they select graphs of the store
  and are never fetched (a graph the store lacks is empty), so they are allowed.

Why `check_no_service` asks Oxigraph instead of scanning tokens: a lexer that skips strings,
IRIs and comments can be fooled where the grammar is context dependent. In
``FILTER(?a<'>') SERVICE <http://evil/> {...} FILTER(?b!='x')`` a longest-match lexer reads
``<'>`` as an IRI and then hides ``SERVICE`` inside a string, while Oxigraph reads ``<`` as
"less than" and calls the service. So every case-insensitive occurrence of "service" is
neutralised in a same-length copy of the query (its last letter becomes "x"), and Oxigraph
parses that copy on an empty store. "servicx" is valid wherever "service" is part of a string,
IRI, prefixed name, variable, language tag or comment, and a syntax error where it is the
keyword. So: the copy parses => the original calls no service. The original itself is never
evaluated here, so this check can make no request either.
"""

from __future__ import annotations

import re
from functools import cache

import pyoxigraph as ox

from mscos_kg.store.errors import QueryFormError
from mscos_kg.store.errors import QuerySyntaxError as StoreQuerySyntaxError
from mscos_kg.store.sparql_text import QueryForm
from mscos_kg.store.sparql_text import query_form as store_query_form

__all__ = [
    "QueryForm",
    "QueryRefusedError",
    "QuerySyntaxError",
    "ServiceRefusedError",
    "UpdateRefusedError",
    "check_no_service",
    "query_form",
    "returns_graph",
    "syntax_message",
]


class QueryRefusedError(Exception):
    """A query this service will not run. `code` is stable; `str(error)` is for a person."""

    code = "query_refused"


class UpdateRefusedError(QueryRefusedError):
    code = "update_refused"


class ServiceRefusedError(QueryRefusedError):
    code = "service_refused"


class QuerySyntaxError(Exception):
    """The query text is not SPARQL 1.1 (message from the parser, with line and column)."""

    code = "malformed_query"


def query_form(text: str) -> QueryForm | None:
    """The form of a query; raises `UpdateRefusedError` for an update; None when it cannot tell."""
    try:
        return store_query_form(text)
    except QueryFormError:
        raise UpdateRefusedError(
            "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is not accepted"
        ) from None
    except StoreQuerySyntaxError:
        return None  # the query's own evaluation reports the syntax error, with its position


def returns_graph(form: QueryForm) -> bool:
    """CONSTRUCT and DESCRIBE answer a graph; SELECT and ASK answer results."""
    return form in (QueryForm.CONSTRUCT, QueryForm.DESCRIBE)


_SERVICE = re.compile("service", re.IGNORECASE)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_POSITION = re.compile(r"error at (\d+):(\d+)")
_NEXT_TOKEN = re.compile(r"\s*\S*")


@cache
def _empty_store() -> ox.Store:
    """A store that stays empty: the parse oracle of `check_no_service` (never written to)."""
    return ox.Store()


def _neutralise(text: str) -> tuple[str, list[tuple[int, int]]]:
    spans: list[tuple[int, int]] = []

    def swap(match: re.Match[str]) -> str:
        spans.append(match.span())
        word = match.group()
        return word[:-1] + ("X" if word[-1].isupper() else "x")

    return _SERVICE.sub(swap, text), spans


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(part) + 1 for part in lines[: line - 1]) + column - 1


def check_no_service(text: str, *, base_iri: str | None = None) -> None:
    """Raise `ServiceRefusedError` if the query calls a SERVICE, never evaluating the original."""
    unescaped = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    if len(_SERVICE.findall(unescaped)) > len(_SERVICE.findall(text)):
        raise ServiceRefusedError("'SERVICE' written with \\u escapes is not accepted")
    neutral, spans = _neutralise(text)
    if not spans:
        return
    try:
        result = _empty_store().query(neutral, base_iri=base_iri)
    except SyntaxError as exc:
        where = _POSITION.search(str(exc))
        if where is None:
            raise _service_refusal() from None
        at = _offset(neutral, int(where.group(1)), int(where.group(2)))
        if any(start <= at <= _next_token_end(neutral, end) for start, end in spans):
            raise _service_refusal() from None
        raise QuerySyntaxError(syntax_message(str(exc))) from None
    except (OSError, RuntimeError, ValueError):
        return  # parsed (and failed only while evaluating on the empty store)
    if isinstance(result, ox.QuerySolutions | ox.QueryTriples):
        del result  # parsed; the lazy evaluation on the empty store is dropped


def _next_token_end(text: str, pos: int) -> int:
    """Where the token after `pos` ends: the parser reports the keyword's error there."""
    match = _NEXT_TOKEN.match(text, pos)
    return match.end() if match else pos


def syntax_message(parser_message: str, limit: int = 240) -> str:
    """A parser's message made readable: its first line, without the long list of expected characters."""
    first = parser_message.strip().splitlines()[0] if parser_message.strip() else "invalid query"
    if len(first) > limit:
        first = first[:limit].rsplit(",", 1)[0] + ", ..."
    return f"malformed query: {first}"


def _service_refusal() -> ServiceRefusedError:
    return ServiceRefusedError(
        "federated queries are not accepted: this endpoint makes no outbound requests (SERVICE); "
        "query the graphs of this store only"
    )
