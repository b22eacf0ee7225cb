"""Ranked MSCOS suggestions for local outcome names, through the public search API only."""

from __future__ import annotations

from collections.abc import Iterable

from mscos_kg.mapping.explainer import explain
from mscos_kg.mapping.model import LocalOutcome, Predicate, Suggestion
from mscos_kg.search import FINAL_OUTCOME_TYPE, MAX_QUERY_CHARS, Hit, SearchIndex, SearchOptions

DEFAULT_TOP = 5
MAX_TOP = 20
#: A description only adds candidates: they count for this share of their score.
DESCRIPTION_WEIGHT = 0.8
_NAME_MATCHES = frozenset({"label", "notation", "alt_label", "identifier"})  # identifier: the matcher branch


def _predicate(hit: Hit) -> Predicate:
    """exactMatch when the name is the concept's label, notation or alternative label; otherwise
    closeMatch: a lexical candidate, for a person to confirm or change."""
    return Predicate.EXACT if hit.match in _NAME_MATCHES else Predicate.CLOSE


def suggest(index: SearchIndex, outcome: LocalOutcome, top: int = DEFAULT_TOP) -> tuple[Suggestion, ...]:
    """The `top` best final MSCOS outcomes for one local outcome, best first."""
    top = max(1, min(top, MAX_TOP))
    options = SearchOptions(types=(FINAL_OUTCOME_TYPE,), limit=top)
    scored: dict[str, tuple[float, Hit]] = {}
    for hit in index.search(outcome.label[:MAX_QUERY_CHARS], options):
        scored[hit.entry.iri] = (hit.score, hit)
    if outcome.description:
        for hit in index.search(outcome.description[:MAX_QUERY_CHARS], options):
            score = hit.score * DESCRIPTION_WEIGHT
            if score > scored.get(hit.entry.iri, (-1.0, hit))[0]:
                scored[hit.entry.iri] = (score, hit)
    # The search's own order for the name (ties as it breaks them); description hits merged by score.
    ranked = sorted(scored.values(), key=lambda pair: -pair[0])[:top]
    return tuple(
        Suggestion(
            iri=hit.entry.iri,
            label=hit.entry.label,
            notation=hit.entry.notation,
            confidence=round(min(max(score / 100.0, 0.0), 1.0), 3),
            predicate=_predicate(hit) if score == hit.score else Predicate.CLOSE,
            reason=explain(outcome.label, hit.entry) if score == hit.score
            else "from the description: " + explain(outcome.description, hit.entry),
        )
        for score, hit in ranked
    )


def suggest_all(
    index: SearchIndex, outcomes: Iterable[LocalOutcome], top: int = DEFAULT_TOP
) -> list[tuple[LocalOutcome, tuple[Suggestion, ...]]]:
    return [(outcome, suggest(index, outcome, top)) for outcome in outcomes]
