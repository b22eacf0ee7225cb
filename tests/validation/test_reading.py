"""Unreadable and unsafe inputs: a `DatasetReadError` naming the place, and exit code 2 with a
clear message (never a traceback) from `mscos validate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mscos_kg.cli import cli
from mscos_kg.validation import DatasetReadError, InputFormat, load_dataset, read_dataset
from mscos_kg.validation.parsing import ReadOptions
from mscos_kg.validation.template import COLUMNS
from tests.validation.conftest import EXAMPLES

COMPLETE = (EXAMPLES / "complete-evaluation.ttl").read_text(encoding="utf-8")


def _header(skip: str | None = None) -> str:
    return ",".join(c.header for c in COLUMNS if c.key != skip) + "\n"


UNREADABLE = {
    "truncated.ttl": (COMPLETE[: len(COMPLETE) // 2].encode(), "Turtle"),
    "bad-token.ttl": (b'@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n', "line 3"),
    "invalid.jsonld": (b'{"@context": {"ex": "http://e/"},\n "ex:a": [1, 2,\n}', "line 3"),
    "remote-context.jsonld": (
        b'{"@context": "https://evil.example/ctx.jsonld", "@id": "http://e/a"}',
        "not fetched",
    ),
    "import.jsonld": (b'{"@context": {"@import": "https://evil.example/c"}, "@id": "http://e/a"}', "@import"),
    "scoped.jsonld": (
        b'{"@context": {"t": {"@id": "http://e/t", "@context": "https://evil.example/s"}}, "t": {"@id": "http://e/a"}}',
        "not fetched",
    ),
    "nested.jsonld": (b'{"@id": "http://e/a", "http://e/p": {"@context": "https://evil.example/n"}}', "not fetched"),
    "entity.rdf": (
        b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
        "DTD",
    ),
    "broken.rdf": (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description>\n</rdf:RDF>',
        "RDF/XML",
    ),
    "broken.nt": (b"<http://a> <http://b> <http://c> .\n<http://a> <http://b> oops .\n", "line 2"),
    # IRIs: relative ones with no base, and strings that are not IRIs, in every RDF syntax.
    "relative.ttl": (b"@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b <rel> .\n", "line 3"),
    "relative.nt": (b"<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> <rel> .\n", "line 2"),
    "relative.jsonld": (b'{"@context": {"ex": "http://e/"},\n "@id": "rel",\n "ex:b": "v"}', "relative IRI 'rel'"),
    "relative.rdf": (
        b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:ex="http://e/">\n<rdf:Description rdf:about="http://e/a">\n<ex:b rdf:resource="other"/>\n'
        b"</rdf:Description>\n</rdf:RDF>\n",
        "line 4",
    ),
    "relative-datatype.ttl": (b'@prefix ex: <http://e/> .\nex:a ex:b "1"^^<int> .\n', "relative IRI"),
    "invalid-iri.ttl": (b"@prefix ex: <http://e/> .\nex:a ex:b <http://exa mple.org/x> .\n", "line 2"),
    "invalid-iri.jsonld": (b'{"@id": "http://e/a",\n "http://e/b": {"@id": "http://e/{x}"}}', "not a valid IRI"),
    "garbage.ttl": (bytes(range(256)) * 4, "binary"),
    "latin1.ttl": ('@prefix ex: <http://e/> .\nex:a ex:b "caf\u00e9" .\n'.encode("latin-1"), "UTF-8"),
    "missing-column.csv": (_header(skip="timepoint").encode(), "Timepoint"),
    "unknown-column.csv": ((_header().rstrip("\n") + ",Client name\n").encode(), "Client name"),
    "short-row.csv": ((_header() + "a,b,c\n").encode(), "row 2"),
    "no-header.csv": (b"# only comments\n", "no header"),
    "empty.csv": (_header().encode(), "no data rows"),
    "formula.csv": (
        (_header() + ",".join(["=cmd()"] + [""] * (len(COLUMNS) - 1)) + "\n").encode(),
        "formula",
    ),
}


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_input_raises_a_located_error(name: str, tmp_path: Path) -> None:
    content, fragment = UNREADABLE[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DatasetReadError) as caught:
        load_dataset(path)
    assert name in str(caught.value)
    assert fragment.lower() in str(caught.value).lower()


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_cli_exits_2_with_a_message_and_no_traceback(name: str, tmp_path: Path) -> None:
    content, _ = UNREADABLE[name]
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert f"error: {path}" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_50_megabyte_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.ttl"
    with path.open("wb") as handle:
        handle.write(b"# padding\n" * (5 * 1024 * 1024))
    assert path.stat().st_size >= 50 * 1024 * 1024
    with pytest.raises(DatasetReadError, match="limit"):
        load_dataset(path)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2 and "limit" in result.output


def test_bytes_over_the_limit_are_refused() -> None:
    with pytest.raises(DatasetReadError, match="limit"):
        load_dataset(b"x" * 2048, format="turtle", options=ReadOptions(max_bytes=1024))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for target, fragment in ((tmp_path / "nope.ttl", "no such file"), (tmp_path, "directory")):
        with pytest.raises(DatasetReadError, match=fragment):
            load_dataset(target, format="turtle")


def test_error_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "missing-column.csv"
    path.write_text(_header(skip="reported_by"), encoding="utf-8")
    with pytest.raises(DatasetReadError) as caught:
        load_dataset(path)
    assert caught.value.to_json()["column"] == "Reported by"
    assert caught.value.to_json()["row"] == 1
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(path)])
    body = json.loads(result.output.split("\n", 1)[1])  # stderr line first (CliRunner mixes streams)
    assert body["exitCode"] == 2 and body["files"][0]["error"]["column"] == "Reported by"


def test_the_published_context_is_served_locally(tmp_path: Path) -> None:
    doc = {
        "@context": "https://w3id.org/mscos/context.jsonld",
        "@id": "http://e/m1",
        "type": "OutcomeMeasurement",
        "timepoint": "P6M",
        "measuresOutcome": "mscosid:000101",
    }
    graph = load_dataset(json.dumps(doc).encode(), format=InputFormat.JSONLD)
    assert len(graph) == 3
    assert {str(o) for o in graph.objects()} >= {"P6M", "https://w3id.org/mscos/id/000101"}


def test_format_from_content_when_there_is_no_suffix() -> None:
    loaded = read_dataset(COMPLETE.encode(), name="upload")
    assert loaded.format is InputFormat.TURTLE and len(loaded.graph) > 50


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("relative.ttl", UNREADABLE["relative.ttl"][0], "line 3: relative IRI 'rel' with no base"),
        ("relative.jsonld", UNREADABLE["relative.jsonld"][0], "line 2: relative IRI 'rel'"),
        ("invalid-iri.ttl", UNREADABLE["invalid-iri.ttl"][0], "line 2: 'http://exa mple.org/x' is not a valid IRI"),
    ],
)
def test_cli_names_file_and_line_of_a_bad_iri(name: str, content: bytes, words: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"error: {path}, {words}" in result.output


# (N-Triples has no relative IRIs at all, base or not.)
@pytest.mark.parametrize("name", ["relative.ttl", "relative.jsonld", "relative.rdf"])
def test_a_given_base_resolves_relative_iris(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(UNREADABLE[name][0])
    graph = load_dataset(path, options=ReadOptions(base_iri="https://partner.example/data/"))
    assert any(str(t).startswith("https://partner.example/data/") for t in graph.all_nodes())
    result = CliRunner().invoke(cli, ["validate", "--base", "https://partner.example/data/", str(path)])
    assert result.exit_code == 1, result.output  # read, and rejected by the shapes (no partner dataset)
    assert "DatasetDescribed" in result.output
