"""A small SPARQL lexer: the form of a query, and typed values substituted for variables.

A SPARQL 1.1 server has no protocol for parameter binding, so the remote store binds the
caller's typed terms the way pyoxigraph's `substitutions` do (SPARQL-dev SEP-0007): each
occurrence of the variable in its scope is replaced by the term. Only terms the project built
itself are written (`pyoxigraph.NamedNode` validates IRIs; `Literal` escapes its value in
N-Triples form), and only at the places the lexer found a variable token (comments, strings
and IRIs are skipped): caller text never becomes query syntax. Where a constant is not
allowed by the grammar the rewrite keeps the query's meaning: a projected `?v` becomes
`(term AS ?v)` (a subquery just stops projecting it), a `?v` in GROUP BY or ORDER BY becomes
`(term)`; a subquery that does not project `?v` keeps its own `?v`. Binding a variable that
the query assigns itself (`AS ?v`, a VALUES header, `BOUND(?v)`) is refused.

Binding with a VALUES block instead gave the same answers but let Oxigraph plan much worse
(minutes instead of milliseconds for the gap analysis at 10,000 evaluations: docs/queries.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

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

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


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


@lru_cache(maxsize=512)  # asked on every store query; named queries repeat the same texts
def names_dataset(text: str) -> bool:
    """True if the query has a FROM or FROM NAMED clause (the keyword can appear nowhere else)."""
    return any(token.is_word("FROM") for token in tokens(text))


def serialize_term(term: NamedNode | Literal) -> str:
    """A term in N-Triples form, which is also valid SPARQL."""
    if not isinstance(term, NamedNode | Literal):
        raise TypeError(f"only IRIs and literals can be bound, not {type(term).__name__}")
    return str(term)


@dataclass
class _Level:
    """One query level: the outer query or a subquery."""

    projection: frozenset[str] | None  # None for SELECT *
    paren_base: int
    phase: str = "projection"  # -> "body" -> "modifiers"
    body_depth: int = -1  # brace depth outside the WHERE group
    clause: str = ""  # in the modifiers: "group", "order", "having", "limit", "values"
    visible: frozenset[str] = frozenset()
    select: bool = True  # False for the ASK, CONSTRUCT or DESCRIBE outer query


def _projection(toks: list[Token], at: int) -> frozenset[str] | None:
    """The variables a SELECT at `toks[at]` projects (None for *)."""
    depth = 0
    out: set[str] = set()
    for i in range(at + 1, len(toks)):
        token = toks[i]
        if depth == 0 and (token.text == "{" or token.is_word("WHERE", "FROM")):
            break
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "*" and depth == 0:
            return None
        elif token.kind == "var" and (depth == 0 or toks[i - 1].is_word("AS")):
            out.add(token.text[1:])
    return frozenset(out)


def substitute(text: str, bindings: Mapping[str, NamedNode | Literal]) -> str:
    """The query with each bound variable replaced by its term (SEP-0007 semantics)."""
    if not bindings:
        return text
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
    terms = {name: serialize_term(term) for name, term in bindings.items()}
    toks = list(tokens(text))
    query_form(text)
    bound = frozenset(terms)
    levels: list[_Level] = []
    braces = parens = 0
    values_paren: int | None = None  # paren depth of an open VALUES header
    edits: list[tuple[int, int, str]] = []
    for i, token in enumerate(toks):
        level = levels[-1] if levels else None
        if token.is_word("SELECT"):
            projection = _projection(toks, i)
            if level is None and projection is None:
                raise QuerySyntaxError("SELECT * cannot take parameters: list the projected variables")
            if level is None:
                visible = bound  # the outer query: every occurrence
            elif projection is None:
                visible = level.visible
            else:
                visible = level.visible & projection  # a subquery sees only what it projects
            levels.append(_Level(projection, parens, visible=visible))
            continue
        if level is None and token.is_word("ASK", "CONSTRUCT", "DESCRIBE"):
            levels.append(_Level(frozenset(), parens, visible=bound, select=False))
            continue
        in_values_header = values_paren is not None
        if token.text == "{":
            values_paren = None
            if level is not None and level.phase == "projection" and parens == level.paren_base:
                level.phase, level.body_depth = "body", braces
            braces += 1
        elif token.text == "}":
            braces -= 1
            if level is not None and level.phase == "body" and braces == level.body_depth:
                level.phase = "modifiers"
            elif level is not None and level.phase == "modifiers" and braces < level.body_depth:
                levels.pop()
        elif token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
            if values_paren is not None and parens == values_paren:
                values_paren = None
        elif token.is_word("VALUES"):
            values_paren = parens
        elif (
            level is not None
            and level.phase == "modifiers"
            and token.is_word("GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET")
        ):
            level.clause = token.text.lower()
        if token.kind != "var":
            continue
        if values_paren is not None and parens == values_paren:
            values_paren = None  # VALUES ?x { ... }: a one-variable header
        if token.text[1:] not in bound:
            continue
        name = token.text[1:]
        if level is None or name not in level.visible:
            continue
        previous = toks[i - 1] if i else None
        if in_values_header:
            raise QuerySyntaxError(f"?{name} is a parameter and cannot be a VALUES variable")
        if previous is not None and previous.is_word("AS"):
            raise QuerySyntaxError(f"?{name} is a parameter and cannot be assigned with AS")
        if i >= 2 and previous is not None and previous.text == "(" and toks[i - 2].is_word("BOUND"):
            raise QuerySyntaxError(f"?{name} is a parameter: BOUND(?{name}) is always true")
        term = terms[name]
        if level.phase == "projection" and parens == level.paren_base and level.select:
            if len(levels) == 1:
                replacement = f"({term} AS {token.text})"
            elif level.projection is not None and level.projection != {name}:
                replacement = ""  # a subquery need not pass on a constant (and may not clash with the outer one)
            else:
                replacement = f"({term} AS ?__bound_{name})"  # a projection may not be empty
        elif level.phase == "modifiers" and level.clause in ("group", "order") and parens == level.paren_base:
            replacement = f"({term})"
        else:
            replacement = term
        edits.append((token.start, token.end, replacement))
    out = []
    last = 0
    for start, end, replacement in edits:
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out)
