"""The mapping of a list as SSSOM TSV: valid for the `sssom` package, read back the same, resumable."""

from __future__ import annotations

from pathlib import Path

import pytest

from mscos_kg.mapping import (
    NO_TERM_FOUND,
    Choice,
    Justification,
    MappingInputError,
    Predicate,
    decide,
    from_sssom,
    start,
    to_sssom,
)
from mscos_kg.search import SearchIndex

LIST = (b"Outcome,Description\nStable accommodation,Has a tenancy\nRegistered with a GP,\n"
        b"Secure and suitable housing,\nzzqx,\n")
CO1 = "https://w3id.org/mscos/id/000101"
CO6 = "https://w3id.org/mscos/id/000106"


def _mapped(index: SearchIndex):  # type: ignore[no-untyped-def]
    mapping = start(index, LIST, "list.csv")
    keys = [o.local.key for o in mapping.outcomes]
    return decide(index, mapping, {keys[0]: Choice(CO1, Predicate.CLOSE), keys[3]: Choice(None, Predicate.EXACT)},
                  author="0000-0002-1825-0097", date="2026-12-07")


def test_suggestions_carry_score_reason_and_an_exact_match_for_a_label(index: SearchIndex) -> None:
    mapping = start(index, LIST, "list.csv")
    by_label = {o.local.label: o for o in mapping.outcomes}
    housing = by_label["Secure and suitable housing"].suggestions[0]
    assert (housing.iri, housing.predicate, housing.confidence) == (CO1, Predicate.EXACT, 1.0)
    assert housing.reason == "the name is its label"
    gp = by_label["Registered with a GP"].suggestions[0]
    assert gp.iri == CO6 and 0 < gp.confidence < 1 and gp.predicate is Predicate.CLOSE
    assert '"gp"' in gp.reason
    assert by_label["zzqx"].suggestions == ()


def test_rows_per_state(index: SearchIndex) -> None:
    text = to_sssom(_mapped(index))
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    header, body = rows[0], rows[1:]
    cells = [dict(zip(header, row, strict=True)) for row in body]
    stable = [c for c in cells if c["subject_id"] == "local:Stable-accommodation"]
    assert stable == [{**stable[0], "predicate_id": "skos:closeMatch", "object_id": "mscos:000101",
                       "mapping_justification": Justification.MANUAL.value, "author_id": "orcid:0000-0002-1825-0097",
                       "mapping_date": "2026-12-07"}]
    gp = [c for c in cells if c["subject_id"] == "local:Registered-with-a-GP"]
    assert gp and all(c["mapping_justification"] == Justification.LEXICAL.value and c["confidence"] for c in gp)
    assert [c["object_id"] for c in cells if c["subject_id"] == "local:zzqx"] == [NO_TERM_FOUND]


def test_round_trip_keeps_every_decision_and_suggestion(index: SearchIndex) -> None:
    mapping = _mapped(index)
    back = from_sssom(to_sssom(mapping), "m.sssom.tsv")
    assert back.set_id == mapping.set_id and back.local_prefix == mapping.local_prefix
    assert [o.local.label for o in back.outcomes] == [o.local.label for o in mapping.outcomes]
    assert [o.decision for o in back.outcomes] == [
        o.decision and type(o.decision)(o.decision.iri, o.decision.label if o.decision.iri else "",
                                        o.decision.predicate, o.decision.author, o.decision.date)
        for o in mapping.outcomes]
    assert [[(s.iri, s.predicate, s.confidence) for s in o.suggestions] for o in back.outcomes if not o.confirmed] == [
        [(s.iri, s.predicate, s.confidence) for s in o.suggestions] for o in mapping.outcomes if not o.confirmed]


