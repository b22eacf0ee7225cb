"""Read sparql/tests/manifest.ttl and compare query results with the expected .srj files."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import rdflib
from pyoxigraph import NamedNode, QueryResultsFormat, QuerySolutions, RdfFormat, Triple, parse, parse_query_results

from mscos_kg.queries.formats import render_json
from mscos_kg.resources import sparql_dir
from mscos_kg.store.port import Store
from mscos_kg.store.results import SelectResult

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
MT = rdflib.Namespace("https://w3id.org/mscos/sparql/tests#")

SPARQL_DIR = Path(str(sparql_dir()))
MANIFEST = SPARQL_DIR / "tests" / "manifest.ttl"
#: Set to 1 to (re)write the expected results from the embedded store; review the diff.
REGENERATE = os.environ.get("MSCOS_REGEN_EXPECTED") == "1"


@dataclass(frozen=True)
class Entry:
    name: str
    query: str  # the named query
    data: tuple[Path, ...]
    params: tuple[tuple[str, str], ...]
    result: Path


def _path(term: rdflib.term.Node) -> Path:
    return Path(str(term).removeprefix("file://"))


def load_manifest(path: Path = MANIFEST) -> list[Entry]:
    graph = rdflib.Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())
    manifest = next(graph.subjects(rdflib.RDF.type, MF.Manifest))
    entries = []
    for node in rdflib.collection.Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(node, MF.action)
        params = sorted(
            (str(graph.value(p, MT.name)), str(graph.value(p, MT.value))) for p in graph.objects(action, MT.param)
        )
        entries.append(
            Entry(
                name=str(graph.value(node, MF.name)),
                query=_path(graph.value(action, QT.query)).stem,
                data=tuple(sorted(_path(d) for d in graph.objects(action, QT.graphData))),
                params=tuple(params),
                result=_path(graph.value(node, MF.result)),
            )
        )
    return entries


def load_fixtures(store: Store, entry: Entry) -> None:
    """Each data file in its own named graph, as the store layout keeps datasets."""
    for path in entry.data:
        triples: list[Triple] = [q.triple for q in parse(path=path, format=RdfFormat.TURTLE)]
        store.load_graph(NamedNode(path.as_uri()), triples)


def read_expected(path: Path) -> tuple[tuple[str, ...], Counter[frozenset[tuple[str, str]]]]:
    solutions = parse_query_results(path=path, format=QueryResultsFormat.JSON)
    assert isinstance(solutions, QuerySolutions)
    variables = tuple(v.value for v in solutions.variables)
    rows: Counter[frozenset[tuple[str, str]]] = Counter()
    for solution in solutions:
        rows[frozenset((v, str(solution[v])) for v in variables if solution[v] is not None)] += 1
    return variables, rows


def as_multiset(result: SelectResult) -> Counter[frozenset[tuple[str, str]]]:
    return Counter(
        frozenset((v, str(t)) for v, t in zip(result.variables, row, strict=True) if t is not None)
        for row in result.rows
    )


def write_expected(path: Path, result: SelectResult) -> None:
    document = json.loads(render_json(result))
    lines = ['{"head": ' + json.dumps(document["head"]) + ',\n "results": {"bindings": [']
    bindings = [json.dumps(b, ensure_ascii=False, sort_keys=True) for b in document["results"]["bindings"]]
    lines.append(",\n".join("  " + b for b in bindings))
    lines.append("]}}\n")
    path.write_text("\n".join(lines), encoding="utf-8")
