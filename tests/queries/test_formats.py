"""Output formats: SPARQL JSON and CSV that other tools read, a table for people."""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, QueryResultsFormat, QuerySolutions, parse_query_results

from mscos_kg.queries.formats import OutputFormat, render
from mscos_kg.store.results import SelectResult

XSD = "http://www.w3.org/2001/XMLSchema#"
RESULT = SelectResult(
    ("outcome", "label", "n", "note"),
    (
        (
            NamedNode("https://w3id.org/mscos/id/000101"),
            Literal("Housing", language="en"),
            Literal("3", datatype=NamedNode(XSD + "integer")),
            None,
        ),
        (
            BlankNode("b1"),
            Literal('a "quoted", long\nvalue'),
            Literal("0", datatype=NamedNode(XSD + "integer")),
            Literal("x"),
        ),
    ),
)


def test_json_is_sparql_results_json() -> None:
    parsed = parse_query_results(render(RESULT, OutputFormat.JSON), QueryResultsFormat.JSON)
    assert isinstance(parsed, QuerySolutions)
    rows = [tuple(s[v] for v in ("outcome", "label", "n", "note")) for s in parsed]
    assert rows[0] == RESULT.rows[0]
    assert rows[1][1:] == RESULT.rows[1][1:]


def test_ask_results_in_json() -> None:
    assert render(True, OutputFormat.JSON).strip() == '{"head": {}, "boolean": true}'
    assert render(False, OutputFormat.TABLE) == "false\n"


def test_csv_has_plain_values_and_a_header() -> None:
    text = render(RESULT, OutputFormat.CSV)
    lines = text.split("\r\n")
    assert lines[0] == "outcome,label,n,note"
    assert lines[1] == "https://w3id.org/mscos/id/000101,Housing,3,"
    assert '"a ""quoted"", long\nvalue"' in text


def test_table_shortens_iris_and_counts_rows() -> None:
    text = render(RESULT, OutputFormat.TABLE)
    assert "id:000101" in text and "(2 rows)" in text
