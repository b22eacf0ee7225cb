"""The storage port's contract, run on the embedded store (memory and directory) and a real server."""

from __future__ import annotations

import threading

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryResultsFormat,
    QuerySolutions,
    Triple,
    parse_query_results,
)

from mscos_kg.store import Dataset, GraphAnnotation, QueryFormError, QuerySyntaxError, Store

EX = "https://example.org/"
P = NamedNode(EX + "p")
G1, G2, META = NamedNode(EX + "g1"), NamedNode(EX + "g2"), NamedNode(EX + "meta")
XSD = "http://www.w3.org/2001/XMLSchema#"


def triples(n: int, value: str = "v") -> list[Triple]:
    return [Triple(NamedNode(f"{EX}s{i}"), P, Literal(f"{value}{i}")) for i in range(n)]


def count(store: Store, graph: NamedNode | None = None) -> int:
    if graph is None:
        result = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/p> ?o }")
    else:
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <https://example.org/p> ?o } } GROUP BY ?g"
        result = store.select(query, {"g": graph})
        if not result.rows:
            return 0
    value = result.rows[0][-1]
    assert isinstance(value, Literal)
    return int(value.value)


def test_queries_see_the_union_of_the_named_graphs(store: Store) -> None:
    store.load_graph(G1, triples(3))
    store.load_graph(G2, triples(2, "w"))
    assert count(store) == 5
    assert [g.value for g in store.graphs()] == [G1.value, G2.value]


def test_a_query_naming_its_dataset_is_not_run_over_the_union(store: Store) -> None:
    store.load_graph(G1, triples(3))
    store.load_graph(G2, triples(2, "w"))
    subjects = "SELECT ?o FROM <https://example.org/g2> WHERE { ?s <https://example.org/p> ?o }"
    assert sorted(row[0].value for row in store.select(subjects).rows) == ["w0", "w1"]  # type: ignore[union-attr]
    named = "ASK FROM NAMED <https://example.org/g1> WHERE { GRAPH <https://example.org/g2> { ?s ?p ?o } }"
    assert not store.ask(named)
    assert store.ask(named.replace("g2> {", "g1> {"))


def test_an_explicit_dataset_replaces_the_union_and_the_query_from(store: Store) -> None:
    store.load_graph(G1, triples(3))
    store.load_graph(G2, triples(2, "w"))
    query = "SELECT ?o FROM <https://example.org/g1> WHERE { ?s <https://example.org/p> ?o }"
    only_g2 = Dataset(default_graphs=(G2,))
    assert sorted(row[0].value for row in store.select(query, dataset=only_g2).rows) == ["w0", "w1"]  # type: ignore[union-attr]
    # default graphs only: GRAPH sees nothing; named graphs only: the default graph is empty
    assert not store.ask("ASK { GRAPH ?g { ?s ?p ?o } }", dataset=only_g2)
    assert not store.ask("ASK { ?s ?p ?o }", dataset=Dataset(named_graphs=(G1,)))
    assert store.ask("ASK { GRAPH <https://example.org/g1> { ?s ?p ?o } }", dataset=Dataset(named_graphs=(G1,)))
    built = store.construct("CONSTRUCT WHERE { ?s ?p ?o }", dataset=Dataset(default_graphs=(G1, G2)))
    assert len(built) == 5
    assert store.select("SELECT * WHERE { ?s ?p ?o }", dataset=Dataset((NamedNode(EX + "absent"),))).rows == ()
    with pytest.raises(ValueError, match="at least one graph"):
        Dataset()


def test_select_binds_typed_terms(store: Store) -> None:
    store.load_graph(G1, triples(3))
    result = store.select("SELECT ?s ?o WHERE { ?s <https://example.org/p> ?o }", {"o": Literal("v1")})
    assert result.variables == ("s", "o")
    assert result.rows == ((NamedNode(EX + "s1"), Literal("v1")),)
    assert store.ask("ASK { ?s <https://example.org/p> ?o }", {"s": NamedNode(EX + "s2")})
    assert not store.ask("ASK { ?s <https://example.org/p> ?o }", {"s": NamedNode(EX + "nobody")})


def test_select_sparql_json_holds_the_same_solutions_as_select(store: Store) -> None:
    """The store's own SPARQL JSON (the service passes it on) reads back to `select`'s rows, unbound cells too."""
    data = [*triples(3), Triple(NamedNode(EX + "s9"), P, Literal("Logement", language="fr")),
            Triple(NamedNode(EX + "s8"), P, Literal("2021", datatype=NamedNode(XSD + "gYear"))),
            Triple(BlankNode(), P, Literal('quote " and } { ,'))]
    store.replace_graph(G1, data)
    query = "SELECT ?s ?o ?missing ?p WHERE { ?s ?p ?o OPTIONAL { ?s <https://example.org/q> ?missing } } ORDER BY ?o"
    bound = {"p": P}
    expected = store.select(query, bound)
    written = store.select_sparql_json(query, bound)
    parsed = parse_query_results(written, format=QueryResultsFormat.JSON)
    assert isinstance(parsed, QuerySolutions)
    assert tuple(v.value for v in parsed.variables) == expected.variables == ("s", "o", "missing", "p")
    rows = [tuple(solution[i] for i in range(4)) for solution in parsed]
    assert len(rows) == len(expected.rows) == 6
    for got, want in zip(rows, expected.rows, strict=True):
        assert got[1:] == want[1:]  # blank node labels may differ between two runs
        assert type(got[0]) is type(want[0]) and (isinstance(got[0], BlankNode) or got[0] == want[0])
    with pytest.raises(QueryFormError):
        store.select_sparql_json("ASK { ?s ?p ?o }")


