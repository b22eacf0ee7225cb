"""docs/cli.md documents every command and option, and the commands of the docs run.

The option reference in docs/cli.md is generated from click (`mscos_kg.cli.reference`); it must
be current. Blocks fenced as `sh` in docs/cli.md and docs/getting-started.md are run: each
`mscos` line in a fresh folder holding the repository's examples/, each `curl` line against the
service (a TestClient of the app on the in-memory store). A trailing `# exit N` is the status
the line must end with (default 0).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import click
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from mscos_kg.cli import cli
from mscos_kg.cli.reference import BEGIN, END, walk, with_reference
from mscos_kg.config import Settings

REPO = Path(__file__).resolve().parents[2]
CLI_DOC = REPO / "docs" / "cli.md"
RUN_DOCS = (CLI_DOC, REPO / "docs" / "getting-started.md")
SERVICE = "http://127.0.0.1:8000"
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)


def _blocks(doc: Path, fence: str) -> list[str]:
    return [body for kind, body in _BLOCK.findall(doc.read_text(encoding="utf-8")) if kind == fence]


def _run_blocks() -> Iterator[tuple[str, int, str]]:
    for doc in RUN_DOCS:
        for number, body in enumerate(_blocks(doc, "sh")):
            yield doc.name, number, body


def test_the_option_reference_is_current() -> None:
    page = CLI_DOC.read_text(encoding="utf-8")
    assert BEGIN in page and END in page
    assert with_reference(page, cli) == page, "run: python -m mscos_kg.cli.reference docs/cli.md"


@pytest.mark.parametrize("path", [" ".join(p) for p, c in walk(cli) if not isinstance(c, click.Group)])
def test_every_command_has_an_example(path: str) -> None:
    examples = "\n".join(_blocks(CLI_DOC, "sh") + _blocks(CLI_DOC, "shell"))
    assert re.search(rf"^{re.escape(path)}( |$)", examples, re.M), f"docs/cli.md has no example of `{path}`"


def test_every_option_is_in_the_reference() -> None:
    reference = CLI_DOC.read_text(encoding="utf-8").partition(BEGIN)[2]
    for path, command in walk(cli):
        section = reference.partition(f"### `{' '.join(path)}`")[2].partition("\n### ")[0]
        assert section, f"no section for {' '.join(path)}"
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                for name in param.opts:
                    assert f"`{name}`" in section, f"{name} of {' '.join(path)} is not documented"


def _lines(body: str) -> Iterator[tuple[list[str], int]]:
    for line in body.splitlines():
        text, _, comment = line.partition("   #") if "   #" in line else (line, "", "")
        expected = re.search(r"exit (\d+)", comment)
        if text.strip():
            yield shlex.split(text), int(expected.group(1)) if expected else 0


def _curl(client: TestClient, args: list[str]) -> int:
    """A GET as the doc's curl line sends it (-s, -H, -G with --data-urlencode)."""
    headers: dict[str, str] = {}
    params: list[tuple[str, str]] = []
    url = ""
    items = iter(args[1:])
    for item in items:
        if item == "-H":
            name, _, value = next(items).partition(":")
            headers[name.strip()] = value.strip()
        elif item == "--data-urlencode":
            name, _, value = next(items).partition("=")
            params.append((name, value))
        elif item.startswith(SERVICE):
            url = item
        else:
            assert item in ("-s", "-G"), f"the doc test does not know curl's {item}"
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode(params)) if q)
    response = client.get(parts.path + (f"?{query}" if query else ""), headers=headers)
    assert response.status_code == 200, (url, response.status_code, response.text[:300])
    assert response.content
    return response.status_code


@pytest.fixture(scope="module")
def service() -> Iterator[TestClient]:
    from mscos_api.app import create_app

    with TestClient(create_app(Settings(store="memory"))) as client:
        yield client


@pytest.mark.slow
@pytest.mark.parametrize(("doc", "number", "body"), list(_run_blocks()), ids=lambda v: str(v)[:20])
def test_the_docs_commands_run(doc: str, number: int, body: str, tmp_path: Path, service: TestClient,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "examples").symlink_to(REPO / "examples")
    monkeypatch.chdir(tmp_path)
    for args, expected in _lines(body):
        if args[0] == "curl":
            _curl(service, args)
            continue
        assert args[0] == "mscos", f"{doc}: run only mscos and curl lines in `sh` blocks, not {args[0]}"
        result = CliRunner().invoke(cli, args[1:], catch_exceptions=False)
        assert result.exit_code == expected, (doc, args, result.output[-2000:])
