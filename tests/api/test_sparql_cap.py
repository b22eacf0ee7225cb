"""api/sparql_cap.py: the LIMIT the store port's queries get, placed by the lexer."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from mscos_api.sparql_cap import limit_rows


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }\nLIMIT 11\n"),
        ("SELECT * WHERE { ?s ?p ?o } # LIMIT 5", "SELECT * WHERE { ?s ?p ?o } # LIMIT 5\nLIMIT 11\n"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 5", "SELECT * WHERE { ?s ?p ?o } LIMIT 5"),
        ("SELECT * WHERE { ?s ?p ?o } limit 500 OFFSET 2", "SELECT * WHERE { ?s ?p ?o } limit 11 OFFSET 2"),
        ("SELECT * WHERE { ?s ?p ?o } OFFSET 3", "SELECT * WHERE { ?s ?p ?o } OFFSET 3\nLIMIT 11\n"),
        ("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 99 } }",
         "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 99 } }\nLIMIT 11\n"),
        ("SELECT * WHERE { ?s ?p ?o } VALUES ?s { <http://a> }",
         "SELECT * WHERE { ?s ?p ?o } \nLIMIT 11\nVALUES ?s { <http://a> }"),
        ("SELECT * WHERE { ?s ?p 'LIMIT 99' }", "SELECT * WHERE { ?s ?p 'LIMIT 99' }\nLIMIT 11\n"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s",
         "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s\nLIMIT 11\n"),
        ("DESCRIBE <http://x> LIMIT 3", "DESCRIBE <http://x> LIMIT 3"),
    ],
)
def test_sparql_cap_adds_or_lowers_the_top_level_limit(query: str, expected: str) -> None:
    capped = limit_rows(query, 11)
    assert capped == expected
    ox.Store().query(capped)  # still valid SPARQL


def test_sparql_cap_keeps_the_rows_below_the_cap() -> None:
    store = ox.Store()
    for i in range(30):
        store.add(ox.Quad(ox.NamedNode(f"http://s/{i}"), ox.NamedNode("http://p"), ox.Literal(i)))
    query = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?o"
    assert list(store.query(limit_rows(query, 11))) == list(store.query(query))[:11]


def test_sparql_cap_protects_the_port_from_a_cartesian_select(client: TestClient) -> None:
    """Without the cap the port would build 64 million rows; with it the answer is immediate."""
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
    assert response.status_code == 200
    assert response.headers["x-mscos-truncated"] == "true"
    assert len(response.json()["results"]["bindings"]) == 10_000
