"""Identifier parameters checked against the store: notations looked up, unknown and wrong-kind refused.

A parameter that names a resource (`iri`, `outcome`, `intervention`) must name something the
store holds, of the kind the query asks for; otherwise the query would answer an empty result
that looks like a finding (issue 15). Two small queries in `sparql/internal/` do the looking up.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from mscos_kg.queries.catalog import NamedQuery
from mscos_kg.queries.errors import DeprecatedIdentifierError, UnknownIdentifierError, WrongKindError
from mscos_kg.queries.params import Notation, Parameter, ParamType, Value
from mscos_kg.store.port import Store
from mscos_kg.store.results import Bindings

MSCOS = "https://w3id.org/mscos/def/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: The classes a parameter of each kind accepts (none: anything the store holds).
ACCEPTED: Mapping[ParamType, frozenset[str]] = {
    ParamType.OUTCOME: frozenset(MSCOS + c for c in ("CoreOutcome", "LonglistOutcome", "FinalOutcome")),
    ParamType.INTERVENTION: frozenset({MSCOS + "Intervention"}),
}
_KIND_WORDS = {
    "CoreOutcome": "a core outcome", "LonglistOutcome": "a longlist outcome", "FinalOutcome": "a final outcome",
    "Round0Outcome": "a Round 0 outcome", "WorkshopOutcome": "a workshop outcome", "LocalOutcome": "a local outcome",
    "Intervention": "an intervention", "Instrument": "an instrument", "PracticeModel": "a practice model",
    "Evaluation": "an evaluation", "OutcomeMeasurement": "a measurement", "OutcomeDomain": "an outcome domain",
    "Indicator": "an indicator", "CometDomain": "a COMET domain",
}


@lru_cache(maxsize=4)
def _text(name: str) -> str:
    from mscos_kg.resources import sparql_dir

    return (sparql_dir() / "internal" / f"{name}.rq").read_text(encoding="utf-8")


def describe_kind(classes: set[str]) -> str:
    words = sorted(_KIND_WORDS[c.removeprefix(MSCOS)] for c in classes if c.removeprefix(MSCOS) in _KIND_WORDS)
    if words:
        return " and ".join(words)
    return f"of class {', '.join(sorted(classes))}" if classes else "a resource without a class"


def resolve(store: Store, query: NamedQuery, values: Mapping[str, Value]) -> Bindings:
    """The parameters as terms the query can use; ParameterError (which names the parameter) if
    an identifier is unknown to the store, of the wrong kind or deprecated."""
    out: dict[str, NamedNode | Literal] = {}
    for name, value in values.items():
        parameter = query.parameter(name)
        if parameter is None or not parameter.type.names_a_resource:
            assert not isinstance(value, Notation)
            out[name] = value
            continue
        out[name] = _resolve_one(store, parameter, value)
    return out


def _resolve_one(store: Store, parameter: Parameter, value: Value) -> NamedNode:
    accepted = ACCEPTED.get(parameter.type, frozenset())
    if isinstance(value, Notation):
        shown = value.text
        rows = store.select(_text("notation"), {"notation": Literal(value.text)}).rows
        candidates = sorted({row[1] for row in rows if isinstance(row[1], NamedNode)}, key=lambda n: n.value)
        if not candidates:
            raise UnknownIdentifierError(parameter.name, shown)
        fitting = [c for c in candidates if not accepted or _classes_of(store, c) & accepted]
        if len(fitting) > 1:
            raise WrongKindError(parameter.name, shown, parameter.type.expected,
                                 f"the notation of {len(fitting)} resources; give the id or IRI")
        term = (fitting or candidates)[0]
    else:
        assert isinstance(value, NamedNode)
        shown, term = value.value, value
    description = _describe(store, term)
    if description is None:
        raise UnknownIdentifierError(parameter.name, shown)
    classes, deprecated, replacements = description
    if accepted and not classes & accepted:
        raise WrongKindError(parameter.name, shown, parameter.type.expected, describe_kind(classes))
    if deprecated:
        raise DeprecatedIdentifierError(parameter.name, shown, replacements)
    return term


def _describe(store: Store, term: NamedNode) -> tuple[set[str], bool, list[str]] | None:
    """The term's classes, whether it is deprecated and its replacements; None if the store holds nothing of it."""
    rows = store.select(_text("identify"), {"term": term}).as_dicts()
    if not rows:
        return None
    classes = {row["class"].value for row in rows if isinstance(row.get("class"), NamedNode)}
    deprecated = any(isinstance(row.get("deprecated"), Literal) and row["deprecated"].value in ("true", "1")
                     for row in rows)
    replacements = sorted({row["replacement"].value for row in rows if isinstance(row.get("replacement"), NamedNode)})
    return classes, deprecated, replacements


def _classes_of(store: Store, term: NamedNode) -> set[str]:
    description = _describe(store, term)
    return description[0] if description else set()
