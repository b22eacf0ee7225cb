"""Text normalisation for search: folding, tokens, stop words and the Snowball English stemmer."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer

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

# Snowball (Porter 2) English, the stemmer of Lucene, Xapian and bm25s: a maintained algorithm
# rather than our own suffix list. One instance per thread (PyStemmer objects are not thread-safe).
_STEMMERS = threading.local()


def fold(value: str) -> str:
    """Lower case, accents removed, every run of punctuation or spaces one space."""
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NON_WORD.sub(" ", ascii_only.replace("'", "")).strip()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball English stem: 'registered' and 'register' meet, as do 'housing' and 'house'."""
    if len(word) <= 3 or not word.isalpha():
        return word
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = Stemmer.Stemmer("english")
    return str(stemmer.stemWord(word))


def words(value: str) -> list[str]:
    """The folded words of a text, stop words included."""
    return fold(value).split()


def terms(value: str) -> list[str]:
    """The stemmed content words of a text (stop words dropped), in order."""
    return [stem(w) for w in words(value) if w not in STOP_WORDS]
