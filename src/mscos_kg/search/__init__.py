"""Search over the vocabulary: one ranking shared by the API, reconciliation, web pages and benchmarks.

    >>> index = SearchIndex(build_entries(graph))
    >>> index.search("registered with a GP", SearchOptions(types=(OUTCOME_TYPE,)))[0].entry.label
"""

from __future__ import annotations

from mscos_kg.search.entries import MSCOS, Entry, build_entries
from mscos_kg.search.index import MAX_QUERY_CHARS, Hit, QueryTooLongError, SearchIndex, SearchOptions, SearchPage

FINAL_OUTCOME_TYPE = str(MSCOS.FinalOutcome)

__all__ = [
    "FINAL_OUTCOME_TYPE",
    "MAX_QUERY_CHARS",
    "Entry",
    "Hit",
    "QueryTooLongError",
    "SearchIndex",
    "SearchOptions",
    "SearchPage",
    "build_entries",
]
