"""Identifying details in free text: full dates, street addresses, postcodes, national
identifiers and contact details, in any literal of a partner dataset.

SHACL Core cannot say "every literal, whatever its property" (a shape names its paths), and a
SHACL-SPARQL constraint can only report the focus node it was given; so these checks run here,
over every triple of the data, after the engine, and their results join the engine's. Both
engines and every path (`validate_graph`, the streaming `mscos validate`) call `scan`, so they
give the same results by construction. The contact-detail pattern is read from the shapes file
(`mscosh:ContactDetail`, which also checks links there); the others are below, with what each
kind is and why it is refused. docs/partner-data.md ("Privacy") lists them and how their
false-positive rate was measured.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from mscos_kg.validation.report import Severity, ValidationResult
from mscos_kg.validation.terms import MSCOS, SHAPES

_DAY = r"(0?[1-9]|[12][0-9]|3[01])"
_MONTH = r"(0?[1-9]|1[0-2])"
_MONTH_NAME = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
_YEAR = r"(1[89][0-9]{2}|20[0-9]{2})"
_ORDINAL = r"(st|nd|rd|th)?"

_BIRTH_CUE = r"(?<![A-Za-z])(born|birth|birthday|DOB|D[.]O[.]B[.]?)(?![A-Za-z])[^0-9]{0,20}"

#: A full date (day, month and year) written as a date of birth would be: in figures
#: (02/01/1990, 2-1-90, 1990-01-02: day and month either way round), or in words after a birth cue
#: ("born 2 January 1990", "DOB: January 2, 1990"). A date in words without a cue is an event
#: in prose ("the workshop of 8 October 2021": the vocabulary's own text has a hundred) and
#: passes; years, months and ISO durations are not full dates; dates typed xsd:date (dct:issued)
#: are values, not text (see `is_text`).
FULL_DATE = re.compile(
    "|".join(
        (
            rf"(?<![0-9./-]){_DAY}(?P<sep>[./-]){_DAY}(?P=sep)({_YEAR}|[0-9]{{2}})(?![0-9]|[./-][0-9])",
            rf"(?<![0-9./-]){_YEAR}(?P<isosep>[-/]){_MONTH}(?P=isosep){_DAY}(?![0-9]|[./-][0-9])",
            rf"{_BIRTH_CUE}{_DAY}{_ORDINAL}( of)? {_MONTH_NAME}[.,]? {_YEAR}(?![0-9])",
            rf"{_BIRTH_CUE}{_MONTH_NAME}[.]? {_DAY}{_ORDINAL},? {_YEAR}(?![0-9])",
        )
    ),
    re.IGNORECASE,
)

_STREET_TYPE = (
    r"(Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Crescent|Cres|Way|Place|Pl|Court|Ct"
    r"|Boulevard|Blvd|Terrace|Gardens|Grove|Square|Sq|Mews|Parade|Highway|Hwy|Row|Walk)"
)
#: A house number followed by a capitalised street name and a street type (14 Acacia Avenue,
#: 221B Baker St.), a flat or apartment number, or a PO box.
STREET_ADDRESS = re.compile(
    rf"(?<![0-9A-Za-z])[0-9]{{1,5}}[A-Za-z]?,? ([A-Z][A-Za-z'-]+ ){{1,3}}{_STREET_TYPE}[.]?(?![A-Za-z])"
    r"|(?<![A-Za-z])(Flat|Apartment|Apt[.]?) [0-9]+[A-Za-z]?(?![0-9A-Za-z])"
    r"|(?<![A-Za-z])P[.]? ?O[.]? Box [0-9]+"
)

_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM"
    "|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
#: A UK postcode (SW1A 1AA, M1 1AE; the official letter rules), or a US ZIP code after a state
#: abbreviation (IL 62704, NY 10001-1234) or the word ZIP. A bare five-digit number is a figure.
POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKPSTUW]? ?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])"
    rf"|(?<![A-Za-z])({_US_STATES}),? [0-9]{{5}}(-[0-9]{{4}})?(?![0-9])"
    r"|(?<![A-Za-z])(ZIP|zip)( code)?:? [0-9]{5}(-[0-9]{4})?(?![0-9])"
)

#: National-identifier-like strings: a UK National Insurance number (QQ 12 34 56 C), a US social
#: security number (123-45-6789), a passport-like number (one or two capitals and 7 to 9 digits).
#: Long digit runs (NHS numbers, bare passport numbers) are caught as phone-like numbers.
NATIONAL_IDENTIFIER = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])"
    r"|(?<![0-9])[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}(?![0-9])"
    r"|(?<![A-Za-z0-9])[A-Z]{1,2}[0-9]{7,9}(?![A-Za-z0-9])"
)


@dataclass(frozen=True)
class Kind:
    """One kind of identifying detail: its pattern, the shape its results name, and why."""

    shape: URIRef
    pattern: re.Pattern[str]
    what: str
    advice: str


# Value types whose well-formed literals are figures, dates or codes, not free text.
_VALUE_TYPES = frozenset(
    str(XSD[t])
    for t in [
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
        "boolean",
        "date",
        "dateTime",
        "dateTimeStamp",
        "time",
        "duration",
        "dayTimeDuration",
        "yearMonthDuration",
        "gYear",
        "gYearMonth",
        "gMonth",
        "gMonthDay",
        "gDay",
    ]
)
# The characters of those types' lexical forms: a literal with any other character (a space,
# a slash, a letter outside the date and duration designators) is text whatever its type.
_VALUE_LEXICAL = re.compile(r"^[-+0-9.:TZPYMWDHSEeINFaty]*$")


def is_text(lexical: str, datatype: str | None) -> bool:
    """Whether a literal is free text to scan: anything but a well-formed-looking figure, date,
    duration or boolean (so dct:issued "2024-05-31"^^xsd:date and "P6M"^^xsd:duration are not)."""
    return datatype is None or datatype not in _VALUE_TYPES or not _VALUE_LEXICAL.match(lexical)


@lru_cache(maxsize=1)
def kinds() -> tuple[Kind, ...]:
    from mscos_kg.validation.shapes import load_shapes

    contact = load_shapes(10).value(SHAPES["ContactDetail"], SH.pattern)
    assert contact is not None, "the shapes file lost mscosh:ContactDetail's pattern"
    return (
        Kind(
            SHAPES["NoContactDetails-text"],
            re.compile(str(contact)),
            "what looks like an e-mail address or a phone number",
            "remove contact details",
        ),
        Kind(
            SHAPES["IdentifyingText-date"],
            FULL_DATE,
            "a full date (day, month and year), which can be a date of birth",
            "give the year (or month and year) only; a publication date goes in dct:issued as an xsd:date",
        ),
        Kind(
            SHAPES["IdentifyingText-address"],
            STREET_ADDRESS,
            "what looks like a street address",
            "name the town or region at most",
        ),
        Kind(
            SHAPES["IdentifyingText-postcode"],
            POSTCODE,
            "what looks like a postcode or ZIP code",
            "name the town or region at most",
        ),
        Kind(
            SHAPES["IdentifyingText-identifier"],
            NATIONAL_IDENTIFIER,
            "what looks like a national identifier (National Insurance, social security or passport number)",
            "remove it",
        ),
    )


_PREFIXES = {str(MSCOS): "mscos:", str(RDFS): "rdfs:", str(DCTERMS): "dct:", str(SKOS): "skos:", str(RDF): "rdf:"}


def field_name(predicate: Node) -> str:
    """The property as a person reads it: mscos:targetPopulation, rdfs:comment, or the full IRI."""
    text = str(predicate)
    for namespace, prefix in _PREFIXES.items():
        if text.startswith(namespace) and "/" not in text[len(namespace) :]:
            return prefix + text[len(namespace) :]
    return f"<{text}>"


#: Every kind above needs a digit or an "@" (an e-mail's): text with neither (most labels and
#: descriptions) is read no further. tests/validation/test_identifying.py holds the patterns to it.
CANDIDATE = re.compile(r"[0-9@]")


def kinds_in(lexical: str, datatype: str | None) -> list[Kind]:
    """The kinds of identifying detail in one literal's text (none when it is not free text)."""
    if not CANDIDATE.search(lexical) or not is_text(lexical, datatype):
        return []
    return [kind for kind in kinds() if kind.pattern.search(lexical)]


