"""Search accuracy on an evaluation set of phrases (tests/data/search_phrases.yaml).

``evaluate(index, phrases)`` is what the test and the benchmark call: for each phrase, the
final MSCOS outcomes a search returns, and whether an expected one is first (top-1) or among
the first three (top-3). ``split_of`` puts each phrase in the "tune" or the "held-out" part,
by a rule fixed before the ranking was tuned (docs/decisions/0018-ranking-that-generalises.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

import yaml

from mscos_kg.search.entries import MSCOS
from mscos_kg.search.index import SearchIndex, SearchOptions
from mscos_kg.search.text import fold

TUNE, HELD_OUT = "tune", "held-out"


@dataclass(frozen=True)
class Phrase:
    phrase: str
    expected: tuple[str, ...]  # notations of final outcomes, any of which is right
    origin: str
    batch: int = 1  # 1: the phrases earlier rankings were tuned on; 2: added for issue 18

    @property
    def split(self) -> str:
        return split_of(self)


def split_of(phrase: Phrase) -> str:
    """Batch 1 is all "tune" (earlier tuning saw it); later phrases: "held-out" when the SHA-256
    of the folded phrase is even. Fixed before the ranking was tuned: never change it."""
    if phrase.batch == 1:
        return TUNE
    return HELD_OUT if int(sha256(fold(phrase.phrase).encode()).hexdigest(), 16) % 2 == 0 else TUNE


@dataclass(frozen=True)
class PhraseResult:
    phrase: Phrase
    returned: tuple[str, ...]  # notations, best first

    @property
    def top1(self) -> bool:
        return bool(self.returned) and self.returned[0] in self.phrase.expected

    @property
    def top3(self) -> bool:
        return any(n in self.phrase.expected for n in self.returned[:3])


@dataclass(frozen=True)
class EvaluationReport:
    results: tuple[PhraseResult, ...]

    @property
    def top1(self) -> float:
        return sum(r.top1 for r in self.results) / max(len(self.results), 1)

    @property
    def top3(self) -> float:
        return sum(r.top3 for r in self.results) / max(len(self.results), 1)

    def by_origin(self) -> dict[str, EvaluationReport]:
        groups: dict[str, list[PhraseResult]] = {}
        for r in self.results:
            groups.setdefault(r.phrase.origin, []).append(r)
        return {k: EvaluationReport(tuple(v)) for k, v in sorted(groups.items())}

    def misses(self) -> list[PhraseResult]:
        return [r for r in self.results if not r.top1]

    def summary(self) -> str:
        lines = [f"{len(self.results)} phrases: top-1 {self.top1:.1%}, top-3 {self.top3:.1%}"]
        for origin, report in self.by_origin().items():
            lines.append(f"  {origin}: {len(report.results)} phrases, top-1 {report.top1:.1%}, top-3 {report.top3:.1%}")
        for r in self.misses():
            mark = "top-3" if r.top3 else "miss "
            lines.append(f"  {mark} {r.phrase.phrase!r}: expected {'/'.join(r.phrase.expected)}, "
                         f"got {', '.join(r.returned[:3]) or 'nothing'}")
        return "\n".join(lines)


def load_phrases(path: Path, split: str | None = None) -> list[Phrase]:
    """The phrases of ``path``; only those of one ``split`` ("tune" or "held-out") if given."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases = [
        Phrase(str(item["phrase"]), tuple(str(e) for e in item["expected"]), str(item.get("from", "")),
               int(item.get("batch", 1)))
        for item in data["phrases"]
    ]
    return [p for p in phrases if split is None or p.split == split]


def evaluate(index: SearchIndex, phrases: Iterable[Phrase],
             types: Sequence[str] = (str(MSCOS.FinalOutcome),)) -> EvaluationReport:
    options = SearchOptions(types=tuple(types), limit=3)
    results = []
    for phrase in phrases:
        hits = index.search(phrase.phrase, options)
        results.append(PhraseResult(phrase, tuple(h.entry.notation or h.entry.iri for h in hits)))
    return EvaluationReport(tuple(results))


def evaluate_file(path: Path, *, linked_text: bool = True) -> EvaluationReport:
    """The benchmark's entry point: the shipped vocabulary searched for every phrase of ``path``."""
    from mscos_kg.search.entries import build_entries
    from mscos_kg.vocab.export import load_vocabulary

    index = SearchIndex(build_entries(load_vocabulary(), linked_text=linked_text))
    return evaluate(index, load_phrases(path))
