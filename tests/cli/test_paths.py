"""The command line and the paths it is given: missing folders, files in the way, folders given as
files, unwritable places, size caps, interrupts. Every case ends in a one-line error naming the
path (no traceback) or in the file written whole.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mscos_kg.cli import cli
from mscos_kg.cli.output import atomic_text_output

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "complete-evaluation.ttl"

# The commands that write a file given with --output / -o, with arguments that keep them quick.
WRITERS = {
    "export": ["export", "--format", "nt"],
    "template": ["template"],
    "synth": ["synth", "--evaluations", "2"],
}


def _mscos(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mscos_kg", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_writing_into_a_missing_folder_creates_it(command: str, tmp_path: Path) -> None:
    target = tmp_path / "new" / "nested" / "out.txt"
    result = CliRunner().invoke(cli, [*WRITERS[command], "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 100
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]  # no temporary file left


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_writing_below_a_file_names_the_file_in_the_way(command: str, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(cli, [*WRITERS[command], "--output", str(blocker / "sub" / "out.txt")])
    assert result.exit_code == 1, result.output
    assert f"{blocker} is a file, not a folder" in result.output
    assert "--output" in result.output  # what to do
    assert blocker.read_text(encoding="utf-8") == "keep me"
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_writing_to_a_folder_is_a_usage_error(command: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [*WRITERS[command], "--output", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "is a directory" in result.output or "is a folder" in result.output


def test_a_failed_write_keeps_the_previous_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_text_output(target) as out:
        out.write("half of the new content")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "template.csv"
    assert CliRunner().invoke(cli, ["template", "-o", str(target)]).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_local_files_have_no_size_cap_unless_asked(tmp_path: Path) -> None:
    # The service's upload cap (MSCOS_MAX_UPLOAD_BYTES) does not apply to local files.
    small_cap = {"MSCOS_MAX_UPLOAD_BYTES": "1024"}
    uncapped = CliRunner().invoke(cli, ["validate", str(EXAMPLE)], env=small_cap)
    assert uncapped.exit_code == 0, uncapped.output
    capped = CliRunner().invoke(cli, ["validate", "--max-bytes", "1024", str(EXAMPLE)])
    assert capped.exit_code == 2
    assert str(EXAMPLE) in capped.output and "the limit is 1,024 bytes" in capped.output


@pytest.mark.parametrize(
    ("name", "expected_format"),
    [("missing.ttl", "turtle"), ("missing.csv", "csv"), ("missing.jsonld", "json-ld"), ("folder", None)],
)
def test_json_report_has_the_format_of_unreadable_files(name: str, expected_format: str | None,
                                                         tmp_path: Path) -> None:
    if name == "folder":
        (tmp_path / name).mkdir()
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(tmp_path / name)])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    (entry,) = report["files"]
    assert set(entry) == {"source", "format", "error", "report"}
    assert entry["format"] == expected_format
    assert entry["report"] is None and entry["error"]["source"] == str(tmp_path / name)


def test_validating_a_folder_says_to_give_its_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path}: is a folder: give the files in it" in result.output


@pytest.mark.parametrize("kind", ["file", "below-a-file"])
def test_serve_refuses_a_store_folder_it_cannot_make(kind: str, tmp_path: Path) -> None:
    blocker = tmp_path / "store.txt"
    blocker.write_text("", encoding="utf-8")
    spec = blocker if kind == "file" else blocker / "store"
    result = CliRunner().invoke(cli, ["serve", "--store", str(spec)])
    assert result.exit_code == 1
    assert str(blocker) in result.output and "--store" in result.output


def test_query_list_says_which_parameters_each_query_takes() -> None:
    result = CliRunner().invoke(cli, ["query", "--list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    gap = lines.index(next(line for line in lines if line.startswith("gap_analysis ")))
    assert lines[gap + 1].split()[:1] == ["--param"] and "intervention=<intervention>" in lines[gap + 1]
    assert lines[gap + 2].lstrip().startswith("[--param country=")  # optional, in brackets
    core = lines.index(next(line for line in lines if line.startswith("core_outcomes ")))
    assert not lines[core + 1].startswith(" ")  # takes none


@pytest.mark.slow
def test_an_os_error_nobody_caught_is_one_line_naming_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "tokens"
    blocker.write_text("", encoding="utf-8")
    proc = _mscos("token", "add", "partner-a", "--tokens-file", str(blocker / "tokens.json"), cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert str(blocker) in proc.stderr


@pytest.mark.slow
def test_ctrl_c_while_writing_leaves_no_file_and_no_traceback(tmp_path: Path) -> None:
    target = tmp_path / "out" / "big.ttl"
    # A shell's background job inherits SIGINT ignored; the child gets the default back, as at a terminal.
    proc = subprocess.Popen([sys.executable, "-m", "mscos_kg", "synth", "--evaluations", "1000000", "-o", str(target)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while not any(target.parent.glob(".big.ttl.*")) and time.monotonic() < deadline:  # writing has begun
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode != 0
    assert "Traceback" not in err and "Aborted!" in err
    assert list(target.parent.iterdir()) == []


def test_writing_through_a_link_replaces_its_target_and_keeps_its_mode(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert CliRunner().invoke(cli, ["template", "-o", str(link)]).exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("# MSCOS")
    assert real.stat().st_mode & 0o777 == 0o600


def test_writing_to_a_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path: Path) -> None:
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    result = CliRunner().invoke(cli, ["template", "-o", str(pipe)])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert received and received[0].startswith(b"# MSCOS")
    assert pipe.is_fifo()  # not replaced by a regular file (as /dev/null or /dev/stdout must not be)


@pytest.mark.parametrize(
    "args",
    [["query", "core_outcomes", "--store", "http://"], ["query", "core_outcomes", "--store", "http://[::1"],
     ["load", "--store", "http://", str(EXAMPLE)], ["serve", "--store", "http://"]],
)
def test_a_malformed_store_url_is_one_line_saying_what_to_give(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and result.exception is not None and isinstance(result.exception, SystemExit)
    assert "is not usable" in result.output and "--store" in result.output


def test_a_query_file_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    query = tmp_path / "mine.rq"
    query.write_bytes(b"\xff\xfe SELECT")
    result = CliRunner().invoke(cli, ["query", "--file", str(query), "--store", "memory"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert f"{query} is not UTF-8 text" in result.output


def test_a_base_that_is_not_an_absolute_iri_is_a_usage_error() -> None:
    csv = REPO / "examples" / "florida-freedom-partnership.csv"
    result = CliRunner().invoke(cli, ["validate", "--base", "not an iri", str(csv)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "--base" in result.output and "absolute IRI" in result.output


def test_an_unreachable_store_says_what_to_check() -> None:
    result = CliRunner().invoke(cli, ["query", "core_outcomes", "--store", "http://127.0.0.1:9/sparql"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "check that the SPARQL server at http://127.0.0.1:9/sparql is running" in result.output


def test_an_output_file_that_is_not_writable_is_a_usage_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root may write any file")
    locked = tmp_path / "locked.csv"
    locked.write_text("keep", encoding="utf-8")
    locked.chmod(0o444)
    result = CliRunner().invoke(cli, ["template", "-o", str(locked)])
    assert result.exit_code == 2 and "is not writable" in result.output
    assert locked.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize(("error", "words"), [(ValueError("boom"), "unexpected ValueError: boom (a bug in mscos"),
                                              (PermissionError(13, "Permission denied", "/x/y"), "/x/y: Permission")])
def test_main_turns_an_uncaught_error_into_one_line(error: Exception, words: str, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import click

    import mscos_kg.cli as cli_module

    @click.command()
    def failing() -> None:
        raise error

    monkeypatch.setattr(cli_module, "cli", failing)
    monkeypatch.setattr(sys, "argv", ["mscos"])
    with pytest.raises(SystemExit) as exited:
        cli_module.main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
