"""Map a list of local outcome names to the MSCOS, and the vocabulary's own mappings, as SSSOM.

    >>> mapping = start(index, Path("outcomes.csv").read_bytes(), "outcomes.csv")
    >>> to_sssom(mapping)            # the mapping table; upload it again to continue
    >>> prefilled_template(index, mapping), coverage(index, mapping)

Stateless (decision 19): the state of a mapping is the SSSOM file the person keeps. No FastAPI.
"""

from __future__ import annotations

from mscos_kg.mapping.coverage import (
    CoreCoverage,
    Coverage,
    Status,
    coverage,
    coverage_csv,
    coverage_dict,
    coverage_text,
)
from mscos_kg.mapping.errors import MappingInputError
from mscos_kg.mapping.mapper import Choice, MapOptions, decide, map_outcomes, read_upload, start, undecide
from mscos_kg.mapping.mapping_file import from_sssom, to_sssom
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
from mscos_kg.mapping.outcome_list import ListOptions, read_outcome_list
from mscos_kg.mapping.prefill import prefilled_template
from mscos_kg.mapping.suggester import suggest
from mscos_kg.mapping.vocabulary_sssom import vocabulary_sssom

__all__ = [
    "NO_TERM_FOUND", "Choice", "CoreCoverage", "Coverage", "Decision", "Justification", "ListOptions",
    "LocalOutcome", "MapOptions", "MappedOutcome", "MappingInputError", "MappingSet", "Predicate", "Status",
    "Suggestion", "coverage", "coverage_csv", "coverage_dict", "coverage_text", "decide", "from_sssom",
    "map_outcomes", "prefilled_template", "read_outcome_list", "read_upload", "start", "suggest", "to_sssom",
    "undecide", "vocabulary_sssom",
]
