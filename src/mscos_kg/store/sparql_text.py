"""A small SPARQL lexer: the form of a query, and typed values bound by a VALUES block.

A SPARQL 1.1 server has no protocol for parameter binding, so the remote store binds the
caller's typed terms by putting one `VALUES` block at the start of the query's outermost
WHERE group. Nothing is pasted into the text but terms the project built itself
(`pyoxigraph.NamedNode` validates IRIs; `Literal` escapes its value in N-Triples form), and
the place is found by lexing the query (comments, strings and IRIs skipped), not by searching
for a substring. Named queries use their parameters in the outermost group and project them,
so the block has the same meaning as pyoxigraph's substitutions; the manifest tests run every
named query both ways.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pyoxigraph import Literal, NamedNode

from mscos_kg.store.errors import QueryFormError, QuerySyntaxError


class QueryForm(StrEnum):
    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"


_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-.]*(?::[A-Za-z0-9_\-.:%]*)?|:[A-Za-z0-9_\-.:%]*")
_VAR = re.compile(r"[?$][A-Za-z0-9_]+")
_LONG_STRING = re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"", re.S)
_STRING = re.compile(r"'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\"")


@dataclass(frozen=True)
class Token:
    kind: str  # "word" | "var" | "punct"
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of a query: words, variables and punctuation.

    Comments, strings and IRIs are skipped (they cannot hold a keyword or a brace that counts).
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "'\"":
            m = _LONG_STRING.match(text, i) or _STRING.match(text, i)
            if m is None:
                raise QuerySyntaxError(f"unterminated string at character {i}")
            i = m.end()
        elif c == "<" and (m := _IRI.match(text, i)) is not None:
            i = m.end()
        elif c in "?$" and (m := _VAR.match(text, i)) is not None:
            yield Token("var", m.group(), i)
            i = m.end()
        elif (m := _WORD.match(text, i)) is not None:
            yield Token("word", m.group(), i)
            i = m.end()
        else:
            yield Token("punct", c, i)
            i += 1


def query_form(text: str) -> QueryForm:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; an update or anything else is refused."""
    for token in tokens(text):
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word in QueryForm.__members__:
            return QueryForm(word)
        if word in _UPDATE_WORDS:
            raise QueryFormError("this is a SPARQL update; only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are run")
    raise QuerySyntaxError("no SELECT, ASK, CONSTRUCT or DESCRIBE found: not a SPARQL query")


def where_group_start(text: str) -> int:
    """The index just after the `{` that opens the outermost WHERE group of a query."""
    form = query_form(text)
    parens = braces = 0
    after_where = False
    skipped_template = False
    seen_form = False
    for token in tokens(text):
        if token.kind == "word" and token.text.upper() == form.value:
            seen_form = True
        elif token.kind == "word" and token.text.upper() == "WHERE" and parens == 0 and braces == 0:
            after_where = True
        elif token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif token.text == "{":
            if braces == 0 and parens == 0 and seen_form:
                if form is QueryForm.CONSTRUCT and not after_where and not skipped_template:
                    skipped_template = True
                else:
                    return token.start + 1
            braces += 1
        elif token.text == "}":
            braces -= 1
    raise QuerySyntaxError("the query has no WHERE group")


def serialize_term(term: NamedNode | Literal) -> str:
    """A term in N-Triples form, which is also valid SPARQL."""
    if not isinstance(term, NamedNode | Literal):
        raise TypeError(f"only IRIs and literals can be bound, not {type(term).__name__}")
    return str(term)


def bind_values(text: str, bindings: Mapping[str, NamedNode | Literal]) -> str:
    """The query with one VALUES block binding `bindings` at the start of its WHERE group."""
    if not bindings:
        return text
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
    head = " ".join(f"?{name}" for name in names)
    row = " ".join(serialize_term(bindings[name]) for name in names)
    at = where_group_start(text)
    return f"{text[:at]} VALUES ({head}) {{ ({row}) }} {text[at:]}"