def result(kind: Kind, focus: Node, predicate: Node, value: Literal) -> ValidationResult:
    return ValidationResult(
        severity=Severity.VIOLATION,
        focus_node=focus,
        path=predicate,
        value=value,
        source_shape=kind.shape,
        constraint=SH.PatternConstraintComponent,
        message=(
            f"The text of {field_name(predicate)} holds {kind.what}: {kind.advice} "
            "(partner datasets may not identify anyone)."
        ),
        rule=str(kind.shape)[len(str(SHAPES)) :].split("-", 1)[0],
    )


def findings(focus: Node, predicate: Node, value: Literal) -> list[ValidationResult]:
    """The identifying details in one literal."""
    datatype = str(value.datatype) if value.datatype is not None else None
    return [result(kind, focus, predicate, value) for kind in kinds_in(str(value), datatype)]


def scan(triples: Iterable[tuple[Node, Node, Node]]) -> list[ValidationResult]:
    """The identifying details in every literal of `triples` (each distinct literal read once:
    figures and codes repeat across a dataset)."""
    seen: dict[tuple[str, str | None], list[Kind]] = {}
    out: list[ValidationResult] = []
    for subject, predicate, obj in triples:
        if isinstance(obj, Literal):
            key = (str(obj), str(obj.datatype) if obj.datatype is not None else None)
            found = seen.get(key)
            if found is None:
                found = seen[key] = kinds_in(*key)
            out.extend(result(kind, subject, predicate, obj) for kind in found)
    return out


__all__ = [
    "CANDIDATE",
    "FULL_DATE",
    "NATIONAL_IDENTIFIER",
    "POSTCODE",
    "STREET_ADDRESS",
    "Kind",
    "field_name",
    "findings",
    "is_text",
    "kinds_in",
    "result",
    "scan",
]
