"""`mscos map`: suggest MSCOS outcomes for a list of local outcome names, and write the result.

Exit codes: 0 written, 2 an input could not be read (the message names the file and what to do).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_UNREADABLE = 2


def _read(path: Path) -> bytes:
    from mscos_kg.cli.output import os_error_text

    try:
        return path.read_bytes()
    except OSError as exc:
        click.echo(f"error: cannot read {os_error_text(exc, path)}; check the path", err=True)
        sys.exit(EXIT_UNREADABLE)


@click.command("map")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--column", default=None,
              help="Header of the column holding the outcome names (default: a column named like 'outcome' or"
                   " 'name', else the first).")
@click.option("--description-column", default=None,
              help="Header of a column of descriptions (default: a column named 'description' or 'definition').")
@click.option("--top", type=click.IntRange(1, 20), default=5, show_default=True,
              help="Suggestions per local outcome.")
@click.option("--format", "fmt", type=click.Choice(["sssom", "template", "coverage"]), default="sssom",
              show_default=True,
              help="sssom: the SSSOM mapping table; template: the partner-dataset CSV template pre-filled with the"
                   " local outcomes; coverage: which of the 7 core outcomes the list covers.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@click.option("--resume", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="A mapping file (SSSOM TSV) written earlier: its confirmed mappings are kept.")
@click.option("--namespace", default=None,
              help="Your dataset namespace (https://.../ ending in /): local outcomes are minted under it.")
def map_cmd(file: Path, column: str | None, description_column: str | None, top: int, fmt: str,
            output: Path | None, resume: Path | None, namespace: str | None) -> None:
    """Map a list of local outcome names (CSV or XLSX, or a mapping file to continue) to MSCOS outcomes.

    FILE holds one name per row. A mapping file (SSSOM TSV written by this command) can be given as
    FILE or with --resume to continue where you left off: rows a person confirmed
    (semapv:ManualMappingCuration) are kept; to confirm one, change its mapping_justification.
    """
    from mscos_kg.cli.output import write_text_output
    from mscos_kg.mapping import (
        ListOptions,
        MapOptions,
        MappingInputError,
        coverage,
        coverage_text,
        prefilled_template,
        start,
        to_sssom,
    )
    from mscos_kg.search import SearchIndex, build_entries
    from mscos_kg.vocab.export import load_vocabulary

    if namespace is not None and not (namespace.startswith(("http://", "https://")) and namespace.endswith("/")):
        raise click.BadParameter("give a web address ending in '/', e.g. https://your-organisation.example/data/",
                                 param_hint="--namespace")
    data = _read(file)
    earlier = _read(resume) if resume is not None else None
    options = MapOptions(top=top, namespace=namespace,
                         list_options=ListOptions(column=column, description_column=description_column))
    index = SearchIndex(build_entries(load_vocabulary()))
    try:
        mapping = start(index, data, str(file), resume=earlier, resume_name=str(resume or ""), options=options)
    except MappingInputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    if fmt == "sssom":
        text = to_sssom(mapping)
    elif fmt == "template":
        text = prefilled_template(index, mapping)
    else:
        text = coverage_text(coverage(index, mapping))
    if output is None:
        click.echo(text, nl=False)
        return
    write_text_output(output, text)
    confirmed = sum(o.confirmed for o in mapping.outcomes)
    click.echo(f"wrote {output} ({len(mapping.outcomes)} local outcomes, {confirmed} confirmed)", err=True)
