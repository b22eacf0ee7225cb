"""`mscos vocab build`, `mscos check` and `mscos export`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mscos_kg.vocab.tables import TableError

if TYPE_CHECKING:
    from rdflib import Graph


@click.group("vocab")
def vocab() -> None:
    """Build the vocabulary from its curated tables."""


@vocab.command("build")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the Turtle (default: ontology/mscos.ttl of this source tree).")
def build_cmd(output: Path | None) -> None:
    """Build ontology/mscos.ttl from ontology/src/ and regenerate src/mscos_kg/terms.py."""
    from mscos_kg.resources import ontology_file
    from mscos_kg.vocab.build import write_vocabulary
    from mscos_kg.vocab.terms_codegen import generate_terms_module

    target = output or Path(str(ontology_file()))
    try:
        graph = write_vocabulary(target)
    except TableError as exc:
        raise click.ClickException(str(exc)) from exc
    from mscos_kg.vocab.docs import concept_list_markdown

    package = Path(__file__).resolve().parent.parent
    terms = package / "terms.py"
    terms.write_text(generate_terms_module(), encoding="utf-8")
    written = [str(target), str(terms)]
    concepts_doc = package.parent.parent / "docs" / "concepts.md"
    if concepts_doc.parent.is_dir():  # only in a source checkout, not from an installed wheel
        concepts_doc.write_text(concept_list_markdown(graph), encoding="utf-8")
        written.append(str(concepts_doc))
    click.echo(f"built {len(graph)} triples; wrote {', '.join(written)}")


@click.command("check")
@click.option("--skip-reasoner", is_flag=True, help="Skip the HermiT gate (needs Java).")
def check(skip_reasoner: bool) -> None:
    """Run every quality gate on the shipped vocabulary; exit 1 if any fails."""
    from mscos_kg.vocab.checks import run_gates

    skip = frozenset({"consistent under HermiT, no unsatisfiable classes"} if skip_reasoner else ())
    failed = 0
    for result in run_gates(skip):
        mark = "SKIP" if result.skipped else ("PASS" if result.passed else "FAIL")
        click.echo(f"[{mark}] {result.name} ({result.seconds:.1f} s)")
        for problem in result.problems[:50]:
            click.echo(f"       - {problem}")
        if len(result.problems) > 50:
            click.echo(f"       ... and {len(result.problems) - 50} more")
        failed += not result.passed
    click.echo(f"{'all gates passed' if not failed else f'{failed} gate(s) failed'}")
    sys.exit(1 if failed else 0)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["ttl", "jsonld", "rdfxml", "nt", "sssom"]),
              default="ttl", show_default=True,
              help="RDF syntax: Turtle, JSON-LD, RDF/XML or N-Triples; sssom: the vocabulary's mappings (workshop,"
                   " COMET, Round 0 lineage) as an SSSOM TSV table.")
@click.option("--scheme", default=None,
              help="Export one concept scheme on its own: its key (core, longlist, ...) or IRI.")
@click.option("--model", "model_only", is_flag=True,
              help="Export the OWL model on its own (classes, properties, the ontology header; no concepts).")
@click.option("--split", "split_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the OWL model and every concept scheme, each to its own file in this folder.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, readable=False, writable=True, path_type=Path),
              default=None,
              help="Write to this file instead of standard output.")
def export(fmt: str, scheme: str | None, model_only: bool, split_dir: Path | None, output: Path | None) -> None:
    """Write release files of the whole vocabulary, one concept scheme, or the OWL model.

    With --split, one file per part: give the model file to ontology documentation tools (pyLODE)
    and reasoners, the scheme files to SKOS tools (docs/model.md).
    """
    from rdflib import URIRef

    from mscos_kg.cli.output import write_text_output
    from mscos_kg.vocab.export import load_vocabulary, model_graph, scheme_graph, scheme_iris, serialize


    chosen = [name for name, given in (("--scheme", scheme), ("--model", model_only), ("--split", split_dir))
              if given]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} cannot be combined: choose one")
    if split_dir is not None and output is not None:
        raise click.UsageError("--split writes several files into its folder; --output names one file")
    if fmt == "sssom" and chosen:
        raise click.UsageError(f"--format sssom writes every mapping of the vocabulary: drop {chosen[0]}")
    graph = load_vocabulary()
    if fmt == "sssom":
        from mscos_kg.mapping.vocabulary_sssom import vocabulary_mapping_rows, vocabulary_sssom

        text = vocabulary_sssom(graph)
        if output:
            write_text_output(output, text)
            click.echo(f"wrote {output} ({len(vocabulary_mapping_rows(graph))} mappings)", err=True)
        else:
            click.echo(text, nl=False)
        return
    if split_dir is not None:
        _write_split(graph, fmt, split_dir)
        return
    if model_only:
        graph = model_graph(graph)
    if scheme:
        schemes = {str(s): s for s in scheme_iris(graph)}
        schemes.update({str(s).rsplit("/", 1)[-1]: s for s in scheme_iris(graph)})
        if scheme not in schemes:
            known = ", ".join(sorted(k for k in schemes if "/" not in k))
            raise click.BadParameter(f"unknown scheme {scheme!r}; known: {known}", param_hint="--scheme")
        graph = scheme_graph(graph, URIRef(schemes[scheme]))
    text = serialize(graph, fmt)
    if output:
        write_text_output(output, text)
        click.echo(f"wrote {output} ({len(graph)} triples)", err=True)
    else:
        click.echo(text)


def _write_split(graph: Graph, fmt: str, folder: Path) -> None:
    from mscos_kg.cli.output import write_text_output
    from mscos_kg.vocab.export import release_files, serialize

    if folder.exists() and not folder.is_dir():
        raise click.ClickException(f"{folder} is a file, not a folder: give --split a folder")
    for part in release_files(graph, fmt):
        write_text_output(folder / part.name, serialize(part.graph, fmt))  # makes the folder, all or nothing
        click.echo(f"wrote {folder / part.name} ({len(part.graph)} triples)", err=True)
