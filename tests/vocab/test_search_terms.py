"""search_terms.yaml: hidden labels of final outcomes, each group with its justification."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, URIRef

from mscos_kg.resources import tables_dir
from mscos_kg.vocab.build import build_vocabulary
from mscos_kg.vocab.tables import TableError, load_tables

from .test_build import _copy_tables

MSCOS_DEF = "https://w3id.org/mscos/def/"


def test_every_final_outcome_has_justified_hidden_labels(vocab: Graph) -> None:
    finals = set(vocab.subjects(RDF.type, URIRef(MSCOS_DEF + "CoreOutcome"))) | set(
        vocab.subjects(RDF.type, URIRef(MSCOS_DEF + "LonglistOutcome")))
    assert len(finals) == 44
    for outcome in finals:
        hidden = {str(o) for o in vocab.objects(outcome, SKOS.hiddenLabel)}
        names = {str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in vocab.objects(outcome, p)}
        assert hidden, outcome
        assert not hidden & names, outcome  # SKOS: pref, alt and hidden labels are disjoint


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace("    why: >-\n      The descriptor", "    whyy: >-\n      The descriptor", 1),
     r"terms\[0\]: hidden labels need a `why:`"),
    (lambda t: t.replace("notation: CO1\n", "notation: CO2\n", 1), r"terms\[0\]: notation 'CO2' but target"),
    (lambda t: t.replace('target: "000101"', 'target: "999999"', 1), "'999999' is not a final"),
    (lambda t: t.replace('target: "000101"', 'target: "000201"', 1), "'000201' is not a final"),  # an indicator
])
def test_a_bad_search_terms_row_is_refused(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    folder = _copy_tables(tmp_path)
    table = folder / "search_terms.yaml"
    original = (tables_dir() / "search_terms.yaml").read_text(encoding="utf-8")
    changed = edit(original)
    assert changed != original
    table.write_text(changed, encoding="utf-8")
    with pytest.raises(TableError, match=message):
        build_vocabulary(load_tables(folder))
