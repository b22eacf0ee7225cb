"""Each SHACL-SPARQL constraint does a bounded amount of work per focus node under rdflib.

Plain pySHACL, the reference engine, runs every SPARQL constraint once per focus node with
rdflib. A query that makes rdflib visit triples of the whole dataset for each focus node is
quadratic: `ConsistentTimepoints` once took hours at 10,000 evaluations that way (rdflib broke
a tie between triple patterns by variable name and started from the timepoint instead of
`$this`; docs/partner-data.md, "Engines and speed"). This counts the triples rdflib reads per
focus node (a count, not a time, so the test is exact on any machine) on a small and a ten
times larger synthetic dataset: it must not grow with the data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.stores.memory import Memory

from mscos_kg.synth import SynthOptions, synthetic_graph
from mscos_kg.validation.shapes import load_shapes
from mscos_kg.validation.vocabulary import load_vocabulary

SMALL, LARGE = 20, 200
FOCI = 12  # focus nodes sampled per constraint and size
# Its focus nodes are deprecated vocabulary concepts (the vocabulary has none so far), and its work
# per concept is the measurements that use it: that grows with the data by design, once per concept.
PER_CONCEPT = {"DeprecatedOutcome"}


class CountingMemory(Memory):
    """rdflib's in-memory store, counting the triples it hands out."""

    read = 0

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        for found in super().triples(triple_pattern, context):
            self.read += 1
            yield found


def _constraints() -> list[tuple[str, URIRef, str]]:
    shapes = load_shapes(10)
    prefixes = "\n".join(f"PREFIX {p}: <{n}>" for p, n in shapes.namespaces())
    out = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        assert isinstance(shape, URIRef)
        if shape.split("#")[-1] not in PER_CONCEPT:
            out.append((shape.split("#")[-1], shape, prefixes + "\n" + str(shapes.value(constraint, SH.select))))
    return sorted(out)


def _foci(graph: Graph, shape: URIRef) -> list[Any]:
    shapes = load_shapes(10)
    nodes: set[Any] = set()
    for cls in shapes.objects(shape, SH.targetClass):
        nodes |= set(graph.subjects(RDF.type, cls))
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        nodes |= set(graph.subjects(predicate, None))
    return sorted(nodes)[:FOCI]


@pytest.fixture(scope="module")
def graphs() -> dict[int, Graph]:
    vocabulary = load_vocabulary()
    out = {}
    for size in (SMALL, LARGE):
        graph = Graph(store=CountingMemory())
        graph += synthetic_graph(SynthOptions(evaluations=size, seed=1), vocabulary)
        graph += vocabulary.graph
        out[size] = graph
    return out


@pytest.mark.parametrize(("name", "shape", "query"), _constraints(), ids=lambda v: v if isinstance(v, str) else "")
def test_work_per_focus_node_does_not_grow_with_the_data(
    graphs: dict[int, Graph], name: str, shape: URIRef, query: str
) -> None:
    prepared = prepareQuery(query)
    per_focus = {}
    for size, graph in graphs.items():
        foci = _foci(graph, shape)
        assert foci, f"{name}: the synthetic data has no focus node for it"
        store = graph.store
        assert isinstance(store, CountingMemory)
        store.read = 0
        for focus in foci:
            list(graph.query(prepared, initBindings={"this": focus}))
        per_focus[size] = store.read / len(foci)
    # Ten times the data; allow for the sampled focus nodes differing a little, not for a scan.
    assert per_focus[LARGE] <= 1.5 * per_focus[SMALL] + 50, (name, per_focus)
