"""The work of `POST /map` and the `/map` page, run off the event loop (`offload.off_loop`).

Each job is a module-level function `fn(vocabulary, ...)` taking the uploaded bytes and form
values and returning bytes or plain data (pickled between processes). The library's
`MappingInputError` becomes a 400 here, in the worker, so it crosses back as an `ApiError`.
Nothing is kept: the state comes in with the request and goes out in the answer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mscos_kg.mapping import (
    Choice,
    ListOptions,
    MapOptions,
    MappingInputError,
    MappingSet,
    Predicate,
    coverage,
    coverage_csv,
    coverage_dict,
    decide,
    from_sssom,
    map_outcomes,
    prefilled_template,
    start,
    to_sssom,
    undecide,
)
from mscos_kg.mapping.explainer import explain
from mscos_kg.search import FINAL_OUTCOME_TYPE, MAX_QUERY_CHARS, SearchOptions

from .errors import ApiError

if TYPE_CHECKING:
    from .vocabulary import Vocabulary

#: download format -> (media type, file name)
DOWNLOADS: dict[str, tuple[str, str]] = {
    "sssom": ("text/tab-separated-values; charset=utf-8", "mscos-mapping.sssom.tsv"),
    "template": ("text/csv; charset=utf-8", "mscos-partner-dataset-prefilled.csv"),
    "coverage": ("text/csv; charset=utf-8", "mscos-core-outcome-coverage.csv"),
}


@dataclass(frozen=True)
class Uploaded:
    data: bytes
    name: str


@dataclass(frozen=True)
class MapRequest:
    """What a client sent: the file (a list or a mapping file), an earlier mapping, the options."""

    file: Uploaded | None
    resume: Uploaded | None
    column: str | None
    description_column: str | None
    top: int
    max_bytes: int


def _bad(exc: MappingInputError) -> ApiError:
    return ApiError(400, "unreadable_list", str(exc), extra={"source": exc.source, "row": exc.row})


def _options(req: MapRequest) -> MapOptions:
    return MapOptions(top=req.top, list_options=ListOptions(
        column=req.column, description_column=req.description_column, max_bytes=req.max_bytes))


def _mapping(vocabulary: Vocabulary, req: MapRequest) -> MappingSet:
    if req.file is None:
        raise ApiError(400, "missing_file", "Send the list of outcome names (or a mapping file) as the 'file' part.")
    resume = req.resume
    try:
        return start(vocabulary.index, req.file.data, req.file.name, resume=resume.data if resume else None,
                     resume_name=resume.name if resume else "", options=_options(req))
    except MappingInputError as exc:
        raise _bad(exc) from None


def mapping_json(mapping: MappingSet, vocabulary: Vocabulary) -> dict[str, Any]:
    return {
        "mapping_set_id": mapping.set_id,
        "local_prefix": mapping.local_prefix,
        "outcomes": [
            {
                "id": f"local:{item.local.key}",
                "label": item.local.label,
                "description": item.local.description or None,
                "confirmed": None if item.decision is None else {
                    "object_id": item.decision.iri, "object_label": item.decision.label or None,
                    "predicate_id": item.decision.predicate.value, "author": item.decision.author or None,
                    "date": item.decision.date or None,
                },
                "suggestions": [
                    {"object_id": s.iri, "object_label": s.label, "notation": s.notation,
                     "predicate_id": s.predicate.value, "confidence": s.confidence, "reason": s.reason}
                    for s in item.suggestions
                ],
            }
            for item in mapping.outcomes
        ],
        "coverage": coverage_dict(coverage(vocabulary.index, mapping)),
    }


def render_download(vocabulary: Vocabulary, mapping: MappingSet, fmt: str) -> bytes:
    if fmt == "sssom":
        return to_sssom(mapping).encode("utf-8")
    if fmt == "template":
        return prefilled_template(vocabulary.index, mapping).encode("utf-8")
    return coverage_csv(coverage(vocabulary.index, mapping)).encode("utf-8")


def map_api(vocabulary: Vocabulary, req: MapRequest, fmt: str) -> bytes:
    """`POST /map`: JSON (suggestions, decisions kept, coverage) or one of the downloads."""
    mapping = _mapping(vocabulary, req)
    if fmt == "json":
        return json.dumps(mapping_json(mapping, vocabulary), ensure_ascii=False, allow_nan=False).encode("utf-8")
    return render_download(vocabulary, mapping, fmt)


# -- the page ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    iri: str
    label: str
    notation: str
    confidence: str
    reason: str
    predicate: str


@dataclass(frozen=True)
class OutcomeView:
    key: str
    label: str
    description: str
    candidates: tuple[Candidate, ...]
    chosen: str  # an IRI, "none" (no MSCOS outcome fits) or "" (decide later)
    predicate: str  # exact | close | broad | narrow | related
    chosen_label: str
    query: str
    searched: bool


@dataclass(frozen=True)
class PageState:
    """The review page: every local outcome with its candidates, and the state to post back."""

    state: str  # the SSSOM TSV of the mapping: the page's hidden field
    outcomes: tuple[OutcomeView, ...]
    covered: int
    total: int
    coverage: tuple[dict[str, Any], ...]
    confirmed: int
    author: str


def _views(vocabulary: Vocabulary, mapping: MappingSet, searches: Mapping[str, str], author: str = "") -> PageState:
    index = vocabulary.index
    views = []
    for item in mapping.outcomes:
        query = searches.get(item.local.key, "").strip()[:MAX_QUERY_CHARS]
        candidates = [Candidate(s.iri, s.label, s.notation or "", f"{s.confidence:.2f}", s.reason, s.predicate.word)
                      for s in item.suggestions]
        if query:
            hits = index.search(query, SearchOptions(types=(FINAL_OUTCOME_TYPE,), limit=5))
            candidates = [Candidate(h.entry.iri, h.entry.label, h.entry.notation or "", f"{h.score / 100:.2f}",
                                    f"search for \"{query}\": {explain(query, h.entry)}", "close") for h in hits]
        decision = item.decision
        chosen = "" if decision is None else (decision.iri or "none")
        if decision is not None and decision.iri and all(c.iri != decision.iri for c in candidates):
            entry = index.get(decision.iri)
            candidates.insert(0, Candidate(decision.iri, decision.label, (entry.notation or "") if entry else "",
                                           "", "your choice", decision.predicate.word))
        predicate = decision.predicate.word if decision else (candidates[0].predicate if candidates else "close")
        views.append(OutcomeView(item.local.key, item.local.label, item.local.description, tuple(candidates), chosen,
                                 predicate, decision.label if decision else "", query, bool(query)))
    result = coverage(index, mapping)
    rows = tuple({"notation": c.notation, "label": c.label, "status": c.status.value,
                  "local_outcomes": list(c.local_outcomes)} for c in result.outcomes)
    return PageState(to_sssom(mapping), tuple(views), result.covered, len(result.outcomes), rows,
                     sum(o.confirmed for o in mapping.outcomes), author)


def page_from_upload(vocabulary: Vocabulary, req: MapRequest) -> PageState:
    return _views(vocabulary, _mapping(vocabulary, req), {})


@dataclass(frozen=True)
class PageForm:
    """The review form as posted: the state, each outcome's choice and predicate, searches, author."""

    state: str
    choices: Mapping[str, str]
    predicates: Mapping[str, str]
    searches: Mapping[str, str]
    author: str
    search_key: str | None  # the outcome whose "Search" button was pressed


