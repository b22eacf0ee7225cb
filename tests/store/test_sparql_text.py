"""The lexer behind parameter binding on remote stores: substitution as pyoxigraph does it."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, Store, Variable

from mscos_kg.store.errors import QueryFormError, QuerySyntaxError
from mscos_kg.store.sparql_text import QueryForm, query_form, substitute

IRI_I = NamedNode("https://example.org/i")
GB = Literal("GB")


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("PREFIX ex: <https://example.org/select#> SELECT ?x WHERE { ?x ?p ?o }", QueryForm.SELECT),
        ("# SELECT in a comment\nASK { ?s ?p 'CONSTRUCT' }", QueryForm.ASK),
        ("construct where { ?s ?p ?o }", QueryForm.CONSTRUCT),
        ("DESCRIBE <https://example.org/x>", QueryForm.DESCRIBE),
    ],
)
def test_query_form(text: str, form: QueryForm) -> None:
    assert query_form(text) is form


@pytest.mark.parametrize("text", ["DROP ALL", "INSERT DATA { <a:b> <a:b> <a:b> }", "DELETE WHERE { ?s ?p ?o }"])
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(QueryFormError):
        query_form(text)


def test_no_form_is_a_syntax_error() -> None:
    with pytest.raises(QuerySyntaxError):
        query_form("PREFIX ex: <https://example.org/>")


def test_substitution_in_patterns_projection_and_modifiers() -> None:
    text = "SELECT ?i (COUNT(?e) AS ?n) WHERE { ?e <https://example.org/of> ?i } GROUP BY ?i ORDER BY ?i DESC(?i)"
    out = substitute(text, {"i": IRI_I})
    assert out == (
        "SELECT (<https://example.org/i> AS ?i) (COUNT(?e) AS ?n) WHERE { ?e <https://example.org/of> "
        "<https://example.org/i> } GROUP BY (<https://example.org/i>) ORDER BY (<https://example.org/i>) "
        "DESC(<https://example.org/i>)"
    )


def test_construct_templates_and_describe_take_the_term() -> None:
    out = substitute("CONSTRUCT { ?i ?p ?o } WHERE { ?i ?p ?o } ORDER BY ?i", {"i": IRI_I})
    assert out == (
        "CONSTRUCT { <https://example.org/i> ?p ?o } WHERE { <https://example.org/i> ?p ?o } "
        "ORDER BY (<https://example.org/i>)"
    )
    out = substitute("DESCRIBE ?i WHERE { ?i ?p ?o }", {"i": IRI_I})
    assert out == "DESCRIBE <https://example.org/i> WHERE { <https://example.org/i> ?p ?o }"


def test_comments_strings_and_iris_are_left_alone() -> None:
    text = (
        "SELECT ?c # ?c in a comment\nWHERE { ?s <https://example.org/?c=1> ?c FILTER(?c != \"?c\" && ?c != '''?c''') }"
    )
    out = substitute(text, {"c": GB})
    assert "# ?c in a comment" in out
    assert "<https://example.org/?c=1>" in out
    assert '"?c"' in out and "'''?c'''" in out
    assert out.count('"GB"') == 4


def test_a_subquery_that_does_not_project_the_variable_keeps_its_own() -> None:
    text = (
        "SELECT ?i ?n WHERE { ?i a <https://example.org/T> "
        "{ SELECT (COUNT(?i) AS ?n) WHERE { ?i a <https://example.org/T> } } }"
    )
    out = substitute(text, {"i": IRI_I})
    assert "{ SELECT (COUNT(?i) AS ?n) WHERE { ?i a <https://example.org/T> } }" in out
    assert out.startswith("SELECT (<https://example.org/i> AS ?i) ?n WHERE { <https://example.org/i> a")


def test_a_subquery_that_projects_the_variable_is_substituted() -> None:
    text = "SELECT ?i ?t WHERE { { SELECT ?i ?t WHERE { ?i a ?t } GROUP BY ?i ?t } }"
    out = substitute(text, {"i": IRI_I})
    assert out == (
        "SELECT (<https://example.org/i> AS ?i) ?t WHERE { { SELECT  ?t WHERE "
        "{ <https://example.org/i> a ?t } GROUP BY (<https://example.org/i>) ?t } }"
    )


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?x WHERE { BIND(1 AS ?i) ?x ?p ?o }",
        "SELECT ?i WHERE { VALUES ?i { <a:b> } }",
        "SELECT ?i WHERE { VALUES (?x ?i) { (1 2) } }",
        "SELECT ?x WHERE { ?x ?p ?o FILTER(BOUND(?i)) }",
        "SELECT * WHERE { ?i ?p ?o }",
    ],
)
def test_places_a_parameter_cannot_take_are_refused(text: str) -> None:
    with pytest.raises(QuerySyntaxError):
        substitute(text, {"i": IRI_I})


def test_values_blocks_of_other_variables_are_fine() -> None:
    out = substitute("SELECT ?i ?x WHERE { VALUES ?x { 1 2 } ?i ?p ?x }", {"i": IRI_I})
    assert "VALUES ?x { 1 2 } <https://example.org/i> ?p ?x" in out


def test_only_iris_and_literals_can_be_bound() -> None:
    with pytest.raises(TypeError):
        substitute("SELECT ?i WHERE { ?i ?p ?o }", {"i": "https://example.org/i"})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="variable name"):
        substitute("SELECT ?i WHERE { ?i ?p ?o }", {"i } DROP ALL": IRI_I})


QUERIES = [
    "SELECT ?i ?o WHERE { ?i <https://example.org/p> ?o }",
    "SELECT ?i (COUNT(?o) AS ?n) WHERE { ?s <https://example.org/p> ?o OPTIONAL { ?i <https://example.org/q> ?s } } "
    "GROUP BY ?i",
    "SELECT ?i ?n WHERE { OPTIONAL { { SELECT ?i (COUNT(*) AS ?n) WHERE { ?i <https://example.org/p> ?o } GROUP BY ?i }"
    " } }",
    'ASK { ?i <https://example.org/p> "1" }',
    "SELECT ?i WHERE { { SELECT ?i WHERE { ?i <https://example.org/p> ?o } } }",
    "SELECT ?i ?o WHERE { ?s <https://example.org/p> ?o OPTIONAL { { SELECT ?i ?o WHERE { ?i ?p ?o } } } }",
]


@pytest.mark.parametrize("text", QUERIES)
def test_substitution_answers_as_pyoxigraph_substitutions_do(text: str) -> None:
    store = Store()
    ex = "https://example.org/"
    for s, p, o in [("i", "p", "1"), ("i", "p", "2"), ("j", "p", "3")]:
        store.add(Quad(NamedNode(ex + s), NamedNode(ex + p), Literal(o)))
    store.add(Quad(IRI_I, NamedNode(ex + "q"), NamedNode(ex + "i")))
    native = store.query(text, substitutions={Variable("i"): IRI_I})
    rewritten = store.query(substitute(text, {"i": IRI_I}))
    if isinstance(native, QueryBoolean):
        assert bool(native) == bool(rewritten)
    else:
        assert sorted(map(str, native)) == sorted(map(str, rewritten))  # type: ignore[arg-type]
