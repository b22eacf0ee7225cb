"""Typed query parameters: from the text a user gives to an RDF term, or a precise error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeAlias

from pyoxigraph import Literal, NamedNode

from mscos_kg.config import DEFAULT_BASE_IRI

XSD = "http://www.w3.org/2001/XMLSchema#"


class ParamType(StrEnum):
    IRI = "iri"
    OUTCOME = "outcome"
    INTERVENTION = "intervention"
    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    YEAR = "gYear"
    COUNTRY = "country"

    @property
    def expected(self) -> str:
        return _EXPECTED[self]

    @property
    def names_a_resource(self) -> bool:
        """An identifier the store must know (checked against it by `identifiers.resolve`)."""
        return self in (ParamType.IRI, ParamType.OUTCOME, ParamType.INTERVENTION)


_IDENTIFIER = "a six-digit MSCOS id (000101), a notation (CO1), a prefixed name (id:000101) or a full IRI"
_EXPECTED = {
    ParamType.IRI: _IDENTIFIER,
    ParamType.OUTCOME: f"an outcome of the MSCOS (core or longlist): {_IDENTIFIER}",
    ParamType.INTERVENTION: f"an intervention: {_IDENTIFIER}",
    ParamType.STRING: "a string",
    ParamType.INTEGER: "an integer",
    ParamType.DECIMAL: "a decimal number",
    ParamType.BOOLEAN: "true or false",
    ParamType.YEAR: "a year such as 2021",
    ParamType.COUNTRY: "an ISO 3166-1 alpha-2 country code in capitals, such as GB",
}

_ABSOLUTE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:)\S+")
_PREFIXED = re.compile(r"(?P<prefix>[A-Za-z][A-Za-z0-9_-]*):(?P<local>[A-Za-z0-9_][A-Za-z0-9_.-]*)")
_MSCOS_ID = re.compile(r"\d{6}")
_NOTATION = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def prefixes(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """The prefixed names the project prints (tables print `id:`, Turtle exports `mscosid:`)."""
    return {
        "id": f"{base_iri}id/",
        "mscosid": f"{base_iri}id/",
        "mscos": f"{base_iri}def/",
        "scheme": f"{base_iri}scheme/",
        "skos": "http://www.w3.org/2004/02/skos/core#",
    }


@dataclass(frozen=True)
class Notation:
    """A notation such as `CO3` given for an identifier: the store says which concept has it."""

    text: str


#: A parameter's value before the store is asked: a typed term, or a notation to look up.
Value: TypeAlias = NamedNode | Literal | Notation


@dataclass(frozen=True)
class Parameter:
    name: str
    type: ParamType
    required: bool
    description: str


def parse_identifier(text: str, *, base_iri: str = DEFAULT_BASE_IRI) -> NamedNode | Notation:
    """An identifier in any form the project prints; ValueError with the reason otherwise."""
    value = text.strip()
    if _MSCOS_ID.fullmatch(value):
        return NamedNode(f"{base_iri}id/{value}")
    if _ABSOLUTE.fullmatch(value):
        return NamedNode(value)  # raises ValueError on characters an IRI may not hold
    if (m := _PREFIXED.fullmatch(value)) is not None:
        known = prefixes(base_iri)
        if m.group("prefix") not in known:
            names = ", ".join(f"{p}:" for p in known)
            raise ValueError(f"unknown prefix '{m.group('prefix')}:' (known: {names}); or give the full IRI")
        return NamedNode(known[m.group("prefix")] + m.group("local"))
    if _NOTATION.fullmatch(value):
        return Notation(value)
    raise ValueError("not an identifier")


def parse_value(kind: ParamType, text: str, *, base_iri: str = DEFAULT_BASE_IRI) -> NamedNode | Literal | Notation:
    """The RDF term for `text` (or a notation to look up); ValueError with the reason when it is not of the type."""
    value = text.strip()
    if kind.names_a_resource:
        return parse_identifier(value, base_iri=base_iri)
    if kind is ParamType.STRING:
        return Literal(text)
    if kind is ParamType.INTEGER:
        if not re.fullmatch(r"[+-]?\d+", value):
            raise ValueError("not an integer")
        return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))
    if kind is ParamType.DECIMAL:
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValueError("not a decimal number") from None
        if not number.is_finite():
            raise ValueError("not a finite number")
        return Literal(format(number, "f"), datatype=NamedNode(XSD + "decimal"))
    if kind is ParamType.BOOLEAN:
        lowered = value.lower()
        if lowered not in ("true", "false", "1", "0"):
            raise ValueError("not a boolean")
        return Literal("true" if lowered in ("true", "1") else "false", datatype=NamedNode(XSD + "boolean"))
    if kind is ParamType.YEAR:
        if not re.fullmatch(r"-?\d{4}", value):
            raise ValueError("not a four-digit year")
        return Literal(value, datatype=NamedNode(XSD + "gYear"))
    if kind is ParamType.COUNTRY:
        if not re.fullmatch(r"[A-Z]{2}", value):
            raise ValueError("not two capital letters")
        return Literal(value)
    raise AssertionError(kind)
