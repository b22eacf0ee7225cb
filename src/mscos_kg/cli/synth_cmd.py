"""`mscos synth`: a deterministic synthetic partner dataset for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("synth")
@click.option("--evaluations", type=click.IntRange(min=0), default=100, show_default=True,
              help="How many evaluations (each with its intervention and results) to write.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Random seed: the same seed and count give the same file.")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False, readable=False, writable=True),
    required=True,
    help="Turtle file to write.",
)
def synth_cmd(evaluations: int, seed: int, output: Path) -> None:
    """Write a synthetic partner dataset (valid under the shapes) as Turtle."""
    from mscos_kg.cli.output import atomic_text_output
    from mscos_kg.synth import SynthOptions, write_synthetic

    with atomic_text_output(output) as handle:
        write_synthetic(handle, SynthOptions(evaluations=evaluations, seed=seed))
    click.echo(f"wrote {evaluations} evaluations to {output}", err=True)
