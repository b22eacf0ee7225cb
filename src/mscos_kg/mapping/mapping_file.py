"""A `MappingSet` as an SSSOM TSV file and back: the file a person downloads is the whole state.

Per local outcome: a confirmed one is one row justified by semapv:ManualMappingCuration (object
`sssom:NoTermFound` when the person found no MSCOS outcome that fits); an unconfirmed one is one
row per suggestion, justified by semapv:LexicalMatching, with the search score as `confidence`
and the reason as `comment`, or one `sssom:NoTermFound` row when search found nothing.
"""

from __future__ import annotations

import hashlib
import re

from mscos_kg import __version__
from mscos_kg.mapping.errors import MappingInputError
from mscos_kg.mapping.model import (
    NO_TERM_FOUND,
    Decision,
    Justification,
    LocalOutcome,
    MappedOutcome,
    MappingSet,
    Predicate,
    Suggestion,
)
from mscos_kg.mapping.outcome_list import MAX_OUTCOMES
from mscos_kg.mapping.sssom_tsv import (
    BASE_PREFIXES,
    LICENSE,
    SSSOM_VERSION,
    SssomTable,
    contract,
    expand,
    read_sssom,
    write_sssom,
)

DEFAULT_NAMESPACE = "https://example.org/mscos-partner/"
COLUMNS = (
    "subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
    "confidence", "author_id", "author_label", "mapping_date", "mapping_tool", "comment",
)
TOOL = f"mscos-kg {__version__} (mscos map)"
_ORCID = re.compile(r"^(?:https?://orcid\.org/|orcid:)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
_MSCOS_ID = BASE_PREFIXES["mscos"]


def local_prefix(namespace: str | None) -> str:
    """The IRI `local:` stands for: where the partner template mints local outcomes."""
    return f"{namespace or DEFAULT_NAMESPACE}local-outcome/"


def new_set_id(prefix: str, outcomes: list[LocalOutcome]) -> str:
    digest = hashlib.sha256("\n".join(o.key for o in outcomes).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}mapping-set/{digest}"


def author_cells(author: str) -> tuple[str, str]:
    """(author_id, author_label): an ORCID becomes `orcid:...`; any other name stays a label."""
    match = _ORCID.match(author.strip())
    return (f"orcid:{match.group(1)}", "") if match else ("", author.strip())


def to_sssom(mapping: MappingSet) -> str:
    prefixes = {"local": mapping.local_prefix, **BASE_PREFIXES}
    metadata: dict[str, object] = {
        "curie_map": prefixes,
        "mapping_set_id": mapping.set_id,
        "mapping_set_title": mapping.title,
        "license": LICENSE,
        "sssom_version": SSSOM_VERSION,
        "object_source": "https://w3id.org/mscos/scheme/core",
        "mapping_tool": TOOL,
    }
    rows: list[dict[str, str]] = []
    for item in mapping.outcomes:
        subject = {"subject_id": f"local:{item.local.key}", "subject_label": item.local.label}
        if item.decision is not None:
            author_id, author_label = author_cells(item.decision.author)
            rows.append({
                **subject,
                "predicate_id": item.decision.predicate.value,
                "object_id": contract(item.decision.iri, prefixes) if item.decision.iri else NO_TERM_FOUND,
                "object_label": item.decision.label if item.decision.iri else "",
                "mapping_justification": Justification.MANUAL.value,
                "author_id": author_id,
                "author_label": author_label,
                "mapping_date": item.decision.date,
            })
            continue
        if not item.suggestions:
            rows.append({**subject, "predicate_id": Predicate.EXACT.value, "object_id": NO_TERM_FOUND,
                         "mapping_justification": Justification.LEXICAL.value, "mapping_tool": TOOL,
                         "comment": "no MSCOS outcome shares a word with this name"})
        for suggestion in item.suggestions:
            rows.append({
                **subject,
                "predicate_id": suggestion.predicate.value,
                "object_id": contract(suggestion.iri, prefixes),
                "object_label": suggestion.label,
                "mapping_justification": Justification.LEXICAL.value,
                "confidence": f"{suggestion.confidence:.3f}",
                "mapping_tool": TOOL,
                "comment": suggestion.reason,
            })
    return write_sssom(metadata, COLUMNS, rows)


def from_sssom(text: str, source: str, max_outcomes: int = MAX_OUTCOMES) -> MappingSet:
    """The mapping set of a file written by `to_sssom` (or edited by hand in the same columns)."""
    table = read_sssom(text, source)
    return from_table(table, source, max_outcomes)


def from_table(table: SssomTable, source: str, max_outcomes: int = MAX_OUTCOMES) -> MappingSet:
    prefixes = table.curie_map
    local = prefixes.get("local")
    if not local:
        raise MappingInputError("the SSSOM curie_map has no 'local' prefix: upload a file written by mscos map",
                                source=source)
    order: list[str] = []
    labels: dict[str, str] = {}
    decisions: dict[str, Decision] = {}
    suggestions: dict[str, list[Suggestion]] = {}
    for number, row in enumerate(table.rows, start=1):
        subject = row.get("subject_id", "")
        if not subject.startswith("local:") or len(subject) == len("local:"):
            raise MappingInputError(f"subject_id {subject[:60]!r} is not a local outcome (local:...)",
                                    source=source, row=number)
        key = subject.removeprefix("local:")
        if key not in labels:
            if len(order) >= max_outcomes:
                raise MappingInputError(f"more than {max_outcomes} local outcomes: split the mapping file",
                                        source=source, row=number)
            order.append(key)
            labels[key] = row.get("subject_label", "") or key
        try:
            predicate = Predicate.parse(row.get("predicate_id", ""))
        except ValueError as exc:
            raise MappingInputError(str(exc), source=source, row=number) from None
        obj = row.get("object_id", "")
        iri = None if obj in (NO_TERM_FOUND, "") else expand(obj, prefixes)
        if iri is not None and not iri.startswith(_MSCOS_ID):
            raise MappingInputError(f"object_id {obj[:60]!r} is not an MSCOS concept (mscos:NNNNNN)",
                                    source=source, row=number)
        justification = row.get("mapping_justification", "")
        if justification == Justification.MANUAL.value:
            author = row.get("author_id", "").removeprefix("orcid:") or row.get("author_label", "")
            decisions[key] = Decision(iri, row.get("object_label", ""), predicate, author,
                                      row.get("mapping_date", ""))
        elif justification == Justification.LEXICAL.value:
            if iri is not None:
                suggestions.setdefault(key, []).append(Suggestion(
                    iri, row.get("object_label", ""), None, _confidence(row.get("confidence", "")), predicate,
                    row.get("comment", "")))
        else:
            raise MappingInputError(f"unknown mapping_justification {justification[:60]!r}: use"
                                    f" {Justification.MANUAL.value} or {Justification.LEXICAL.value}",
                                    source=source, row=number)
    set_id = str(table.metadata.get("mapping_set_id") or new_set_id(local, []))
    outcomes = tuple(
        MappedOutcome(LocalOutcome(key, labels[key]), tuple(suggestions.get(key, ())), decisions.get(key))
        for key in order
    )
    return MappingSet(set_id, local, outcomes)


def _confidence(text: str) -> float:
    try:
        return min(max(float(text), 0.0), 1.0)
    except ValueError:
        return 0.0