def _apply(vocabulary: Vocabulary, form: PageForm) -> MappingSet:
    try:
        state = from_sssom(form.state, "the page's state")
        mapping = map_outcomes(vocabulary.index, [], resume=state, options=MapOptions(top=_top(state)))
    except MappingInputError as exc:
        raise _bad(exc) from None
    keys = {o.local.key for o in mapping.outcomes}
    kept = {o.local.key: o.decision for o in mapping.outcomes if o.decision is not None}
    choices: dict[str, Choice] = {}
    later: list[str] = []
    for key, value in form.choices.items():
        if key not in keys:
            continue
        if value == "":
            later.append(key)
            continue
        try:
            predicate = Predicate.parse(form.predicates.get(key, "close") or "close")
        except ValueError as exc:
            raise ApiError(400, "bad_predicate", str(exc)) from None
        if value != "none" and not value.startswith("https://w3id.org/mscos/id/"):
            raise ApiError(400, "bad_choice", "A choice must be an MSCOS outcome, 'none' or empty.")
        choice = Choice(None if value == "none" else value, predicate)
        earlier = kept.get(key)
        unchanged = earlier is not None and (earlier.iri, earlier.predicate) == (choice.iri, choice.predicate)
        if unchanged and earlier is not None and (earlier.author or not form.author.strip()):
            continue  # its author and date stay (an author given later fills an empty one)
        choices[key] = choice
    mapping = undecide(mapping, later)
    try:
        return decide(vocabulary.index, mapping, choices, author=form.author.strip()[:200])
    except MappingInputError as exc:
        raise ApiError(400, "bad_choice", str(exc)) from None


def _top(mapping: MappingSet) -> int:
    return max((len(o.suggestions) for o in mapping.outcomes), default=5) or 5


def page_from_form(vocabulary: Vocabulary, form: PageForm) -> PageState:
    searches = {form.search_key: form.searches.get(form.search_key, "")} if form.search_key else {}
    return _views(vocabulary, _apply(vocabulary, form), searches, form.author.strip()[:200])


def download_from_form(vocabulary: Vocabulary, form: PageForm, fmt: str) -> bytes:
    return render_download(vocabulary, _apply(vocabulary, form), fmt)
