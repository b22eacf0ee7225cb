"""Disclosure control: the configurable threshold below which counts must be suppressed.

The threshold lives in the shapes file as `sh:minInclusive 10` on the SmallCountSuppressed
shapes (and "(10)" in their messages), so the file is valid SHACL on its own for any engine;
`with_threshold` rewrites those values for another threshold.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import SH

from mscos_kg.validation.terms import SHAPES

#: Counts below this are disclosive (ONS uses 10; see docs/partner-data.md).
DEFAULT_THRESHOLD = 10
SMALL_COUNT_SHAPES = (
    SHAPES["SmallCountSuppressed-AggregateResult-count"],
    SHAPES["SmallCountSuppressed-AggregateResult-n"],
)
_SHIPPED = f"({DEFAULT_THRESHOLD})"


def check_threshold(threshold: int) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"the disclosure threshold must be a whole number of at least 1, not {threshold!r}")
    return threshold


def with_threshold(shapes: Graph, threshold: int) -> Graph:
    """A copy of `shapes` whose small-count rules use `threshold` (the input is not changed)."""
    check_threshold(threshold)
    if threshold == DEFAULT_THRESHOLD:
        return shapes
    out = Graph()
    for prefix, namespace in shapes.namespaces():
        out.bind(prefix, namespace)
    for triple in shapes:
        out.add(triple)
    for shape in SMALL_COUNT_SHAPES:
        out.set((shape, SH.minInclusive, Literal(threshold)))
        for message in list(out.objects(shape, SH.message)):
            assert isinstance(message, Literal)
            out.remove((shape, SH.message, message))
            text = str(message).replace(_SHIPPED, f"({threshold})")
            out.add((shape, SH.message, Literal(text, lang=message.language)))
    return out
