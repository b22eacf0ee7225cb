"""Benchmark 4, outcome suggestion quality: top-1 and top-3 accuracy on the project's phrase set.

The phrase set is tests/data/search_phrases.yaml (phrases a researcher would type, each with
the final MSCOS outcomes that answer it). Measured here:

* search: `mscos_kg.search.evaluation.evaluate`, the function the search test uses, over all
  phrases, per origin (workshop outcomes, which the vocabulary holds and links to their final
  outcomes, and survivor-outcome measures, which it does not), and without linked text;
* reconciliation: the service's `/reconcile` (W3C Reconciliation API) asked for a batch of
  every phrase, type FinalOutcome, three candidates each;
* the baseline: a plain label matcher (word overlap with each final outcome's preferred and
  alternative labels), what a spreadsheet lookup would do; every figure is a ratio to it.

Accuracy is deterministic, so there is one run (min = median = max).
"""

from __future__ import annotations

import json
import re
from typing import Any

from benchmarks.common import REPO, BenchResult, Context, Figure, Status, Target
from mscos_kg.search import FINAL_OUTCOME_TYPE, Entry, SearchIndex, build_entries
from mscos_kg.search.evaluation import EvaluationReport, Phrase, PhraseResult, evaluate, load_phrases

NAME = "suggestion"
TITLE = "Outcome suggestion quality"
PHRASES = REPO / "tests" / "data" / "search_phrases.yaml"
TOP1_TARGET, TOP3_TARGET = 0.80, 0.95
_WORD = re.compile(r"[a-z0-9]+")


def run(ctx: Context) -> BenchResult:
    from mscos_kg.vocab.export import load_vocabulary

    result = BenchResult(NAME, TITLE, ctx)
    graph = load_vocabulary()
    phrases = load_phrases(PHRASES)
    entries = build_entries(graph)
    reports: dict[str, EvaluationReport] = {
        "baseline": label_overlap(entries, phrases),
        "search": evaluate(SearchIndex(entries), phrases),
        "search-without-linked-text": evaluate(SearchIndex(build_entries(graph, linked_text=False)), phrases),
        "reconciliation": reconcile(entries, phrases),
    }
    for origin, report in reports["search"].by_origin().items():
        reports[f"search-{origin}"] = report
        reports[f"baseline-{origin}"] = EvaluationReport(
            tuple(r for r in reports["baseline"].results if r.phrase.origin == origin))
    for system, report in reports.items():
        origin = system.rsplit("-", 1)[1] if system.startswith(("search-", "baseline-")) else ""
        baseline = f"baseline-{origin}" if origin in ("workshop", "measure") else "baseline"
        for measure in ("top1", "top3"):
            result.add(Figure(
                key=f"{system}.{measure}", label=f"{system} {measure.replace('top', 'top-')}", unit="share",
                system=system.split("-")[0], runs=[getattr(report, measure)], higher_is_better=True,
                baselines=() if system.startswith("baseline") else (f"{baseline}.{measure}",),
                params={"phrases": len(report.results)},
            ))
    result.details["phrases"] = len(phrases)
    result.details["misses"] = {s: _misses(r) for s, r in reports.items() if s in ("search", "reconciliation")}
    result.targets.extend(_targets(result))
    return result


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def label_overlap(entries: list[Entry], phrases: list[Phrase]) -> EvaluationReport:
    """The baseline: rank final outcomes by the share of the phrase's words found in their labels."""
    finals = [e for e in entries if e.has_type(FINAL_OUTCOME_TYPE) and not e.deprecated]
    results = []
    for phrase in phrases:
        words = _words(phrase.phrase)
        scored = []
        for entry in finals:
            labels = _words(" ".join((entry.label, *entry.alt_labels)))
            overlap = len(words & labels) / max(len(words | labels), 1)
            if overlap > 0:
                scored.append((-overlap, entry.notation or entry.iri))
        results.append(PhraseResult(phrase, tuple(n for _, n in sorted(scored)[:3])))
    return EvaluationReport(tuple(results))


def reconcile(entries: list[Entry], phrases: list[Phrase]) -> EvaluationReport:
    """Every phrase through the service's /reconcile in one batch (in process, TestClient)."""
    import warnings

    with warnings.catch_warnings():  # starlette's notice about its httpx-based TestClient
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient
    from mscos_api.app import create_app

    from mscos_kg.config import Settings

    settings = Settings(store="memory")
    notation = {e.iri: e.notation or e.iri for e in entries}
    batch = {f"q{i}": {"query": p.phrase, "type": "FinalOutcome", "limit": 3} for i, p in enumerate(phrases)}
    with TestClient(create_app(settings, warm=False)) as client:
        response = client.post("/reconcile", data={"queries": json.dumps(batch)})
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
    id_base = settings.base_iri + "id/"
    results = []
    for i, phrase in enumerate(phrases):
        candidates = answer[f"q{i}"]["result"]
        iris = [c["id"] if ":" in c["id"] else id_base + c["id"] for c in candidates]
        results.append(PhraseResult(phrase, tuple(notation.get(iri, iri) for iri in iris)))
    return EvaluationReport(tuple(results))


def _misses(report: EvaluationReport) -> list[dict[str, Any]]:
    return [{"phrase": r.phrase.phrase, "expected": list(r.phrase.expected), "returned": list(r.returned),
             "top3": r.top3} for r in report.misses()]


def _targets(result: BenchResult) -> list[Target]:
    targets = []
    for system in ("search", "reconciliation"):
        top1, top3 = result.figure(f"{system}.top1"), result.figure(f"{system}.top3")
        if top1 is None or top3 is None:
            continue
        met = top1.median >= TOP1_TARGET and top3.median >= TOP3_TARGET
        baseline = result.figure("baseline.top1")
        evidence = f"top-1 {top1.median:.1%}, top-3 {top3.median:.1%}" + (
            f" (label-matching baseline: top-1 {baseline.median:.1%})" if baseline else "")
        targets.append(Target(f"{system.capitalize()}: top-1 >= 80%, top-3 >= 95% on the phrase set",
                              Status.MET if met else Status.MISSED, evidence))
    return targets

