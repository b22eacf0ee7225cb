"""Splitting a dataset into independent parts, each validated on its own.

Each part is a batch of evaluations with everything they reach by forward links (their
intervention and its organisation, measurements, results, local outcomes, instruments), plus
the vocabulary facts about the IRIs they use. Nodes that no evaluation reaches (the dataset
node, organisations without evaluations, anything unexpected) form a last part with their own
closure. Every part also holds the partner dataset node(s) and what they reach, since the
`DatasetDescribed` rule asks whether the file has one at all. Shapes look only at what a node
reaches, or (`DeprecatedOutcome`, `SecondarySuppression`) back up to its measurement and
evaluation, which are in the same part; so each focus node sees the same neighbourhood as in
the whole graph. Nodes shared between parts (an intervention evaluated twice, the dataset node)
are validated in each and their results merged. The tests check that the results equal those
of one run over the whole graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from mscos_kg.validation.terms import MSCOS
from mscos_kg.validation.triples import Index, Triple, subject_index
from mscos_kg.validation.vocabulary import Vocabulary


@dataclass(frozen=True)
class Part:
    triples: list[Triple]
    evaluations: int


def _closure(index: Index, roots: list[Node], seen: set[Node], out: list[Triple]) -> set[Node]:
    """Append the descriptions of everything reachable from `roots`; return the IRIs used."""
    objects: set[Node] = set()
    todo = list(roots)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, values in index.get(node, {}).items():
            for obj in values:
                out.append((node, predicate, obj))
                kind = type(obj)  # exact types: isinstance costs seconds over a million triples
                if kind is URIRef or kind is BNode or (kind is not Literal and isinstance(obj, URIRef | BNode)):
                    objects.add(obj)
                    if obj not in seen:
                        todo.append(obj)
    return objects


def partitions(data: Graph, vocabulary: Vocabulary, batch_size: int) -> Iterator[Part]:
    index = subject_index(data)
    evaluations = sorted(
        (e for e in data.subjects(RDF.type, MSCOS.Evaluation) if isinstance(e, URIRef | BNode)), key=str
    )
    datasets = sorted(
        (d for d in data.subjects(RDF.type, MSCOS.PartnerDataset) if isinstance(d, URIRef | BNode)), key=str
    )
    reached: set[Node] = set()
    for start in range(0, len(evaluations), batch_size):
        batch = evaluations[start : start + batch_size]
        seen: set[Node] = set()
        triples: list[Triple] = []
        objects = _closure(index, [*batch, *datasets], seen, triples)
        reached |= seen
        triples.extend(vocabulary.facts_about(objects))
        yield Part(triples, len(batch))
    rest_roots = [s for s in index if s not in reached]
    if rest_roots:
        seen = set()
        triples = []
        objects = _closure(index, [*sorted(rest_roots, key=str), *datasets], seen, triples)
        triples.extend(vocabulary.facts_about(objects))
        yield Part(triples, 0)
