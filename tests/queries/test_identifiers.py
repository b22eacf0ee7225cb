"""Identifier parameters in every form the project prints, checked against the store (issue 15, item 8).

A prefixed name used to pass as an absolute IRI and an unknown or wrong-kind identifier gave an
empty answer that looked like a finding; now each is resolved or refused with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse

from mscos_kg.queries import (
    Catalog,
    DeprecatedIdentifierError,
    InvalidParameterError,
    ParameterError,
    UnknownIdentifierError,
    WrongKindError,
    resolve,
    run_query,
)
from mscos_kg.store import EmbeddedStore
from mscos_kg.store.results import SelectResult

DATA = Path(__file__).resolve().parents[2] / "sparql" / "tests" / "data"
FILES = ("tbox.ttl", "vocabulary.ttl", "partner_a.ttl", "partner_b.ttl", "deprecated.ttl")
ID = "https://w3id.org/mscos/id/"
BRIDGE = "https://example.org/partner-a/bridge"


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    for name in FILES:
        path = DATA / name
        store.load_graph(NamedNode(path.as_uri()), [q.triple for q in parse(path=path, format=RdfFormat.TURTLE)])
    yield store
    store.close()


@pytest.mark.parametrize(
    ("query", "parameter", "text", "iri"),
    [
        ("interventions_for_outcome", "outcome", "000106", ID + "000106"),
        ("interventions_for_outcome", "outcome", "CO6", ID + "000106"),
        ("interventions_for_outcome", "outcome", "id:000106", ID + "000106"),
        ("interventions_for_outcome", "outcome", "mscosid:000106", ID + "000106"),
        ("interventions_for_outcome", "outcome", f"{ID}000106", ID + "000106"),
        ("interventions_for_outcome", "outcome", " CO6 ", ID + "000106"),
        ("outcome_lineage", "outcome", "LL.SAF.1", ID + "000410"),
        ("instruments_per_outcome", "outcome", "id:000410", ID + "000410"),
        ("gap_analysis", "intervention", BRIDGE, BRIDGE),
        ("core_outcome_coverage", "intervention", BRIDGE, BRIDGE),
    ],
)
def test_an_identifier_in_any_printed_form_names_the_same_resource(
    store: EmbeddedStore, catalog: Catalog, query: str, parameter: str, text: str, iri: str
) -> None:
    named = catalog.get(query)
    assert resolve(store, named, named.parse({parameter: text}))[parameter] == NamedNode(iri)


@pytest.mark.parametrize(
    ("query", "parameter", "text", "error", "says"),
    [
        ("interventions_for_outcome", "outcome", "000999", UnknownIdentifierError, "holds nothing"),
        ("interventions_for_outcome", "outcome", "CO99", UnknownIdentifierError, "holds nothing"),
        ("interventions_for_outcome", "outcome", "id:000999", UnknownIdentifierError, "holds nothing"),
        ("gap_analysis", "intervention", "https://example.org/partner-a/nowhere", UnknownIdentifierError,
         "holds nothing"),
        ("gap_analysis", "intervention", "000101", WrongKindError, "is a core outcome"),
        ("core_outcome_coverage", "intervention", "CO1", WrongKindError, "is a core outcome"),
        ("interventions_for_outcome", "outcome", BRIDGE, WrongKindError, "is an intervention"),
        ("outcome_lineage", "outcome", "id:000401", WrongKindError, "must be an outcome"),
        ("interventions_for_outcome", "outcome", "000419", DeprecatedIdentifierError,
         f"ask for {ID}000410 instead"),
        ("interventions_for_outcome", "outcome", "LL.SAF.9", DeprecatedIdentifierError, "deprecated"),
    ],
)
def test_an_unknown_wrong_kind_or_deprecated_identifier_is_refused_with_the_reason(
    store: EmbeddedStore, catalog: Catalog, query: str, parameter: str, text: str,
    error: type[ParameterError], says: str,
) -> None:
    named = catalog.get(query)
    with pytest.raises(error, match=says) as raised:
        run_query(store, named, {parameter: text})
    assert raised.value.name == parameter


@pytest.mark.parametrize("text", ["foo:bar", "id:", "not an identifier", "https://example.org/a b", "a/b"])
def test_text_that_is_no_identifier_is_refused_before_the_store_is_asked(catalog: Catalog, text: str) -> None:
    with pytest.raises(InvalidParameterError) as raised:
        catalog.get("interventions_for_outcome").parse({"outcome": text})
    assert raised.value.name == "outcome"


def test_an_unknown_prefix_lists_the_known_ones(catalog: Catalog) -> None:
    with pytest.raises(InvalidParameterError, match="known: id:, mscosid:, mscos:"):
        catalog.get("interventions_for_outcome").parse({"outcome": "foo:000106"})


def test_a_prefixed_name_gives_the_answer_of_the_full_iri(store: EmbeddedStore, catalog: Catalog) -> None:
    """Regression: `outcome=id:000106` (as the table output prints it) returned nothing."""
    named = catalog.get("interventions_for_outcome")
    by_prefix = run_query(store, named, {"outcome": "id:000106"})
    by_iri = run_query(store, named, {"outcome": ID + "000106"})
    assert isinstance(by_prefix, SelectResult) and isinstance(by_iri, SelectResult)
    assert len(by_prefix) > 0
    assert by_prefix.rows == by_iri.rows


def test_bind_without_a_store_refuses_a_notation(catalog: Catalog) -> None:
    with pytest.raises(InvalidParameterError, match="needs the store"):
        catalog.get("interventions_for_outcome").bind({"outcome": "CO6"})
