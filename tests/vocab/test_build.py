"""The vocabulary build: generated files are current, and bad tables fail with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from mscos_kg.resources import tables_dir
from mscos_kg.vocab.build import build_vocabulary
from mscos_kg.vocab.tables import TableError, load_tables
from mscos_kg.vocab.terms_codegen import generate_terms_module

REPO = Path(__file__).resolve().parents[2]


def _diff(a: Graph, b: Graph) -> str:
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    lines = [f"- {t}" for t in list(only_a)[:10]] + [f"+ {t}" for t in list(only_b)[:10]]
    return "\n".join(lines)


def test_committed_turtle_is_a_fresh_build_of_the_tables(vocab: Graph) -> None:
    fresh = build_vocabulary()
    assert isomorphic(fresh, vocab), "ontology/mscos.ttl is stale; run `mscos vocab build`\n" + _diff(vocab, fresh)


def test_generated_terms_module_is_current() -> None:
    committed = (REPO / "src" / "mscos_kg" / "terms.py").read_text(encoding="utf-8")
    assert committed == generate_terms_module(), "src/mscos_kg/terms.py is stale; run `mscos vocab build`"


def test_generated_concept_list_is_current() -> None:
    from mscos_kg.vocab.docs import concept_list_markdown

    committed = (REPO / "docs" / "concepts.md").read_text(encoding="utf-8")
    assert committed == concept_list_markdown(build_vocabulary()), "docs/concepts.md is stale; run `mscos vocab build`"


def _copy_tables(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    for item in tables_dir().iterdir():
        if item.name.endswith((".yaml", ".ttl")):
            (folder / item.name).write_text(item.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_unquoted_id_is_refused_naming_the_file(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    core = folder / "core.yaml"
    core.write_text(core.read_text(encoding="utf-8").replace("id: '000101'", "id: 000101")
                    .replace('id: "000101"', "id: 000101"), encoding="utf-8")
    with pytest.raises(TableError, match=r"core.yaml.*quoted six-digit"):
        build_vocabulary(load_tables(folder))


def test_duplicate_id_is_refused_naming_both_places(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    core = folder / "core.yaml"
    text = core.read_text(encoding="utf-8")
    core.write_text(text.replace("'000102'", "'000101'").replace('"000102"', '"000101"'), encoding="utf-8")
    with pytest.raises(TableError, match="000101 already used"):
        build_vocabulary(load_tables(folder))


def test_undeclared_section_is_refused(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    glossary = folder / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("source: toolkit#key-definitions", "source: toolkit#no-such-section", 1),
                        encoding="utf-8")
    with pytest.raises(TableError, match="no-such-section"):
        build_vocabulary(load_tables(folder))


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    (folder / "glossary.yaml").write_text("terms: [unclosed\n", encoding="utf-8")
    with pytest.raises(TableError, match=r"glossary\.yaml: not valid YAML"):
        load_tables(folder)


def test_a_deprecated_concept_stays_with_its_replacement(tmp_path: Path) -> None:
    from rdflib import OWL, SKOS, Literal, URIRef
    from rdflib.namespace import DCTERMS

    folder = _copy_tables(tmp_path)
    core = folder / "core.yaml"
    text = core.read_text(encoding="utf-8")
    anchor = "notation: CO7" if "notation: CO7" in text else 'notation: "CO7"'
    core.write_text(text.replace(anchor, anchor + "\n    deprecated: {replaced_by: '000106', note: test}", 1),
                    encoding="utf-8")
    graph = build_vocabulary(load_tables(folder))
    co7 = URIRef("https://w3id.org/mscos/id/000107")
    assert (co7, OWL.deprecated, Literal(True)) in graph
    assert graph.value(co7, DCTERMS.isReplacedBy) == URIRef("https://w3id.org/mscos/id/000106")
    assert "Deprecated: test" in str(graph.value(co7, SKOS.changeNote))
    assert (co7, SKOS.prefLabel, None) in graph  # nothing is deleted


def test_deprecation_without_a_reason_is_refused(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    core = folder / "core.yaml"
    text = core.read_text(encoding="utf-8")
    anchor = "notation: CO7" if "notation: CO7" in text else 'notation: "CO7"'
    core.write_text(text.replace(anchor, anchor + "\n    deprecated: {replaced_by: '000106'}", 1), encoding="utf-8")
    with pytest.raises(TableError, match="deprecated needs"):
        build_vocabulary(load_tables(folder))


def test_a_list_is_refused_as_one_literal(tmp_path: Path) -> None:
    """A YAML list given where one value is emitted becomes a Python repr; the build refuses it."""
    folder = _copy_tables(tmp_path)
    glossary = folder / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace('cites: "Surtees 2010"', 'cites: ["Surtees 2010", "[9]"]', 1), encoding="utf-8")
    with pytest.raises(TableError, match="cannot be one literal"):
        build_vocabulary(load_tables(folder))


def test_a_source_date_without_the_words_that_state_it_is_refused(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    vocabulary = folder / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(text.replace("  taxonomy:\n", '  taxonomy:\n    issued: "2022"\n', 1), encoding="utf-8")
    with pytest.raises(TableError, match=r"sources\.taxonomy: issued '2022' needs `issued_quote:`"):
        build_vocabulary(load_tables(folder))


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ('strength: {"000647": strong, "000666": strong, "000615": weak}',
         'strength: {"000647": strong, "000666": strong}', r"strength must map each of"),
        ('"000615": weak}', '"000615": faint}', r"strength 'faint' of 000615 is not one of strong, weak"),
        ('    strength: {"000647": strong, "000666": strong, "000615": weak}\n', "", r"strength must map each of"),
    ],
)
def test_a_lineage_link_without_a_known_strength_is_refused(tmp_path: Path, old: str, new: str, says: str) -> None:
    folder = _copy_tables(tmp_path)
    lineage = folder / "lineage.yaml"
    text = lineage.read_text(encoding="utf-8")
    assert old in text
    lineage.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TableError, match=rf"lineage.yaml derivations\[0\]: {says}"):
        build_vocabulary(load_tables(folder))
