"""Typed query parameters: from the text a user gives to an RDF term, or a precise error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from pyoxigraph import Literal, NamedNode

from mscos_kg.config import DEFAULT_BASE_IRI

XSD = "http://www.w3.org/2001/XMLSchema#"


class ParamType(StrEnum):
    IRI = "iri"
    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    YEAR = "gYear"
    COUNTRY = "country"

    @property
    def expected(self) -> str:
        return _EXPECTED[self]


_EXPECTED = {
    ParamType.IRI: "an absolute IRI or a six-digit MSCOS id (e.g. 000101)",
    ParamType.STRING: "a string",
    ParamType.INTEGER: "an integer",
    ParamType.DECIMAL: "a decimal number",
    ParamType.BOOLEAN: "true or false",
    ParamType.YEAR: "a year such as 2021",
    ParamType.COUNTRY: "an ISO 3166-1 alpha-2 country code in capitals, such as GB",
}

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_MSCOS_ID = re.compile(r"\d{6}")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: ParamType
    required: bool
    description: str


def parse_value(kind: ParamType, text: str, *, base_iri: str = DEFAULT_BASE_IRI) -> NamedNode | Literal:
    """The RDF term for `text`; ValueError with the reason when it is not of the type."""
    value = text.strip()
    if kind is ParamType.IRI:
        if _MSCOS_ID.fullmatch(value):
            return NamedNode(f"{base_iri}id/{value}")
        if not _SCHEME.match(value):
            raise ValueError("not an absolute IRI (no scheme such as https:)")
        return NamedNode(value)  # raises ValueError on characters an IRI may not hold
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
