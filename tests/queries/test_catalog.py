"""The catalog of named queries: headers, parameters and their typed binding."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode

from mscos_kg.queries import (
    Catalog,
    CatalogError,
    InvalidParameterError,
    MissingParameterError,
    ParamType,
    UnknownParameterError,
    UnknownQueryError,
    parse_query,
    parse_value,
)
from mscos_kg.store.sparql_text import QueryForm, tokens

XSD = "http://www.w3.org/2001/XMLSchema#"
HEADER = """# title: A test query
# description: What it is for,
#   over two lines.
# param: outcome (iri, required): The outcome.
# param: year (gYear, optional): A year.
# example: mscos query test --param outcome=000101
PREFIX mscos: <https://w3id.org/mscos/def/>
SELECT ?outcome ?year WHERE { ?e mscos:measures ?outcome ; mscos:year ?year }
"""


def test_every_shipped_query_has_a_complete_header(catalog: Catalog) -> None:
    assert len([q for q in catalog.queries.values() if not q.is_check]) >= 11
    assert len(catalog.checks()) >= 4
    for query in catalog.queries.values():
        assert query.title and query.description and query.examples, query.name
        assert all(example.startswith(f"mscos query {query.name}") for example in query.examples), query.name
        assert query.form is QueryForm.SELECT, query.name


def test_parameters_are_projected_and_never_selected_with_a_star(catalog: Catalog) -> None:
    """pyoxigraph substitutes only projected variables; the remote store cannot bind into SELECT *."""
    for query in catalog.queries.values():
        if not query.parameters:
            continue
        toks = list(tokens(query.text))
        select = next(i for i, t in enumerate(toks) if t.is_word("SELECT"))
        where = next(i for i, t in enumerate(toks) if t.is_word("WHERE"))
        projected = {t.text[1:] for t in toks[select:where] if t.kind == "var"}
        assert "*" not in {t.text for t in toks[select:where]}, query.name
        for parameter in query.parameters:
            assert parameter.name in projected, f"{query.name}: ?{parameter.name} is not projected"


def test_a_header_is_parsed() -> None:
    query = parse_query("test", HEADER)
    assert query.title == "A test query"
    assert query.description == "What it is for, over two lines."
    assert [(p.name, p.type, p.required) for p in query.parameters] == [
        ("outcome", ParamType.IRI, True),
        ("year", ParamType.YEAR, False),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("# param: outcome (iri, required): The outcome.", "# param: outcome (uri, required): The outcome."), "type"),
        (("# param: outcome (iri, required): The outcome.", "# param: outcome iri required"), "malformed"),
        (("# param: year (gYear, optional): A year.", "# param: month (gYear, optional): A month."), "not a variable"),
        (("# title: A test query\n", ""), "one title"),
        (("# example:", "# exampel:"), "unexpected header line"),
    ],
)
def test_malformed_headers_are_refused(change: tuple[str, str], message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        parse_query("test", HEADER.replace(*change))


def test_binding_names_the_parameter_at_fault() -> None:
    query = parse_query("test", HEADER)
    with pytest.raises(MissingParameterError) as missing:
        query.bind({})
    assert missing.value.name == "outcome" and "outcome" in str(missing.value)
    with pytest.raises(UnknownParameterError) as unknown:
        query.bind({"outcome": "000101", "colour": "red"})
    assert unknown.value.name == "colour"
    with pytest.raises(InvalidParameterError) as invalid:
        query.bind({"outcome": "000101", "year": "twenty"})
    assert invalid.value.name == "year" and "'twenty'" in str(invalid.value)
    assert query.bind({"outcome": "000101"}) == {"outcome": NamedNode("https://w3id.org/mscos/id/000101")}


@pytest.mark.parametrize(
    ("kind", "text", "term"),
    [
        (ParamType.IRI, "https://example.org/x", NamedNode("https://example.org/x")),
        (ParamType.IRI, "000107", NamedNode("https://w3id.org/mscos/id/000107")),
        (ParamType.STRING, 'a "quoted" } text', Literal('a "quoted" } text')),
        (ParamType.INTEGER, "+007", Literal("7", datatype=NamedNode(XSD + "integer"))),
        (ParamType.DECIMAL, "1.50", Literal("1.50", datatype=NamedNode(XSD + "decimal"))),
        (ParamType.BOOLEAN, "TRUE", Literal("true", datatype=NamedNode(XSD + "boolean"))),
        (ParamType.YEAR, "2021", Literal("2021", datatype=NamedNode(XSD + "gYear"))),
        (ParamType.COUNTRY, "GB", Literal("GB")),
    ],
)
def test_values_become_typed_terms(kind: ParamType, text: str, term: NamedNode | Literal) -> None:
    assert parse_value(kind, text) == term


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (ParamType.IRI, "not an iri"),
        (ParamType.IRI, "https://example.org/> } DROP ALL"),
        (ParamType.IRI, "relative/path"),
        (ParamType.INTEGER, "1.5"),
        (ParamType.DECIMAL, "NaN"),
        (ParamType.BOOLEAN, "yes"),
        (ParamType.YEAR, "21"),
        (ParamType.COUNTRY, "gb"),
    ],
)
def test_ill_typed_values_are_refused(kind: ParamType, text: str) -> None:
    with pytest.raises(ValueError):
        parse_value(kind, text)


def test_an_unknown_query_lists_the_known_ones(catalog: Catalog) -> None:
    with pytest.raises(UnknownQueryError, match="core_outcomes"):
        catalog.get("no_such_query")
