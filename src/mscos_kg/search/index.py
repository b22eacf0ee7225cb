"""The ranking: identifier, then exact label or notation, then prefixes, alternative labels, then text.

Scores run from 0 to 100 and fall in bands, so that a better kind of match always comes first:

=====  ======================================================================
100    ``identifier``: the phrase is the entry's six-digit id, IRI or a prefixed name
       (``000615``, ``mscos:000615``, ``id:000615``; search/identifiers.py); its own band, first
100    the phrase is the label or the notation (case, accents and punctuation folded)
90-95  the label (or the notation) starts with the phrase (shorter ones first)
85     the phrase is an alternative label
80-84  an alternative label starts with the phrase
0-79   relevance of the words (BM25F over label, alternative and hidden labels, synonyms the
       vocabulary links to the resource, indicators, definition and related text; Snowball
       stems; whole-phrase bonus)
=====  ======================================================================

Within a band, final MSCOS outcomes come before other resources (a documented prior: the
published set first), then non-deprecated before deprecated, then by label. In an untyped
search, earlier-stage outcomes rank as namesakes (EARLIER_STAGE_TYPES). Why each choice, and
how it was evaluated: docs/decisions/0018-ranking-that-generalises.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from mscos_kg.search.entries import MSCOS, Entry
from mscos_kg.search.identifiers import IdentifierTable
from mscos_kg.search.text import fold, terms

MAX_QUERY_CHARS = 500

FIELD_WEIGHTS: dict[str, float] = {
    "label": 4.0,
    "alt": 3.0,
    "hidden": 3.0,
    "synonyms": 2.5,
    "indicators": 2.0,
    "definition": 0.5,
    "related": 0.5,
}
K1 = 0.9
B = 0.5
PARTIAL_CREDIT = 0.3  # a query term that is a prefix of an indexed term (or the reverse), 5+ letters
MIN_SUGGEST_RELEVANCE = 0.25  # autocomplete drops weak text matches
NAME_BANDS = {
    "identifier": 5, "label": 4, "notation": 4, "notation_prefix": 3, "label_prefix": 3, "alt_label": 2,
    "alt_label_prefix": 1, "text": 0,
}
PREFERRED_TYPES = (str(MSCOS.CoreOutcome), str(MSCOS.LonglistOutcome), str(MSCOS.FinalOutcome))
# Outcomes of the stages before the published set (e-Delphi Round 0, the workshops). In an untyped
# search they rank as namesakes of the published outcomes: an exact name still comes first, but a
# partial one is scored as text, and their text relevance is discounted, so that `housing` gives
# CO1 "Secure and suitable housing" before Round 0 "Housing stability and independence".
EARLIER_STAGE_TYPES = (str(MSCOS.Round0Outcome), str(MSCOS.WorkshopOutcome), str(MSCOS.OutcomeGrouping))
EARLIER_STAGE_FACTOR = 0.85
EXACT_KINDS = ("identifier", "label", "notation", "alt_label")
# Autocomplete completes names: it scores words of names (labels, alternative and hidden labels,
# labels of matching concepts), not of descriptions.
NAME_FIELDS = ("label", "alt", "hidden", "synonyms")


class QueryTooLongError(ValueError):
    """A search phrase longer than MAX_QUERY_CHARS."""


@dataclass(frozen=True)
class SearchOptions:
    """Filters of one search. ``types`` and ``schemes`` are IRIs; an entry must have one of each given."""

    types: tuple[str, ...] = ()
    schemes: tuple[str, ...] = ()
    include_deprecated: bool = False
    limit: int = 10


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    # identifier | label | notation | notation_prefix | label_prefix | alt_label | alt_label_prefix | text
    match: str


@dataclass(frozen=True)
class SearchPage:
    """The first `limit` hits, best first, and how many entries match in all."""

    total: int
    hits: list[Hit]


@dataclass
class _Doc:
    entry: Entry
    fields: dict[str, list[str]]
    lengths: dict[str, int]
    labels: tuple[str, ...]  # folded
    alts: tuple[str, ...]  # folded
    notation: str
    phrases: dict[str, str] = field(default_factory=dict)  # field -> folded text, for phrase bonus
    rank: int = 2
    earlier_stage: bool = False
    counts: dict[str, Counter[str]] = field(default_factory=dict)  # field -> term frequencies
    terms: frozenset[str] = frozenset()  # every term of every field
    norms: dict[str, float] = field(default_factory=dict)  # field -> BM25 length normalisation
    all_phrases: str = ""  # every field's folded text: one substring test rules most entries out


def _field_texts(entry: Entry) -> dict[str, Sequence[str]]:
    return {
        "label": [entry.label, entry.notation or ""],
        "alt": entry.alt_labels,
        "hidden": entry.hidden_labels,
        "synonyms": entry.synonyms,
        "indicators": entry.indicators,
        "definition": [entry.definition or ""],
        "related": entry.related,
    }


def type_rank(entry: Entry) -> int:
    """0 for final MSCOS outcomes, 1 for indicators, 2 for anything else."""
    if any(entry.has_type(t) for t in PREFERRED_TYPES):
        return 0
    return 1 if entry.has_type(str(MSCOS.Indicator)) else 2


@lru_cache(maxsize=8192)
def _natural(text: str | None) -> str:
    """'CO10' after 'CO9': digit runs padded."""
    return re.sub(r"\d+", lambda m: m.group(0).zfill(6), text or "~")


def _sort_key(hit: Hit) -> tuple[int, int, float, bool, str, str, str]:
    """Band first; within a name band final outcomes first; then score, notation, label."""
    band = NAME_BANDS[hit.match]
    rank = type_rank(hit.entry) if band else 0
    return (-band, rank, -hit.score, hit.entry.deprecated, _natural(hit.entry.notation), hit.entry.label,
            hit.entry.iri)


def _mean_length(docs: list[_Doc], name: str) -> float:
    present = [d.lengths[name] for d in docs if d.lengths[name]]
    return max(sum(present) / len(present), 1.0) if present else 1.0


class SearchIndex:
    """An in-memory index of vocabulary entries; build once, query from any thread."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: list[Entry] = list(entries)
        self.docs: list[_Doc] = []
        self.by_iri: dict[str, Entry] = {}
        postings: dict[str, set[int]] = {}
        for entry in self.entries:
            texts = _field_texts(entry)
            fields = {name: [t for text in values for t in terms(text)] for name, values in texts.items()}
            doc = _Doc(
                entry=entry,
                fields=fields,
                lengths={name: len(tokens) for name, tokens in fields.items()},
                labels=(fold(entry.label),),
                alts=tuple(fold(a) for a in entry.alt_labels),
                notation=fold(entry.notation or ""),
                phrases={name: " | ".join(fold(t) for t in values) for name, values in texts.items()},
                rank=type_rank(entry),
                earlier_stage=type_rank(entry) != 0 and any(entry.has_type(t) for t in EARLIER_STAGE_TYPES),
                counts={name: Counter(tokens) for name, tokens in fields.items()},
            )
            index = len(self.docs)
            self.docs.append(doc)
            self.by_iri[entry.iri] = entry
            for tokens in fields.values():
                for token in tokens:
                    postings.setdefault(token, set()).add(index)
        self.postings = postings
        # Every folded name (label, alternative label, notation) once, sorted: the entries whose
        # name starts with a phrase are a bisect away (the name bands need no scan of all entries).
        self.names = sorted({(name, i) for i, d in enumerate(self.docs) for name in (*d.labels, *d.alts, d.notation)
                             if name})
        self.identifiers = IdentifierTable(self.by_iri)
        count = max(len(self.docs), 1)
        self.idf = {t: math.log(1 + (count - len(ds) + 0.5) / (len(ds) + 0.5)) for t, ds in postings.items()}
        # Average over the entries that have the field: most have no hidden or alternative label,
        # and averaging over all would make a well-described entry look many times too long.
        self.avg_length = {name: _mean_length(self.docs, name) for name in FIELD_WEIGHTS}
        for doc in self.docs:
            doc.terms = frozenset(t for tokens in doc.fields.values() for t in tokens)
            doc.all_phrases = " | ".join(doc.phrases.values())
            doc.norms = {name: 1 - B + B * doc.lengths[name] / self.avg_length[name] for name in FIELD_WEIGHTS}
        self.vocabulary = sorted(postings)

    # -- public API -------------------------------------------------------------------------
    def search(self, query: str, options: SearchOptions | None = None) -> list[Hit]:
        """Entries matching ``query``, best first."""
        return self.search_page(query, options).hits

    def search_page(self, query: str, options: SearchOptions | None = None) -> SearchPage:
        """Like `search`, with the number of all matches (the page holds at most `options.limit`)."""
        opts = options or SearchOptions()
        hits = self._rank(query, opts, prefix_last=False)
        return SearchPage(len(hits), hits[: max(opts.limit, 0)])

    def suggest(self, prefix: str, options: SearchOptions | None = None) -> list[Hit]:
        """Autocomplete: like search, the last word being a prefix of a word still to be typed."""
        opts = options or SearchOptions()
        return self._rank(prefix, opts, prefix_last=True)[: max(opts.limit, 0)]

    def get(self, iri: str) -> Entry | None:
        return self.by_iri.get(iri)

    # -- ranking ----------------------------------------------------------------------------
    def _rank(self, query: str, options: SearchOptions, *, prefix_last: bool) -> list[Hit]:
        """Every allowed match, best first (callers cut the page)."""
        if len(query) > MAX_QUERY_CHARS:
            raise QueryTooLongError(f"the search phrase is longer than {MAX_QUERY_CHARS} characters")
        named = self.identifiers.resolve(query)
        if named is not None:
            return self._named(named, options)
        folded = fold(query)
        if not folded:
            return []
        raw_terms = terms(query)
        if len(raw_terms) > 1:
            raw_terms = [t for t in raw_terms if len(t) > 1] or raw_terms
        query_terms = self._expand(raw_terms, prefix_last=prefix_last and not query.endswith(" "))
        candidates: set[int] = set()
        for term, _ in query_terms:
            candidates |= self.postings.get(term, set())
        candidates |= self._names_starting(folded)
        hits = []
        fields = NAME_FIELDS if prefix_last else tuple(FIELD_WEIGHTS)
        total_idf = self._total_idf(query_terms)
        for i in candidates:
            doc = self.docs[i]
            if not self._allowed(doc.entry, options):
                continue
            band, kind = self._name_match(doc, folded)
            namesake = doc.earlier_stage and not options.types
            if namesake and kind not in EXACT_KINDS:
                band = 0.0
            if band == 0:
                relevance = self._relevance(doc, query_terms, total_idf, folded, fields)
                if relevance <= (MIN_SUGGEST_RELEVANCE if prefix_last else 0.0):
                    continue
                score, kind = 79.0 * relevance * (EARLIER_STAGE_FACTOR if namesake else 1.0), "text"
            else:
                score = band
            hits.append(Hit(doc.entry, round(score, 2), kind))
        hits.sort(key=_sort_key)
        return hits

    def _named(self, iri: str, options: SearchOptions) -> list[Hit]:
        """The one entry an identifier names; a deprecated one too (the caller named it)."""
        entry = self.by_iri[iri]
        allowed = self._allowed(entry, SearchOptions(options.types, options.schemes, include_deprecated=True))
        return [Hit(entry, 100.0, "identifier")] if allowed else []

    @staticmethod
    def _allowed(entry: Entry, options: SearchOptions) -> bool:
        if entry.deprecated and not options.include_deprecated:
            return False
        if options.types and not any(entry.has_type(t) for t in options.types):
            return False
        return not (options.schemes and not set(options.schemes) & set(entry.schemes))

    @staticmethod
    def _name_match(doc: _Doc, folded: str) -> tuple[float, str]:
        if folded in doc.labels:
            return 100.0, "label"
        if doc.notation and folded == doc.notation:
            return 100.0, "notation"
        if len(folded) >= 2:
            if doc.notation.startswith(folded) and folded[-1].isalnum():
                return 90.0 + 5.0 * len(folded) / len(doc.notation), "notation_prefix"
            for label in doc.labels:
                if label.startswith(folded):
                    return 90.0 + 5.0 * len(folded) / len(label), "label_prefix"
        if folded in doc.alts:
            return 85.0, "alt_label"
        if len(folded) >= 2:
            for alt in doc.alts:
                if alt.startswith(folded):
                    return 80.0 + 4.0 * len(folded) / len(alt), "alt_label_prefix"
        return 0.0, ""

    def _expand(self, query_terms: list[str], *, prefix_last: bool) -> list[tuple[str, float]]:
        """Each query term with its weight, plus indexed terms sharing a 5+ letter prefix with it."""
        out: dict[str, float] = {}
        for position, term in enumerate(query_terms):
            out[term] = max(out.get(term, 0.0), 1.0)
            is_last = position == len(query_terms) - 1
            if len(term) >= 5 or (prefix_last and is_last and len(term) >= 2):
                credit = 1.0 if prefix_last and is_last else PARTIAL_CREDIT
                for other in self._prefixed(term):
                    if other != term:
                        out[other] = max(out.get(other, 0.0), credit)
                if not (prefix_last and is_last):
                    for cut in range(len(term) - 1, 4, -1):
                        if term[:cut] in self.postings:
                            out[term[:cut]] = max(out.get(term[:cut], 0.0), PARTIAL_CREDIT)
                            break
        return list(out.items())

    def _names_starting(self, folded: str) -> set[int]:
        from bisect import bisect_left

        found = set()
        for name, i in self.names[bisect_left(self.names, (folded, -1)):]:
            if not name.startswith(folded):
                break
            found.add(i)
        return found

    def _prefixed(self, prefix: str) -> list[str]:
        from bisect import bisect_left

        start = bisect_left(self.vocabulary, prefix)
        found = []
        for term in self.vocabulary[start:]:
            if not term.startswith(prefix):
                break
            found.append(term)
            if len(found) >= 50:
                break
        return found

    def _relevance(self, doc: _Doc, query_terms: list[tuple[str, float]], total_idf: float, folded: str,
                   fields: Sequence[str]) -> float:
        """BM25F, normalised to 0..1 by the best possible score of the query's own terms (total_idf)."""
        if total_idf == 0:
            return 0.0
        score = 0.0
        for term, credit in query_terms:
            if term not in doc.terms:
                continue
            weighted = 0.0
            for name in fields:
                tf = doc.counts[name].get(term, 0)
                if tf:
                    weighted += FIELD_WEIGHTS[name] * tf / doc.norms[name]
            if weighted:
                score += credit * self.idf.get(term, 0.0) * weighted / (K1 + weighted)
        relevance = min(score / total_idf, 1.0)
        if " " in folded and folded in doc.all_phrases:
            for name in fields:
                if folded in doc.phrases[name]:
                    relevance = min(1.0, relevance + 0.05 * FIELD_WEIGHTS[name])
                    break
        return relevance

    def _total_idf(self, query_terms: list[tuple[str, float]]) -> float:
        """The query's own terms (not their expansions): what a perfect match would score."""
        return sum(self.idf.get(term, self._unseen_idf()) for term, weight in query_terms if weight == 1.0)

    def _unseen_idf(self) -> float:
        count = max(len(self.docs), 1)
        return math.log(1 + (count + 0.5) / 0.5)
