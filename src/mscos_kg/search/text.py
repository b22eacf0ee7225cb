"""Text normalisation for search: folding, tokens, stop words and a light English stemmer."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z+]+")

STOP_WORDS = frozenset(
    [
        "a", "an", "and", "are", "as", "at", "be", "been", "being", "by", "can", "could", "do", "does",
        "for", "from", "had", "has", "have", "having", "he", "her", "his", "how", "i", "if", "in",
        "into", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "she", "so",
        "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
        "those", "to", "too", "up", "us", "was", "we", "were", "what", "when", "where", "which", "who",
        "will", "with", "would", "you", "your", "able", "also", "e", "g", "eg", "etc", "way", "ways"
    ]
)

# (suffix, replacement) tried longest first; one rule per pass, at most two passes.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("isations", "ise"), ("izations", "ise"), ("isation", "ise"), ("ization", "ise"), ("ational", "ate"),
    ("ations", "ate"), ("ation", "ate"), ("fulness", "ful"), ("iveness", "ive"), ("ousness", "ous"),
    ("nesses", ""), ("ness", ""), ("ments", ""), ("ment", ""), ("ities", "ity"), ("ity", ""),
    ("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"), ("ers", ""), ("er", ""), ("ed", ""),
    ("ious", "i"), ("ety", "e"), ("es", ""), ("ly", ""), ("ial", ""), ("al", ""), ("ful", ""), ("s", ""),
)
_MIN_BASE = {"al": 5, "ial": 4, "ety": 3, "er": 4, "ers": 4}


def fold(value: str) -> str:
    """Lower case, accents removed, every run of punctuation or spaces one space."""
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NON_WORD.sub(" ", ascii_only.replace("'", "")).strip()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripping stemmer: enough to meet 'registered'/'registration'/'register'."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for _ in range(2):
        for suffix, replacement in _SUFFIXES:
            if word.endswith(suffix) and suffix not in ("ss",):
                base = word[: -len(suffix)]
                if suffix == "s" and word.endswith(("ss", "us", "is")):
                    continue
                candidate = base + replacement
                if len(base) < _MIN_BASE.get(suffix, 0):
                    continue
                if len(candidate) >= 3 and any(v in candidate for v in "aeiouy"):
                    word = candidate
                    break
        else:
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # 'planned' -> 'plann' -> 'plan'
    if len(word) > 3 and word.endswith("y"):
        word = word[:-1] + "i"
    return word


def words(value: str) -> list[str]:
    """The folded words of a text, stop words included."""
    return fold(value).split()


def terms(value: str) -> list[str]:
    """The stemmed content words of a text (stop words dropped), in order."""
    return [stem(w) for w in words(value) if w not in STOP_WORDS]
