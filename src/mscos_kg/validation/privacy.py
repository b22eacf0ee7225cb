"""Disclosure control: the configurable threshold below which counts must be suppressed.

The threshold lives in the shapes file as `sh:minInclusive 10` on the SmallCountSuppressed
shapes (one per people count: n, count, sampleSize, participantCount), as `?value < 10` in the
ComplementSuppressed and DerivedCountSuppressed queries, and as "(10)" in their messages, so
the file is valid SHACL on its own for any engine; `with_threshold` rewrites those values for
another threshold.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from mscos_kg.validation.terms import SHAPES

#: Counts below this are disclosive (ONS uses 10; see docs/partner-data.md).
DEFAULT_THRESHOLD = 10
#: The model's properties that count people; each has a SmallCountSuppressed shape.
PEOPLE_COUNTS = ("n", "count", "sampleSize", "participantCount")
SMALL_COUNT_SHAPES = tuple(SHAPES[f"SmallCountSuppressed-{name}"] for name in PEOPLE_COUNTS)
#: SHACL-SPARQL constraints whose query compares with the threshold (as `?value < 10`).
THRESHOLD_QUERY_SHAPES = (SHAPES["ComplementSuppressed"], SHAPES["DerivedCountSuppressed"])
_SHIPPED = f"({DEFAULT_THRESHOLD})"
_SHIPPED_QUERY = f"?value < {DEFAULT_THRESHOLD})"


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
        _rewrite(out, shape, SH.message, _SHIPPED, f"({threshold})")
    for shape in THRESHOLD_QUERY_SHAPES:
        for constraint in list(out.objects(shape, SH.sparql)):
            found = _rewrite(out, constraint, SH.select, _SHIPPED_QUERY, f"?value < {threshold})")
            assert found, f"{shape}: its query no longer compares '{_SHIPPED_QUERY}'"
            _rewrite(out, constraint, SH.message, _SHIPPED, f"({threshold})")
    return out


def _rewrite(graph: Graph, node: Node, predicate: URIRef, old: str, new: str) -> bool:
    """Replace `old` by `new` in the literals of `node predicate`; whether any held it."""
    found = False
    for value in list(graph.objects(node, predicate)):
        assert isinstance(value, Literal)
        found = found or old in str(value)
        graph.remove((node, predicate, value))
        graph.add((node, predicate, Literal(str(value).replace(old, new), lang=value.language)))
    return found
