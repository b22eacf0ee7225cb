"""Formula injection: which cells are neutralised, and that every CSV/TSV writer does it."""

from __future__ import annotations

import csv
import io

import pytest
from pyoxigraph import Literal, NamedNode

from mscos_kg.csvsafe import is_formula, neutralise, neutralise_tsv
from mscos_kg.queries.formats import render_csv
from mscos_kg.store.results import SelectResult

FORMULAS = ["=1+1", "+1+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x")', "-", "+", "--1", "-1-1", "-e5"]
NOT_FORMULAS = ["", "adults", "1", "-1", "+2.5", "-3e4", ".5", "-.5", "'=1+1", " =1", "a=b", "P6M"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_cell_that_starts_a_formula_gets_a_quote(cell: str) -> None:
    assert is_formula(cell) and neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", NOT_FORMULAS)
def test_text_and_plain_numbers_are_left_alone(cell: str) -> None:
    assert not is_formula(cell) and neutralise(cell) == cell


def test_tsv_literals_are_neutralised_inside_their_quotes() -> None:
    data = (
        b'?a\t?b\n"=cmd"\t<https://x.example/=>\n"-1"^^<http://www.w3.org/2001/XMLSchema#integer>\t-1\n"@x"@en\t"ok"\n'
    )
    assert neutralise_tsv(data) == (
        b'?a\t?b\n"\'=cmd"\t<https://x.example/=>\n"-1"^^<http://www.w3.org/2001/XMLSchema#integer>\t-1\n"\'@x"@en\t"ok"\n'
    )


def test_named_query_csv_neutralises_cells_but_not_numbers() -> None:
    integer = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    result = SelectResult(
        variables=("label", "n"),
        rows=((Literal('=HYPERLINK("https://evil.example")'), Literal("-1", datatype=integer)),),
    )
    [header, row] = list(csv.reader(io.StringIO(render_csv(result))))
    assert header == ["label", "n"]
    assert row == ['\'=HYPERLINK("https://evil.example")', "-1"]


def test_the_template_and_export_hold_no_formula() -> None:
    from mscos_kg.validation.template import template_text

    rows = [r for r in csv.reader(io.StringIO(template_text())) if r and not r[0].startswith("#")]
    assert rows and not any(is_formula(c) for r in rows for c in r)


def test_a_cell_with_a_carriage_return_is_quoted_so_it_cannot_start_a_row() -> None:
    from mscos_kg.csvsafe import SafeWriter

    buffer = io.StringIO()
    SafeWriter(buffer, lineterminator="\n").writerow(["a", "\r=1+1"])
    rows = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert rows == [["a", "'\r=1+1"]]
