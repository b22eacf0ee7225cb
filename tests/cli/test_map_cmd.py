"""`mscos map`: the three outputs, resuming, and errors that name the file and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mscos_kg.cli import cli
from tests.mapping.conftest import xlsx


@pytest.fixture()
def names(tmp_path: Path) -> Path:
    path = tmp_path / "ours.csv"
    path.write_text("Code,Our outcome,Description\n1,Secure and suitable housing,\n2,Registered with a GP,\n",
                    encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["map", *args])
    return result.exit_code, result.stdout, result.stderr


def test_sssom_to_a_file_then_resumed(names: Path, tmp_path: Path) -> None:
    out = tmp_path / "ours.sssom.tsv"
    code, _, err = _run(str(names), "--column", "Our outcome", "--top", "2", "--output", str(out))
    assert code == 0 and "2 local outcomes, 0 confirmed" in err
    text = out.read_text(encoding="utf-8")
    assert "local:Registered-with-a-GP\tRegistered with a GP\tskos:closeMatch\tmscos:000106" in text
    # a person confirms the first suggestion of the housing outcome by editing its justification
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("local:Secure-and-suitable-housing"))
    lines[at] = lines[at].replace("semapv:LexicalMatching", "semapv:ManualMappingCuration")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    more = tmp_path / "more.csv"
    more.write_text("Our outcome\nSecure and suitable housing\nRegistered with a GP\nAccess to education\n",
                    encoding="utf-8")
    code, stdout, _ = _run(str(more), "--resume", str(out), "--format", "coverage")
    assert code == 0
    assert "CO1  covered   Secure and suitable housing: Secure and suitable housing" in stdout
    assert "CO7  suggested Access to education" in stdout
    assert "covered: 1 of 7" in stdout


def test_template_from_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "ours.xlsx"
    path.write_bytes(xlsx([["Outcome"], ["Stable accommodation"]]))
    code, stdout, _ = _run(str(path), "--format", "template")
    assert code == 0
    assert stdout.splitlines()[-1].startswith(",,") and ",Stable accommodation," in stdout.splitlines()[-1]


ERRORS = [
    pytest.param("missing.csv", [], "cannot read", id="missing-file"),
    pytest.param("bad.csv", [], "bad.csv, row 2: a cell may not start with", id="formula"),
    pytest.param("ours.csv", ["--column", "Name"], "no column named 'Name'", id="unknown-column"),
    pytest.param("ours.csv", ["--resume", "ours.csv"], "not a mapping file", id="resume-not-sssom"),
]


@pytest.mark.parametrize(("file", "extra", "message"), ERRORS)
def test_errors_name_the_file_and_end_in_exit_2_without_traceback(
    names: Path, file: str, extra: list[str], message: str
) -> None:
    (names.parent / "bad.csv").write_text("Outcome\n=cmd()\n", encoding="utf-8")
    extra = [names.parent / e if e.endswith(".csv") else e for e in extra]  # type: ignore[misc]
    code, stdout, err = _run(str(names.parent / file), *map(str, extra))
    assert code == 2
    assert message in err and "Traceback" not in err + stdout


def test_namespace_must_be_an_address_ending_in_slash(names: Path) -> None:
    result = CliRunner().invoke(cli, ["map", str(names), "--namespace", "ours"])
    assert result.exit_code == 2 and "ending in '/'" in result.output
