"""The coverage summary of the 7 core outcomes, the pre-filled template, and the reasons given."""

from __future__ import annotations

import csv
import io

import pytest

from mscos_kg.mapping import Choice, Predicate, Status, coverage, decide, prefilled_template, start
from mscos_kg.mapping.explainer import explain
from mscos_kg.search import SearchIndex
from mscos_kg.validation.intake import check_bytes
from mscos_kg.validation.template import BY_KEY

CO1, CO6 = "https://w3id.org/mscos/id/000101", "https://w3id.org/mscos/id/000106"
LIST = b"Stable accommodation\nRegistered with a GP\nHope for the future\n"


def test_coverage_counts_confirmed_marks_suggested_and_lists_the_missing(index: SearchIndex) -> None:
    mapping = start(index, LIST, "list.csv")
    key = mapping.outcomes[0].local.key
    result = coverage(index, decide(index, mapping, {key: Choice(CO1, Predicate.CLOSE)}))
    assert [c.notation for c in result.outcomes] == [f"CO{i}" for i in range(1, 8)]
    status = {c.notation: c.status for c in result.outcomes}
    assert status["CO1"] is Status.COVERED and result.outcomes[0].local_outcomes == ("Stable accommodation",)
    assert status["CO6"] is Status.SUGGESTED  # the top suggestion of 'Registered with a GP', not confirmed
    assert result.covered == 1
    assert {c.notation for c in result.missing} == {f"CO{i}" for i in range(2, 8)}


def test_a_related_match_does_not_cover(index: SearchIndex) -> None:
    mapping = start(index, LIST, "list.csv")
    key = mapping.outcomes[0].local.key
    result = coverage(index, decide(index, mapping, {key: Choice(CO1, Predicate.RELATED)}))
    assert result.outcomes[0].status is Status.MISSING


def _rows(text: str) -> list[dict[str, str]]:
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def test_template_is_prefilled_with_confirmed_exact_and_close_mappings(index: SearchIndex) -> None:
    mapping = start(index, LIST, "list.csv")
    keys = [o.local.key for o in mapping.outcomes]
    mapping = decide(index, mapping, {keys[0]: Choice(CO1, Predicate.CLOSE), keys[1]: Choice(CO6, Predicate.BROAD)})
    rows = _rows(prefilled_template(index, mapping))
    got = [(r[BY_KEY["local_outcome"].header], r[BY_KEY["outcome"].header], r[BY_KEY["local_outcome_match"].header])
           for r in rows]
    # broad is not a match the template knows: the partner decides; unconfirmed stays empty too
    assert got == [("Stable accommodation", "CO1", "close"), ("Registered with a GP", "", ""),
                   ("Hope for the future", "", "")]


def test_the_prefilled_template_once_completed_passes_validation_where_mapped(index: SearchIndex) -> None:
    """Rows of confirmed mappings pass once the partner fills the rest; an unmapped local outcome is
    reported by the shapes as not mapped (the partner still has to choose)."""
    mapping = start(index, LIST, "list.csv")
    mapping = decide(index, mapping, {o.local.key: Choice(CO1, Predicate.EXACT) for o in mapping.outcomes[:1]})
    text = prefilled_template(index, mapping)
    filled = {"organisation": "Example Org", "intervention_id": "INT1", "intervention_name": "Housing support",
              "intervention_description": "Supported housing", "target_population": "adult survivors",
              "age_group": "adults", "evaluation_id": "EV1", "evaluation_title": "Housing evaluation",
              "study_design": "BA", "timepoint": "P6M", "reported_by": "SELF", "n": "25", "count": "12"}
    out = io.StringIO()
    comments = [line for line in text.splitlines() if line.startswith("#")]
    out.write("\n".join(comments) + "\n")
    rows = _rows(text)
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    complete = out.getvalue()
    for row in rows:
        writer.writerow({**row, **{BY_KEY[k].header: v for k, v in filled.items()}})
    everything = out.getvalue()
    mapped = complete + everything[len(complete):].splitlines(keepends=True)[0]
    checked = check_bytes(mapped.encode(), name="prefilled.csv")
    assert checked.conforms, [r.message for r in checked.report.results]
    assert ",CO1,Stable accommodation,exact," in mapped
    unmapped = check_bytes(everything.encode(), name="prefilled.csv")
    violations = {r.message.split(":")[0] for r in unmapped.report.results if r.severity.value == "Violation"}
    assert violations == {"The local outcome is not mapped to the MSCOS"}


REASONS = [
    pytest.param("Secure and suitable housing", CO1, "the name is its label", id="label"),
    pytest.param("CO6", CO6, "the name is its notation CO6", id="notation"),
    pytest.param("Registered with a GP", CO6, '"registered", "gp" in its indicators', id="indicator-words"),
    pytest.param("Suitable housings", CO1, '"suitable", "housings" in its label', id="stemmed-label-words"),
    pytest.param("Suitable homes", CO1, '"suitable" in its label; "homes" in its indicators',
                 id="label-then-indicators"),
]


@pytest.mark.parametrize(("name", "iri", "reason"), REASONS)
def test_reason_says_which_words_or_labels_matched(index: SearchIndex, name: str, iri: str, reason: str) -> None:
    entry = index.get(iri)
    assert entry is not None
    assert explain(name, entry) == reason
