"""A LIMIT for protocol queries the store would otherwise read whole.

The store port returns whole results (`select` / `construct` build every row before returning),
so `SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }` over the vocabulary alone would build 64 million rows
(measured: memory grows ~50 MB/s and the thread runs on long after the request's 504). On that
path the query gets a LIMIT one above the row cap: appended (before a trailing VALUES clause), or,
when the query has its own larger top-level LIMIT, that number lowered. Nothing but our own
keyword and digits is inserted; positions come from the store's lexer, which skips strings,
IRIs and comments. A LIMIT only removes rows beyond the cap, which the endpoint drops anyway.
"""

from __future__ import annotations

import re

from mscos_kg.store.errors import StoreError
from mscos_kg.store.sparql_text import Token, tokens

_NUMBER = re.compile(r"\s*(\d+)")


def _top_level(text: str) -> tuple[Token | None, int]:
    """The query's own LIMIT keyword (outside every group), and where a LIMIT may be added."""
    depth = 0
    limit: Token | None = None
    for token in tokens(text):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and token.kind == "word":
            word = token.text.upper()
            if word == "LIMIT":
                limit = token
            elif word == "VALUES":  # the trailing ValuesClause comes after the solution modifiers
                return limit, token.start
    return limit, len(text)


def limit_rows(text: str, limit: int) -> str:
    """`text` with at most `limit` solutions; unchanged if it already asks for no more."""
    try:
        existing, insert_at = _top_level(text)
    except StoreError:
        return text  # unterminated string: the parser will say so
    if existing is None:
        return f"{text[:insert_at]}\nLIMIT {limit}\n{text[insert_at:]}"
    number = _NUMBER.match(text, existing.start + len("LIMIT"))
    if number is None or int(number.group(1)) <= limit:
        return text
    return text[: number.start(1)] + str(limit) + text[number.end(1) :]
