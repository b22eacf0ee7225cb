"""The named queries of sparql/: their header blocks, parameters and text.

Each `.rq` opens with a comment block:

    # title: Core outcomes with definitions and indicators
    # description: What the query answers (continuation lines start with '#' and
    #   two spaces of indentation).
    # param: outcome (iri, required): What the parameter is.
    # param: country (country, optional): ...
    # example: mscos query core_outcomes --store data/store

A parameter binds the query variable of the same name (`?outcome`), which the query uses in
its outermost group and projects (pyoxigraph requires it for substitution). Queries whose
name starts with `check_` are quality checks that must return no rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable

from pyoxigraph import Literal, NamedNode

from mscos_kg.config import DEFAULT_BASE_IRI
from mscos_kg.queries.errors import (
    CatalogError,
    InvalidParameterError,
    MissingParameterError,
    UnknownParameterError,
    UnknownQueryError,
)
from mscos_kg.queries.params import Notation, Parameter, ParamType, Value, parse_value
from mscos_kg.store.errors import StoreError
from mscos_kg.store.sparql_text import QueryForm, query_form, tokens

_KEYS = ("title", "description", "param", "example")
_FIELD = re.compile(r"#\s?(?P<key>[a-z]+):\s*(?P<value>.*)")
_CONTINUATION = re.compile(r"#\s{2,}(?P<value>\S.*)")
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*) \((?P<type>[A-Za-z]+), (?P<req>required|optional)\): (?P<desc>\S.*)"
)
_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    form: QueryForm
    parameters: tuple[Parameter, ...] = ()
    examples: tuple[str, ...] = ()

    @property
    def is_check(self) -> bool:
        return self.name.startswith("check_")

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def parse(self, values: Mapping[str, str], *, base_iri: str = DEFAULT_BASE_IRI) -> dict[str, Value]:
        """Typed values for the parameters given as text; ParameterError names the culprit.

        Identifiers given as notations stay `Notation`s: `identifiers.resolve` looks them up
        in the store, and checks that every identifier names something of the right kind."""
        known = [p.name for p in self.parameters]
        for name in values:
            if name not in known:
                raise UnknownParameterError(name, self.name, known)
        out: dict[str, Value] = {}
        for parameter in self.parameters:
            if parameter.name not in values:
                if parameter.required:
                    raise MissingParameterError(parameter.name, self.name)
                continue
            text = values[parameter.name]
            try:
                out[parameter.name] = parse_value(parameter.type, text, base_iri=base_iri)
            except ValueError as exc:
                raise InvalidParameterError(parameter.name, parameter.type.expected, text, str(exc)) from None
        return out

    def bind(self, values: Mapping[str, str], *, base_iri: str = DEFAULT_BASE_IRI) -> dict[str, NamedNode | Literal]:
        """Typed terms for the parameters given as text, for callers without a store (no notations)."""
        out: dict[str, NamedNode | Literal] = {}
        for name, value in self.parse(values, base_iri=base_iri).items():
            if isinstance(value, Notation):
                raise InvalidParameterError(name, "an id or IRI here", value.text, "a notation needs the store")
            out[name] = value
        return out


def parse_query(name: str, text: str, *, require_header: bool = True) -> NamedQuery:
    """A NamedQuery from the text of a `.rq` file; CatalogError if the header is malformed."""
    fields: dict[str, list[str]] = {key: [] for key in _KEYS}
    current: list[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if (m := _FIELD.fullmatch(stripped)) is not None and m.group("key") in _KEYS:
            fields[m.group("key")].append(m.group("value").strip())
            current = fields[m.group("key")]
        elif (m := _CONTINUATION.fullmatch(line.rstrip())) is not None and current:
            current[-1] = f"{current[-1]} {m.group('value').strip()}"
        elif stripped == "#":
            current = None
        elif require_header:
            raise CatalogError(f"{name}: unexpected header line {line!r}")
    try:
        form = query_form(text)
    except StoreError as exc:
        raise CatalogError(f"{name}: {exc}") from exc
    titles = fields["title"]
    if require_header and (len(titles) != 1 or len(fields["description"]) != 1 or not fields["example"]):
        raise CatalogError(f"{name}: the header needs one title, one description and at least one example")
    parameters = tuple(_parameter(name, spec) for spec in fields["param"])
    _check_parameters(name, text, parameters)
    return NamedQuery(
        name=name,
        title=titles[0] if titles else name,
        description=fields["description"][0] if fields["description"] else "",
        text=text,
        form=form,
        parameters=parameters,
        examples=tuple(fields["example"]),
    )


def _parameter(query: str, spec: str) -> Parameter:
    m = _PARAM.fullmatch(spec)
    if m is None:
        raise CatalogError(f"{query}: malformed parameter {spec!r}; expected 'name (type, required|optional): text'")
    try:
        kind = ParamType(m.group("type"))
    except ValueError:
        known = ", ".join(t.value for t in ParamType)
        raise CatalogError(f"{query}: parameter type {m.group('type')!r} is not one of {known}") from None
    return Parameter(m.group("name"), kind, m.group("req") == "required", m.group("desc"))


def _check_parameters(query: str, text: str, parameters: Iterable[Parameter]) -> None:
    variables = {t.text[1:] for t in tokens(text) if t.kind == "var"}
    names = [p.name for p in parameters]
    if len(set(names)) != len(names):
        raise CatalogError(f"{query}: a parameter is declared twice")
    for name in names:
        if name not in variables:
            raise CatalogError(f"{query}: parameter {name!r} is not a variable of the query")


@dataclass(frozen=True)
class Catalog:
    queries: Mapping[str, NamedQuery] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Traversable | None = None) -> Catalog:
        """Every `.rq` of `directory` (default: the installed sparql/ folder)."""
        if directory is None:
            from mscos_kg.resources import sparql_dir

            directory = sparql_dir()
        queries = {}
        for entry in sorted(directory.iterdir(), key=lambda e: e.name):
            if not entry.name.endswith(".rq"):
                continue
            name = entry.name[: -len(".rq")]
            if not _NAME.fullmatch(name):
                raise CatalogError(f"{entry.name}: query names are snake_case")
            queries[name] = parse_query(name, entry.read_text(encoding="utf-8"))
        return cls(queries)

    def names(self) -> list[str]:
        return sorted(self.queries)

    def get(self, name: str) -> NamedQuery:
        try:
            return self.queries[name]
        except KeyError:
            raise UnknownQueryError(name, self.names()) from None

    def checks(self) -> list[NamedQuery]:
        return [q for name, q in sorted(self.queries.items()) if q.is_check]
