"""Reading the list of local outcome names: CSV and XLSX, header detection, the intake rules."""

from __future__ import annotations

import io
import zipfile

import pytest

from mscos_kg.mapping import ListOptions, MappingInputError, read_outcome_list
from tests.mapping.conftest import xlsx

READS = [
    pytest.param(b"Housing\nEmployment\n", ListOptions(), ["Housing", "Employment"], id="no-header-first-column"),
    pytest.param(b"Outcome\nHousing\nEmployment\n", ListOptions(), ["Housing", "Employment"], id="known-header"),
    pytest.param(b"id,Outcome name,notes\n1,Housing,x\n2,Employment,y\n", ListOptions(), ["Housing", "Employment"],
                 id="header-finds-name-column"),
    pytest.param(b"code,Our name\n1,Housing\n2,Employment\n", ListOptions(column="our name"),
                 ["Housing", "Employment"], id="column-by-name"),
    pytest.param("\ufeffOutcome;Description\nHousing;a home\n".encode(), ListOptions(), ["Housing"],
                 id="bom-and-semicolons"),
    pytest.param(b"Housing\nhousing\n  Housing  \n\nEmployment\n", ListOptions(), ["Housing", "Employment"],
                 id="duplicates-and-blanks-once"),
    pytest.param(b"# our list\nHousing\n", ListOptions(), ["Housing"], id="comment-lines-skipped"),
    pytest.param(b"Outcome\n-1\n", ListOptions(), ["-1"], id="plain-number-is-not-a-formula"),
    pytest.param(b'"Secure\n housing"\n', ListOptions(), ["Secure housing"], id="line-break-in-cell-folded"),
]


@pytest.mark.parametrize(("data", "options", "labels"), READS)
def test_list_reads(data: bytes, options: ListOptions, labels: list[str]) -> None:
    assert [o.label for o in read_outcome_list(data, "list.csv", options)] == labels


def test_description_column_is_found_by_its_header() -> None:
    outcomes = read_outcome_list(b"Outcome,Description\nHousing,Has a tenancy\n", "list.csv")
    assert (outcomes[0].label, outcomes[0].description) == ("Housing", "Has a tenancy")


def test_keys_are_the_template_slugs_and_unique() -> None:
    outcomes = read_outcome_list(b"Secure housing!\nSecure housing?\n", "list.csv")
    assert [o.key for o in outcomes] == ["Secure-housing", "Secure-housing-2"]


REFUSALS = [
    pytest.param(b"Outcome\n=HYPERLINK(\"http://x\")\n", ListOptions(), "formulas are refused", 2, id="formula"),
    pytest.param(b"Outcome,Description\nHousing,@SUM(A1)\n", ListOptions(), "formulas are refused", 2,
                 id="formula-in-description"),
    pytest.param(b"Outcome\n" + b"x" * 301 + b"\n", ListOptions(), "longer than 300", 2, id="long-name"),
    pytest.param(b"\xff\xfeH\x00", ListOptions(), "not UTF-8", None, id="not-utf8"),
    pytest.param(b"Outcome\n", ListOptions(), "name column is empty", None, id="header-only"),
    pytest.param(b"\n\n", ListOptions(), "no outcome names", None, id="empty"),
    pytest.param(b"Outcome\nHousing\n", ListOptions(column="Name"), "no column named 'Name'", 1,
                 id="unknown-column"),
    pytest.param(b"a\nb\nc\n", ListOptions(max_outcomes=2), "more than 2 outcome names", 3, id="too-many"),
    pytest.param(b"Housing\n" * 10, ListOptions(max_bytes=20), "larger than the limit", None, id="too-large"),
    pytest.param(b"#\n" * 10_001, ListOptions(), "more than 10,000 rows", None, id="too-many-rows"),
]


@pytest.mark.parametrize(("data", "options", "message", "row"), REFUSALS)
def test_list_refusals_name_the_file_the_row_and_what_to_do(
    data: bytes, options: ListOptions, message: str, row: int | None
) -> None:
    with pytest.raises(MappingInputError) as caught:
        read_outcome_list(data, "list.csv", options)
    assert message in caught.value.message
    assert caught.value.source == "list.csv"
    assert caught.value.row == row


def test_xlsx_first_sheet_with_header_and_description() -> None:
    data = xlsx([["Outcome", "Description"], ["Stable accommodation", "a tenancy"], ["Paid work", ""]])
    outcomes = read_outcome_list(data, "list.xlsx")
    assert [(o.label, o.description) for o in outcomes] == [("Stable accommodation", "a tenancy"), ("Paid work", "")]


XLSX_REFUSALS = [
    pytest.param(xlsx([["Outcome"], ["Housing"]], formula_at="A2"), "holds a formula", id="formula-cell"),
    pytest.param(xlsx([["Outcome"], ["=cmd|' /C calc'!A0"]]), "formulas are refused", id="formula-text"),
    pytest.param(xlsx([["Housing"]], sheet_prefix='<!DOCTYPE x [<!ENTITY a "aaaa">]>'), "DTD or entities",
                 id="entity-declaration"),
    pytest.param(b"PK\x03\x04 not a zip", "not a readable XLSX", id="broken-zip"),
    pytest.param(xlsx([["Outcome"], ["Housing"]], rename=('r="A2"', 'r="IW2"')), "beyond column 256",
                 id="far-column"),
]


@pytest.mark.parametrize(("data", "message"), XLSX_REFUSALS)
def test_xlsx_refusals(data: bytes, message: str) -> None:
    with pytest.raises(MappingInputError, match=message):
        read_outcome_list(data, "list.xlsx")


def test_xlsx_zip_bomb_is_refused_before_unpacking() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 2_000_000 + b"</a>")
    data = out.getvalue()
    assert len(data) < 10_000
    with pytest.raises(MappingInputError, match="unpacks to more than"):
        read_outcome_list(data, "bomb.xlsx", ListOptions(max_bytes=100_000))
