"""Why a concept was suggested for a name: which words or labels matched, said in a few words.

Computed here from the name and the concept's own texts (`search.Entry`), not read from the
ranking, so the reason stays true whatever ranking runs behind `SearchIndex.search`. Words are
compared folded (case and accents) and lightly stemmed ("employed" meets "employment").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from mscos_kg.search import Entry

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is", "it",
    "of", "on", "or", "the", "their", "to", "with", "without", "who",
))
_ENDINGS = ("ments", "ment", "ness", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def content_words(text: str) -> dict[str, str]:
    """Stem -> the first word of `text` with that stem (stop words left out)."""
    out: dict[str, str] = {}
    for word in _WORD.findall(fold(text)):
        if word not in _STOP and len(word) > 1:
            out.setdefault(_stem(word), word)
    return out


@lru_cache(maxsize=16384)
def _stems(text: str) -> frozenset[str]:
    """The stems of a concept's text: the same texts come back for every name, so they are kept."""
    return frozenset(content_words(text))


@lru_cache(maxsize=16384)
def _phrase(text: str) -> str:
    return " ".join(_WORD.findall(fold(text)))


def _quoted(words: list[str]) -> str:
    shown = [f'"{w}"' for w in words[:4]]
    return ", ".join(shown) + (" ..." if len(words) > 4 else "")


def explain(name: str, entry: Entry) -> str:
    """One sentence: the label or notation it equals, else the words shared with its label,
    alternative labels, indicators or linked text, else that only related text matched."""
    phrase = _phrase(name)
    if phrase and phrase == _phrase(entry.label):
        return "the name is its label"
    if entry.notation and phrase == _phrase(entry.notation):
        return f"the name is its notation {entry.notation}"
    for alt in entry.alt_labels:
        if phrase and phrase == _phrase(alt):
            return f'the name is its alternative label "{alt}"'
    asked = content_words(name)
    found: list[str] = []
    parts: list[str] = []
    for where, texts in (
        ("label", [entry.label]),
        ("alternative labels", list(entry.alt_labels)),
        ("earlier or mapped names", list(entry.synonyms)),
        ("indicators", list(entry.indicators)),
        ("definition", [entry.definition or ""]),
        ("related text", list(entry.related)),
    ):
        have: set[str] = set()
        for text in texts:
            have |= _stems(text)
        shared = [word for stem, word in asked.items() if stem in have and word not in found]
        if shared:
            found += shared
            parts.append(f"{_quoted(shared)} in its {where}")
        if len(found) == len(asked):
            break
    if not parts:
        return "related text matched (no word in common with its names)"
    return "; ".join(parts)
