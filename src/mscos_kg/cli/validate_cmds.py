"""`mscos validate` and `mscos template`: partner datasets on the command line.

Exit codes of `validate`: 0 the data conforms (warnings allowed), 1 violations, 2 an input
could not be read (or the vocabulary to validate against is missing).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

EXIT_OK, EXIT_VIOLATIONS, EXIT_UNREADABLE = 0, 1, 2


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
    help="The report: text for people, JSON (schema in docs/partner-data.md) or a SHACL report in Turtle.",
)
@click.option(
    "--threshold", type=click.IntRange(min=1), default=None, help="Disclosure threshold (default 10)."
)
@click.option(
    "--input-format",
    type=click.Choice(["turtle", "json-ld", "xml", "nt", "csv"]),
    default=None,
    help="Format of the inputs (default: from the file suffix).",
)
@click.option(
    "--engine",
    type=click.Choice(["turbo", "pyshacl"]),
    default="turbo",
    show_default=True,
    help="pyshacl is the reference engine (slower); both give the same results.",
)
@click.option("--max-bytes", type=click.IntRange(min=1024), default=None,
              help="Refuse files larger than this (default: no limit for local files).")
@click.option("--base", "base_iri", default=None, callback=lambda _ctx, _param, value: _absolute_iri(value),
              help="Base IRI for nodes minted from a spreadsheet.")
def validate_cmd(
    files: tuple[Path, ...],
    output_format: str,
    threshold: int | None,
    input_format: str | None,
    engine: str,
    max_bytes: int | None,
    base_iri: str | None,
) -> None:
    """Validate partner datasets (Turtle, JSON-LD, RDF/XML, N-Triples or the CSV template)."""
    from mscos_kg.config import Settings
    from mscos_kg.validation import DatasetReadError, Engine, ValidationOptions, VocabularyMissingError
    from mscos_kg.validation.intake import IntakeOptions, check_path
    from mscos_kg.validation.textreport import render

    settings = Settings()
    validation = ValidationOptions(threshold=threshold or settings.disclosure_threshold, engine=Engine(engine))
    # Streamed (Turtle, N-Triples): the text report reads only the few triples it prints.
    options = IntakeOptions(
        validation, max_bytes=max_bytes or settings.max_upload_bytes, base_iri=base_iri, whole_graph=False
    )
    status = EXIT_OK
    outputs: list[dict[str, Any]] = []
    turtle: list[str] = []
    for path in files:
        try:
            if path.is_dir():
                raise DatasetReadError("is a folder: give the files in it (for example FOLDER/*.ttl)",
                                       source=str(path))
            # The same check as every other path (mscos load, the service): one verdict. A local
            # file has no size cap unless --max-bytes is given.
            checked = check_path(
                path, format=input_format, options=replace(options, max_bytes=max_bytes or _whole_file(path))
            )
        except DatasetReadError as exc:
            status = EXIT_UNREADABLE
            click.echo(f"error: {exc}", err=True)
            outputs.append({"source": str(path), "format": _format_or_none(input_format, path),
                            "error": exc.to_json(), "report": None})
            continue
        except VocabularyMissingError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_UNREADABLE)
        report = checked.report
        if not report.conforms:
            status = max(status, EXIT_VIOLATIONS)
        if output_format == "text":
            click.echo(render(checked.dataset(), report))
        outputs.append(
            {
                "source": checked.source,
                "format": checked.format.value,
                "error": None,
                "report": report.to_json(),
            }
        )
        if output_format == "turtle":
            turtle.append(report.to_turtle())
    if output_format == "json":
        click.echo(json.dumps({"schemaVersion": "1", "exitCode": status, "files": outputs}, indent=2))
    elif output_format == "turtle":
        click.echo("\n".join(turtle))
    sys.exit(status)


def _absolute_iri(value: str | None) -> str | None:
    import pyoxigraph

    if value is not None and (":" not in value or value.startswith(":")):
        raise click.BadParameter(f"{value!r} is not an absolute IRI (e.g. https://example.org/my-data/)")
    try:
        return value if value is None else pyoxigraph.NamedNode(value).value
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an absolute IRI: {exc}") from exc


def _whole_file(path: Path) -> int:
    """The read limit that accepts the whole local file (a cap applies only with --max-bytes)."""
    try:
        return max(path.stat().st_size, 1024)
    except OSError:
        return 1024  # reading it will say why it cannot be read


def _format_or_none(input_format: str | None, path: Path) -> str | None:
    """The format of an unreadable file, where its name or --input-format tells it."""
    from mscos_kg.validation import DatasetReadError
    from mscos_kg.validation.parsing import resolve_format

    try:
        return resolve_format(input_format, str(path), path).value
    except DatasetReadError:
        return None


@click.command("template")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False, readable=False, writable=True),
    default=None,
    help="Write the template here (default: standard output).",
)
@click.option("--threshold", type=click.IntRange(min=1), default=10, show_default=True,
              help="The disclosure threshold the instructions state (counts below it must be suppressed).")
def template_cmd(output: Path | None, threshold: int) -> None:
    """Write the blank spreadsheet (CSV) template, with instructions as '#' lines."""
    from mscos_kg.cli.output import write_text_output
    from mscos_kg.validation.template import template_text

    text = template_text(threshold)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_output(output, text)
        click.echo(f"wrote {output}", err=True)
