"""Benchmark: load time and the median latency of every named query, on three engines.

    python benchmarks/queries.py                 # 1,000 and 10,000 synthetic evaluations
    python benchmarks/queries.py --smoke         # tiny sizes, a few seconds (run by the tests)
    python benchmarks/queries.py --sizes 1000 --engines embedded server

Engines, in the same run on the same data: the embedded store (pyoxigraph, in memory), a real
`oxigraph serve` (in memory) through the remote store, and plain rdflib (a Dataset whose
default graph is the union, parameters bound with initBindings) as the baseline. The data is
the vocabulary plus `mscos synth` output; the answers of the engines are compared. Results go
to benchmarks/results/queries.json (or --output); the targets of issue 4 are checked at the
largest size: every named query under 1 s (median) on the embedded store and none slower
than on rdflib.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse

from mscos_kg.queries import Catalog, NamedQuery
from mscos_kg.resources import ontology_file
from mscos_kg.store import EmbeddedStore, RemoteEndpoints, RemoteStore, SelectResult, Store, StoreLayout
from mscos_kg.store.loading import load_vocabulary
from mscos_kg.store.server import OxigraphServer
from mscos_kg.synth import BASE, SynthOptions, write_synthetic_file

ENGINES = ("embedded", "server", "rdflib")
RESULTS = Path(__file__).resolve().parent / "results"

#: The parameters each parameterized query is run with (several cases for some); INTERVENTION
#: stands for a synthetic intervention that misses some core outcomes (chosen from the data).
INTERVENTION = "{intervention}"
CASES: dict[str, list[dict[str, str]]] = {
    "outcome_lineage": [{"outcome": "000101"}],
    "interventions_for_outcome": [{"outcome": "000101"}],
    "gap_analysis": [{"intervention": INTERVENTION}, {"intervention": INTERVENTION, "country": "GB"}],
    "reporting_frequency": [{}, {"country": "GB", "year": "2021"}],
    "instruments_per_outcome": [{}, {"outcome": "000106"}],
    "core_outcome_coverage": [{}, {"intervention": INTERVENTION}],
}


@dataclass(frozen=True)
class Case:
    query: NamedQuery
    params: dict[str, str]

    @property
    def label(self) -> str:
        given = ",".join(f"{k}={v.removeprefix(BASE)}" for k, v in sorted(self.params.items()))
        return f"{self.query.name}({given})" if given else self.query.name


def cases(catalog: Catalog, intervention: str) -> list[Case]:
    return [
        Case(q, {k: v.replace(INTERVENTION, intervention) for k, v in p.items()})
        for q in catalog.queries.values()
        for p in CASES.get(q.name, [{}])
    ]


def intervention_with_gaps(data: Path) -> str:
    """The first synthetic intervention whose evaluations miss a core outcome (for the gap analysis)."""
    store = EmbeddedStore()
    store.load_graph(NamedNode("urn:data"), [q.triple for q in parse(path=data, format=RdfFormat.TURTLE)])
    store.load_graph(NamedNode("urn:vocabulary"), [q.triple for q in parse(path=Path(str(ontology_file())))])
    query = Catalog.load().get("core_outcome_coverage")
    for index in range(1000):
        iri = f"{BASE}intervention{index}"
        rows = store.select(query.text, query.bind({"intervention": iri})).rows
        covered = max((int(r[-1].value) for r in rows if isinstance(r[-1], Literal)), default=0)
        if rows and covered < 7:
            return iri
    raise RuntimeError("no synthetic intervention misses a core outcome")


# ---------------------------------------------------------------------- engines
class RdflibEngine:
    """Plain rdflib in a worker process (so a query that runs away can be stopped).

    The vocabulary and the data are parsed into two graphs of a Dataset whose default graph is
    the union; parameters are bound with initBindings.
    """

    def __init__(self, vocabulary: Path, data: Path, timeout_s: float) -> None:
        self.vocabulary, self.data, self.timeout_s = vocabulary, data, timeout_s
        self.load_s = 0.0
        self.triples = 0
        self._process: multiprocessing.Process | None = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        if self._conn is None:
            ours, theirs = multiprocessing.Pipe()
            self._process = multiprocessing.Process(
                target=_rdflib_worker, args=(theirs, self.vocabulary, self.data), daemon=True
            )
            self._process.start()
            self.load_s, self.triples = ours.recv()
            self._conn = ours
        return self._conn

    def load(self) -> float:
        self._start()
        return self.load_s

    def run(self, case: Case) -> tuple[float, list[tuple[str, ...]]] | None:
        """(seconds, rows), or None if the query did not finish within the time limit."""
        conn = self._start()
        bindings = {k: _plain_term(v) for k, v in case.query.bind(case.params).items()}
        conn.send((case.query.text, bindings))
        if conn.poll(self.timeout_s):
            answer: tuple[float, list[tuple[str, ...]]] = conn.recv()
            return answer
        self.stop()
        return None

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.join()
        self._process, self._conn = None, None


def _plain_term(term: NamedNode | Literal) -> tuple[str, str, str, str]:
    if isinstance(term, NamedNode):
        return ("iri", term.value, "", "")
    return ("literal", term.value, term.language or "", term.datatype.value)


def _rdflib_worker(conn: Connection, vocabulary: Path, data: Path) -> None:
    dataset = rdflib.Dataset(default_union=True)
    start = time.perf_counter()
    dataset.graph(rdflib.URIRef("urn:vocabulary")).parse(vocabulary, format="turtle")
    dataset.graph(rdflib.URIRef("urn:data")).parse(data, format="turtle")
    conn.send((time.perf_counter() - start, len(dataset)))
    while True:
        text, plain = conn.recv()
        bindings = {k: _to_rdflib(*v) for k, v in plain.items()}
        start = time.perf_counter()
        result = dataset.query(text, initBindings=bindings)
        solutions = list(result)  # rdflib evaluates lazily: the time includes reading every row
        seconds = time.perf_counter() - start
        variables = [str(v) for v in result.vars or []]
        rows = []
        for row in solutions:
            assert isinstance(row, rdflib.query.ResultRow)
            values = row.asdict()
            rows.append(tuple(_rdflib_key(values.get(v)) for v in variables))
        conn.send((seconds, rows))


def _to_rdflib(kind: str, value: str, language: str, datatype: str) -> rdflib.term.Identifier:
    if kind == "iri":
        return rdflib.URIRef(value)
    if language:
        return rdflib.Literal(value, lang=language)
    if datatype == str(rdflib.XSD.string):
        return rdflib.Literal(value)  # rdflib tells "x" and "x"^^xsd:string apart; RDF 1.1 does not
    return rdflib.Literal(value, datatype=rdflib.URIRef(datatype))


def _rdflib_key(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.Literal):
        if term.datatype in (rdflib.XSD.integer, rdflib.XSD.decimal, rdflib.XSD.double):
            return str(float(term))
        return str(term)
    return str(term)


def _store_key(term: NamedNode | BlankNode | Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype.value.endswith(("#integer", "#decimal", "#double")):
        return str(float(term.value))
    return term.value


def run_store(store: Store, case: Case) -> tuple[float, list[tuple[str, ...]]]:
    """(seconds, rows): the time of `select` (typed rows built), not of the comparison keys."""
    bindings = case.query.bind(case.params)
    start = time.perf_counter()
    result = store.select(case.query.text, bindings)
    seconds = time.perf_counter() - start
    assert isinstance(result, SelectResult)
    return seconds, [tuple(_store_key(v) for v in row) for row in result.rows]


def load_store(store: Store, vocabulary: Path, triples: list[Triple]) -> None:
    load_vocabulary(store, vocabulary)
    store.replace_graph(StoreLayout().dataset_graph("synthetic"), triples)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


# ---------------------------------------------------------------------- one size
def bench_size(
    size: int, engines: list[str], repeat: int, rdflib_repeat: int, catalog: Catalog, timeout_s: float
) -> dict[str, Any]:
    vocabulary = Path(str(ontology_file()))
    out: dict[str, Any] = {"evaluations": size, "engines": {}}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / f"synthetic-{size}.ttl"
        out["synth_s"], _ = timed(lambda: write_synthetic_file(data, SynthOptions(evaluations=size, seed=1)))
        out["gap_intervention"] = intervention = intervention_with_gaps(data)
        answers: dict[str, dict[str, list[tuple[str, ...]] | None]] = {}
        for engine in engines:
            print(f"  {size} evaluations, {engine}: loading", file=sys.stderr, flush=True)
            figures, answers[engine] = bench_engine(
                engine, vocabulary, data, repeat, rdflib_repeat, cases(catalog, intervention), timeout_s
            )
            out["engines"][engine] = figures
        out["triples"] = out["engines"][engines[0]].get("triples")
    out["agreement"] = agreement(answers)
    return out


def bench_rdflib(
    vocabulary: Path, data: Path, repeat: int, todo: list[Case], timeout_s: float
) -> tuple[dict[str, Any], dict[str, list[tuple[str, ...]] | None]]:
    """rdflib: a query slower than 10 s runs once; one over the time limit is recorded as such."""
    engine = RdflibEngine(vocabulary, data, timeout_s)
    figures: dict[str, Any] = {"queries": {}, "load_s": engine.load(), "triples": engine.triples}
    answers: dict[str, list[tuple[str, ...]] | None] = {}
    try:
        for case in todo:
            times: list[float] = []
            rows: list[tuple[str, ...]] | None = None
            for _ in range(repeat):
                answer = engine.run(case)
                if answer is None:
                    rows = None
                    break
                times.append(answer[0])
                rows = answer[1]
                if answer[0] > 10:
                    break
            answers[case.label] = rows
            figures["queries"][case.label] = {
                "median_s": statistics.median(times) if rows is not None else None,
                "runs_s": times,
                "rows": len(rows) if rows is not None else None,
                "timed_out_after_s": timeout_s if rows is None else None,
            }
            shown = f"{statistics.median(times):8.4f} s" if rows is not None else f"> {timeout_s:.0f} s"
            print(f"    {case.label:60} {shown}", file=sys.stderr, flush=True)
    finally:
        engine.stop()
    return figures, answers


def bench_engine(
    engine: str, vocabulary: Path, data: Path, repeat: int, rdflib_repeat: int, todo: list[Case], timeout_s: float
) -> tuple[dict[str, Any], dict[str, list[tuple[str, ...]] | None]]:
    if engine == "rdflib":
        return bench_rdflib(vocabulary, data, rdflib_repeat, todo, timeout_s)
    server = OxigraphServer().start() if engine == "server" else None
    store: Store = (
        RemoteStore(RemoteEndpoints.from_url(server.url), timeout_s=600) if server is not None else EmbeddedStore()
    )
    figures: dict[str, Any] = {"queries": {}}
    answers: dict[str, list[tuple[str, ...]] | None] = {}
    try:

        def load() -> None:
            triples = [q.triple for q in parse(path=data, format=RdfFormat.TURTLE)]
            load_store(store, vocabulary, triples)

        figures["load_s"], _ = timed(load)
        count = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
        figures["triples"] = int(count.value) if isinstance(count, Literal) else None
        for case in todo:
            times = []
            rows: list[tuple[str, ...]] = []
            for _ in range(repeat):
                seconds, rows = run_store(store, case)
                times.append(seconds)
            answers[case.label] = rows
            figures["queries"][case.label] = {"median_s": statistics.median(times), "runs_s": times, "rows": len(rows)}
            print(f"    {case.label:60} {statistics.median(times):8.4f} s  {len(rows)} rows", file=sys.stderr)
    finally:
        store.close()
        if server is not None:
            server.stop()
    return figures, answers


def agreement(answers: dict[str, dict[str, list[tuple[str, ...]] | None]]) -> dict[str, bool | None]:
    """Per query: whether the engines that answered gave the same multiset of rows (None: one answer)."""
    out: dict[str, bool | None] = {}
    for label in next(iter(answers.values())):
        given = [sorted(rows) for rows in (a[label] for a in answers.values()) if rows is not None]
        out[label] = all(rows == given[0] for rows in given[1:]) if len(given) > 1 else None
    return out


def targets(size_result: dict[str, Any]) -> dict[str, Any]:
    engines = size_result["engines"]
    out: dict[str, Any] = {}
    if "embedded" in engines:
        slow = {q: f["median_s"] for q, f in engines["embedded"]["queries"].items() if f["median_s"] >= 1.0}
        out["embedded_under_1s"] = not slow
        out["embedded_over_1s"] = slow
    if "embedded" in engines and "rdflib" in engines:
        baseline = engines["rdflib"]["queries"]
        slower = {
            q: (f["median_s"], baseline[q]["median_s"])
            for q, f in engines["embedded"]["queries"].items()
            if baseline[q]["median_s"] is not None and f["median_s"] > baseline[q]["median_s"]
        }
        out["embedded_never_slower_than_rdflib"] = not slower
        out["embedded_slower_than_rdflib"] = slower
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--repeat", type=int, default=5, help="runs per query on the Oxigraph engines")
    parser.add_argument("--rdflib-repeat", type=int, default=3, help="runs per query on rdflib")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds before an rdflib query is stopped")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes and one run: checks that it works")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.repeat, args.rdflib_repeat = [20], 1, 1
    output = args.output or RESULTS / ("queries-smoke.json" if args.smoke else "queries.json")
    catalog = Catalog.load()
    report: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "repeat": args.repeat,
        "rdflib_repeat": args.rdflib_repeat,
        "sizes": {},
    }
    for size in args.sizes:
        result = bench_size(size, args.engines, args.repeat, args.rdflib_repeat, catalog, args.rdflib_timeout)
        report["sizes"][str(size)] = result
        result["targets"] = targets(result)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_summary(report)
    print(f"wrote {output}", file=sys.stderr)
    disagreements = [q for s in report["sizes"].values() for q, same in s["agreement"].items() if same is False]
    return 1 if disagreements else 0


def print_summary(report: dict[str, Any]) -> None:
    for size, result in report["sizes"].items():
        engines = list(result["engines"])
        print(f"\n{size} evaluations ({result['triples']} triples)")
        print(f"{'':62}" + "".join(f"{e:>12}" for e in engines) + "   same answers")
        print(f"{'load (s)':62}" + "".join(f"{result['engines'][e]['load_s']:12.3f}" for e in engines))
        for label in result["engines"][engines[0]]["queries"]:
            medians = [result["engines"][e]["queries"][label]["median_s"] for e in engines]
            cells = "".join(f"{m:12.4f}" if m is not None else f"{'timeout':>12}" for m in medians)
            same = {True: "yes", False: "NO", None: "-"}[result["agreement"][label]]
            print(f"{label:62}{cells}   {same}")
        print("targets:", json.dumps({k: v for k, v in result["targets"].items() if isinstance(v, bool)}))


if __name__ == "__main__":
    sys.exit(main())