def test_construct_returns_triples(store: Store) -> None:
    store.load_graph(G1, triples(2))
    built = store.construct("CONSTRUCT { ?s <https://example.org/q> ?o } WHERE { ?s <https://example.org/p> ?o }")
    assert sorted(str(t) for t in built) == sorted(
        str(Triple(NamedNode(f"{EX}s{i}"), NamedNode(EX + "q"), Literal(f"v{i}"))) for i in range(2)
    )
    assert len(store.construct("DESCRIBE <https://example.org/s0>")) == 1


def test_wrong_form_and_bad_syntax_are_errors(store: Store) -> None:
    with pytest.raises(QueryFormError):
        store.select("ASK { ?s ?p ?o }")
    with pytest.raises(QueryFormError):
        store.ask("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError):
        store.select("SELECT ?s WHERE { ?s ?p }")


def test_literals_survive_a_round_trip(store: Store) -> None:
    tricky = [
        Literal('quote " backslash \\ newline \n tab \t'),
        Literal("looks like an escape: \\u0022 and \\n"),
        Literal("zéro 🙂 ∑"),
        Literal("Logement", language="fr"),
        Literal("2021", datatype=NamedNode(XSD + "gYear")),
        Literal("} } DROP ALL ; INSERT DATA { <a:b> <a:b> <a:b> }"),
    ]
    data = [Triple(NamedNode(f"{EX}t{i}"), P, value) for i, value in enumerate(tricky)]
    store.replace_graph(G1, data)
    got = store.select("SELECT ?s ?o WHERE { ?s <https://example.org/p> ?o } ORDER BY ?s")
    assert [row[1] for row in got.rows] == tricky
    assert [g.value for g in store.graphs()] == [G1.value]


def test_blank_nodes_stay_distinct_and_linked(store: Store) -> None:
    a, b = BlankNode(), BlankNode()
    store.replace_graph(G1, [Triple(a, P, Literal("a")), Triple(b, P, Literal("b")), Triple(a, P, b)])
    result = store.select("SELECT ?x ?y WHERE { ?x <https://example.org/p> ?y . ?y <https://example.org/p> ?z }")
    assert len(result.rows) == 1


def test_replace_graph_replaces_and_rewrites_its_annotation(store: Store) -> None:
    store.load_graph(G1, triples(5))
    old_note = GraphAnnotation(META, (G1,), (Triple(G1, P, Literal("first")),))
    store.replace_graph(G1, triples(5), annotation=old_note)
    new_note = GraphAnnotation(META, (G1,), (Triple(G1, P, Literal("second")),))
    store.replace_graph(G1, triples(2, "w"), annotation=new_note)
    assert count(store, G1) == 2
    notes = store.select("SELECT ?g ?o WHERE { GRAPH ?g { ?s <https://example.org/p> ?o } }", {"g": META})
    assert [row[1] for row in notes.rows] == [Literal("second")]


def test_replace_graph_retires_other_graphs_in_the_same_write(store: Store) -> None:
    store.load_graph(G1, triples(3))
    store.replace_graph(G2, triples(4), retire=[G1])
    assert [g.value for g in store.graphs()] == [G2.value]
    assert count(store) == 4


def test_drop_graph_removes_data_and_annotation(store: Store) -> None:
    store.replace_graph(G1, triples(3), annotation=GraphAnnotation(META, (G1,), (Triple(G1, P, Literal("x")),)))
    store.drop_graph(G1, annotation=GraphAnnotation(META, (G1,)))
    assert store.graphs() == []
    store.drop_graph(G1)  # absent is fine


def test_a_query_never_sees_half_a_replacement(store: Store) -> None:
    """Replace a graph of 2,000 triples by one of 3,000 while counting: only 2,000 or 3,000."""
    small, large = triples(2000, "a"), triples(3000, "b")
    store.replace_graph(G1, small)
    seen: set[int] = set()
    done = threading.Event()

    def writer() -> None:
        for i in range(6):
            store.replace_graph(G1, large if i % 2 == 0 else small)
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    while not done.is_set():
        seen.add(count(store))
    thread.join()
    seen.add(count(store))
    assert seen <= {2000, 3000}, seen
