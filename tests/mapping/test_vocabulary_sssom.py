"""`mscos export --format sssom`: the vocabulary's mappings, valid SSSOM, and the same links as the graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import PROV
from sssom.constants import SchemaValidationType
from sssom.parsers import parse_sssom_table
from sssom.validators import validate

from mscos_kg.mapping import vocabulary_sssom
from mscos_kg.mapping.vocabulary_sssom import derivation_note

MSCOS = Namespace("https://w3id.org/mscos/def/")
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"


def _graph_links(vocab: Graph) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) of every Mapping node and every qualified derivation, as IRIs."""
    links = set()
    for node in vocab.subjects(RDF.type, MSCOS.Mapping):
        links.add((str(vocab.value(node, MSCOS.mappingSubject)), str(vocab.value(node, MSCOS.mappingPredicate)),
                   str(vocab.value(node, MSCOS.mappingObject))))
    for final, node in vocab.subject_objects(PROV.qualifiedDerivation):
        links.add((str(final), str(PROV.wasDerivedFrom), str(vocab.value(node, PROV.entity))))
    return links


@pytest.fixture(scope="module")
def parsed(vocab: Graph, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("sssom") / "mscos.sssom.tsv"
    path.write_text(vocabulary_sssom(vocab), encoding="utf-8")
    return parse_sssom_table(str(path))


def test_valid_for_the_sssom_package(parsed) -> None:  # type: ignore[no-untyped-def]
    report = validate(parsed, [SchemaValidationType.JsonSchema, SchemaValidationType.PrefixMapCompleteness,
                               SchemaValidationType.StrictCurieFormat], fail_on_error=False)
    assert {str(k): [r.message for r in v.results] for k, v in report.items()} == {str(k): [] for k in report}


def test_round_trip_gives_the_graphs_links(parsed, vocab: Graph) -> None:  # type: ignore[no-untyped-def]
    converter = parsed.converter
    rows = {(converter.expand(r.subject_id), converter.expand(r.predicate_id), converter.expand(r.object_id))
            for r in parsed.df.itertuples()}
    assert rows == _graph_links(vocab)
    assert len(parsed.df) == len(rows)  # one row per link


def test_every_row_is_curated_with_its_evidence(parsed, vocab: Graph) -> None:  # type: ignore[no-untyped-def]
    assert set(parsed.df["mapping_justification"]) == {"semapv:ManualMappingCuration"}
    converter = parsed.converter
    for row in parsed.df.itertuples():
        if row.predicate_id == "prov:wasDerivedFrom":
            final = URIRef(converter.expand(row.subject_id))
            node = next(n for n in vocab.objects(final, PROV.qualifiedDerivation)
                        if str(vocab.value(n, PROV.entity)) == converter.expand(row.object_id))
            kind = str(vocab.value(node, MSCOS.derivationType)).rsplit("/", 1)[-1]
            assert row.comment.startswith(f"{derivation_note(vocab, node)}. ")
            assert row.comment.startswith(kind)
            assert " ".join(str(vocab.value(node, MSCOS.evidence)).split()) in row.comment
        else:
            assert row.predicate_id.removeprefix("skos:") in {"exactMatch", "closeMatch", "broadMatch", "narrowMatch",
                                                              "relatedMatch"}
            assert row.comment


@pytest.mark.parametrize(("strength", "note"), [(None, "Merged"), ("WeakDerivation", "Merged (weak)"),
                                                ("StrongDerivation", "Merged (strong)")])
def test_a_stated_lineage_strength_is_written_in_words(strength: str | None, note: str) -> None:
    graph = Graph()
    node = URIRef("https://w3id.org/mscos/id/000101#derivation-000615")
    graph.add((node, MSCOS.derivationType, MSCOS.Merged))
    if strength:
        graph.add((node, MSCOS.derivationStrength, MSCOS[strength]))
    assert derivation_note(graph, node) == note


def test_sources_tell_the_three_kinds_apart(parsed) -> None:  # type: ignore[no-untyped-def]
    kinds = {(r.subject_source, r.predicate_id.split(":")[0], r.object_source) for r in parsed.df.itertuples()}
    assert ("mscosscheme:workshop", "skos", "mscosscheme:core") in kinds
    assert ("mscosscheme:core", "skos", "mscosscheme:comet") in kinds
    assert ("mscosscheme:longlist", "prov", "mscosscheme:round0") in kinds


def test_export_command_writes_it(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from mscos_kg.cli import cli

    out = tmp_path / "mscos.sssom.tsv"
    result = CliRunner().invoke(cli, ["export", "--format", "sssom", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# curie_map:")
    refused = CliRunner().invoke(cli, ["export", "--format", "sssom", "--scheme", "core"])
    assert refused.exit_code == 2 and "drop --scheme" in refused.output
