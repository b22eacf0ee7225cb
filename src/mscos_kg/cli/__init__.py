"""The `mscos` command line."""

from __future__ import annotations

import sys

import click

from mscos_kg import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mscos")
def cli() -> None:
    """mscos: the Modern Slavery Core Outcome Set knowledge graph."""


from mscos_kg.cli.map_cmd import map_cmd  # noqa: E402
from mscos_kg.cli.serve_cmd import serve  # noqa: E402
from mscos_kg.cli.store_cmds import load_cmd, query_cmd  # noqa: E402
from mscos_kg.cli.synth_cmd import synth_cmd  # noqa: E402
from mscos_kg.cli.token_cmd import token  # noqa: E402
from mscos_kg.cli.validate_cmds import template_cmd, validate_cmd  # noqa: E402
from mscos_kg.cli.vocab_cmds import check, export, vocab  # noqa: E402

cli.add_command(vocab)
cli.add_command(check)
cli.add_command(export)
cli.add_command(serve)
cli.add_command(token)
cli.add_command(validate_cmd)
cli.add_command(template_cmd)
cli.add_command(synth_cmd)
cli.add_command(load_cmd)
cli.add_command(query_cmd)
cli.add_command(map_cmd)


def main() -> None:
    """Run `mscos`: an error nobody caught ends in one line (naming the file for an OS error), never a traceback."""
    from mscos_kg.cli.output import os_error_text

    try:
        cli(standalone_mode=True)
    except OSError as exc:
        click.echo(f"error: {os_error_text(exc)}; check the path and its permissions", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug: one line for the user (tests call `cli` and still see it raised)
        click.echo(f"error: unexpected {type(exc).__name__}: {exc} (a bug in mscos: please report it with the "
                   "command you ran)", err=True)
        sys.exit(1)