def test_uploading_the_mapping_again_continues_with_confirmed_rows_kept(index: SearchIndex) -> None:
    first = _mapped(index)
    again = start(index, to_sssom(first).encode(), "m.sssom.tsv")
    assert [o.decision for o in again.outcomes] == [o.decision for o in first.outcomes]
    # with a longer list: the earlier decisions kept, the new name added and suggested
    longer = LIST + b"Paid employment,\n"
    merged = start(index, longer, "list.csv", resume=to_sssom(first).encode(), resume_name="m.sssom.tsv")
    assert [o.local.label for o in merged.outcomes][-1] == "Paid employment"
    assert merged.outcomes[0].decision == first.outcomes[0].decision
    assert merged.set_id == first.set_id


def test_valid_for_the_sssom_package(index: SearchIndex, tmp_path: Path) -> None:
    from sssom import parsers as sssom_parsers
    from sssom.constants import SchemaValidationType
    from sssom.validators import validate

    path = tmp_path / "m.sssom.tsv"
    path.write_text(to_sssom(_mapped(index)), encoding="utf-8")
    msdf = sssom_parsers.parse_sssom_table(str(path))
    report = validate(msdf, [SchemaValidationType.JsonSchema, SchemaValidationType.PrefixMapCompleteness,
                             SchemaValidationType.StrictCurieFormat], fail_on_error=False)
    assert {str(k): [r.message for r in v.results] for k, v in report.items()} == {
        str(k): [] for k in report}
    assert set(msdf.df["mapping_justification"]) == {Justification.MANUAL.value, Justification.LEXICAL.value}


def test_a_formula_cell_is_written_quoted_and_read_back_as_typed(index: SearchIndex) -> None:
    from dataclasses import replace

    mapping = _mapped(index)
    hostile = replace(mapping, outcomes=(replace(mapping.outcomes[0], local=replace(
        mapping.outcomes[0].local, label="=HYPERLINK(1)")),))
    text = to_sssom(hostile)
    assert "\t'=HYPERLINK(1)\t" in text
    assert from_sssom(text, "m.tsv").outcomes[0].local.label == "=HYPERLINK(1)"


BAD_FILES = [
    pytest.param("# curie_map: {}\nsubject_id\tpredicate_id\tobject_id\tmapping_justification\n", "no 'local'",
                 id="no-local-prefix"),
    pytest.param("# curie_map: {local: 'x:'}\nsubject_id\tpredicate_id\tobject_id\tmapping_justification\n"
                 "local:a\tskos:fooMatch\tmscos:000101\tsemapv:LexicalMatching\n", "unknown mapping predicate",
                 id="bad-predicate"),
    pytest.param("# curie_map: {local: 'x:', mscos: 'https://w3id.org/mscos/id/'}\n"
                 "subject_id\tpredicate_id\tobject_id\tmapping_justification\n"
                 "local:a\tskos:exactMatch\thttp://evil.example/x\tsemapv:ManualMappingCuration\n",
                 "not an MSCOS concept", id="foreign-object"),
    pytest.param("# curie_map: [\nsubject_id\tobject_id\n", "not valid YAML", id="bad-yaml"),
    pytest.param("# curie_map: {local: 'x:'}\nsubject_id\tpredicate_id\tobject_id\tmapping_justification\n"
                 + "".join(f"local:a{i}\tskos:exactMatch\tsssom:NoTermFound\tsemapv:LexicalMatching\n"
                           for i in range(501)), "more than 500 local outcomes", id="too-many-outcomes"),
    pytest.param("# curie_map: {local: 'x:'}\nsubject_id\tpredicate_id\tobject_id\tmapping_justification\n"
                 "local:a\tskos:exactMatch\n", "the row has 2 cells", id="short-row"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_bad_mapping_files_are_read_errors(text: str, message: str) -> None:
    with pytest.raises(MappingInputError, match=message):
        from_sssom(text, "m.sssom.tsv")


def test_a_choice_must_be_a_final_outcome(index: SearchIndex) -> None:
    mapping = start(index, LIST, "list.csv")
    with pytest.raises(MappingInputError, match="not a final MSCOS outcome"):
        decide(index, mapping, {mapping.outcomes[0].local.key: Choice("https://w3id.org/mscos/id/002038",
                                                                      Predicate.EXACT)})
