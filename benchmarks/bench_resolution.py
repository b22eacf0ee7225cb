"""Benchmark 1, identifier resolution: requests/s and p50/p99 latency of one concept, JSON-LD and HTML.

Three servers run side by side on 127.0.0.1, all under the uvicorn settings of `mscos serve`:

* the service (`mscos serve --store memory`) answering `/id/000101` (CO1, secure and suitable
  housing) as JSON-LD and as HTML by content negotiation;
* the ceiling: a hello-world FastAPI endpoint (`benchmarks.hello_app`);
* the rdflib baseline: rdflib-endpoint over the same ontology/mscos.ttl answering
  `DESCRIBE <concept>`. rdflib-endpoint 0.6 answers DESCRIBE in RDF/XML whatever the Accept
  header asks (it treats DESCRIBE like a SELECT); it has no HTML view of a concept, so it is the
  baseline for both formats.

Each case runs at 1 and 32 connections; the cases are interleaved round by round, so slow
drifts of the shared machine hit every server alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import httpx

from benchmarks.common import BenchResult, Context, Figure, Status, Target, fmt
from benchmarks.corpus import vocabulary_file
from benchmarks.load import PYTHON_GENERATOR, LoadRun, generator_name, run_load
from benchmarks.processes import Server, hello_server, mscos_server, rdflib_server, start_all

NAME = "resolution"
TITLE = "Identifier resolution"
CONCEPT_ID = "000101"
CONCEPT_IRI = f"https://w3id.org/mscos/id/{CONCEPT_ID}"
CEILING_SHARE = 0.70  # target: at least 70% of the hello-world ceiling's requests/s


@dataclass(frozen=True)
class Case:
    system: str
    fmt: str
    path: str
    accept: str

    def key(self, connections: int, measure: str) -> str:
        return f"{self.system}.{self.fmt}.c{connections}.{measure}"


CASES = (
    Case("hello-world", "json", "/hello", "application/json"),
    Case("mscos", "jsonld", f"/id/{CONCEPT_ID}", "application/ld+json"),
    Case("mscos", "html", f"/id/{CONCEPT_ID}", "text/html"),
    Case("rdflib-endpoint", "describe", "/sparql?query=" + quote(f"DESCRIBE <{CONCEPT_IRI}>"), "application/ld+json"),
)


@dataclass(frozen=True)
class Plan:
    connections: tuple[int, ...]
    duration_s: float
    rounds: int
    warmup_s: float


def plan(ctx: Context) -> Plan:
    if ctx.smoke:
        return Plan((1, 32), 1.0, 1, 0.0)
    return Plan((1, 32), 10.0, 3, 3.0)


def run(ctx: Context) -> BenchResult:
    result = BenchResult(NAME, TITLE, ctx)
    p = plan(ctx)
    generator = generator_name(ctx.load_generator)
    if generator == PYTHON_GENERATOR:
        result.notes.append("The built-in Python load generator was used (wrk not installed or not chosen); it "
                            "saturates far below the servers, so these requests/s measure the generator, not the "
                            "servers, and the targets are not judged.")
    servers = {
        "mscos": mscos_server(ctx.workdir, "memory"),
        "hello-world": hello_server(ctx.workdir),
        "rdflib-endpoint": rdflib_server(ctx.workdir, [vocabulary_file()]),
    }
    try:
        start_all(list(servers.values()))
        samples: dict[tuple[Case, int], list[LoadRun]] = {}
        result.details["responses"] = _check_responses(servers)
        for case in CASES:  # first requests fill caches (warm-up thread, rdflib's prepared queries)
            url = servers[case.system].url + case.path
            if p.warmup_s:
                run_load(url, {"Accept": case.accept}, 32, p.warmup_s, generator)
        for _ in range(p.rounds):
            for connections in p.connections:
                for case in CASES:
                    url = servers[case.system].url + case.path
                    run_ = run_load(url, {"Accept": case.accept}, connections, p.duration_s, generator)
                    samples.setdefault((case, connections), []).append(run_)
    finally:
        for server in servers.values():
            server.stop()
    _figures(result, samples)
    result.details.update(
        {"load_generator": generator, "duration_s": p.duration_s, "rounds": p.rounds, "concept": CONCEPT_IRI,
         "server_settings": "uvicorn, uvloop, httptools, 1 worker, log level warning (as `mscos serve`)"}
    )
    errors = sum(r.errors for runs in samples.values() for r in runs)
    if errors:
        result.notes.append(f"{errors} requests failed or answered an error status during the load runs.")
    result.targets.extend(_targets(result, judged=generator != PYTHON_GENERATOR))
    return result


def _check_responses(servers: dict[str, Server]) -> dict[str, dict[str, object]]:
    """One request per case before loading: status, media type and size actually served."""
    out: dict[str, dict[str, object]] = {}
    with httpx.Client(timeout=30.0) as client:
        for case in CASES:
            response = client.get(servers[case.system].url + case.path, headers={"Accept": case.accept})
            if response.status_code != 200:
                raise RuntimeError(f"{case.system} {case.path} answered {response.status_code}: {response.text[:200]}")
            out[f"{case.system}.{case.fmt}"] = {
                "status": response.status_code,
                "content_type": response.headers.get("content-type"),
                "bytes": len(response.content),
            }
    return out


def _figures(result: BenchResult, samples: dict[tuple[Case, int], list[LoadRun]]) -> None:
    for (case, connections), runs in samples.items():
        ceiling = Case("hello-world", "json", "", "")
        rdflib = CASES[-1]
        for measure, unit, higher, values in (
            ("rps", "req/s", True, [r.rps for r in runs]),
            ("p50", "ms", False, [r.p50_ms for r in runs]),
            ("p99", "ms", False, [r.p99_ms for r in runs]),
        ):
            baselines: tuple[str, ...] = ()
            if case.system != "hello-world":
                baselines = (ceiling.key(connections, measure),)
            if case.system == "mscos":
                baselines += (rdflib.key(connections, measure),)
            result.add(Figure(
                key=case.key(connections, measure),
                label=f"{case.system} {case.fmt}, {connections} conn., {measure}",
                unit=unit, system=case.system, runs=values, higher_is_better=higher, baselines=baselines,
                params={"format": case.fmt, "connections": connections, "accept": case.accept, "path": case.path},
            ))


def _targets(result: BenchResult, *, judged: bool) -> list[Target]:
    result.relate()
    targets = []
    for fmt_ in ("jsonld", "html"):
        figure = result.figure(f"mscos.{fmt_}.c32.rps")
        ceiling = result.figure("hello-world.json.c32.rps")
        rdflib = result.figure("rdflib-endpoint.describe.c32.rps")
        text = (f"Concept resolution as {'JSON-LD' if fmt_ == 'jsonld' else 'HTML'} at 32 connections >= 70% of "
                "the hello-world ceiling's requests/s, and ahead of rdflib-endpoint")
        if figure is None or ceiling is None or rdflib is None or not figure.runs:
            targets.append(Target(text, Status.NOT_MEASURED, "not measured"))
            continue
        share = figure.median / ceiling.median
        ahead = figure.median / rdflib.median
        met = share >= CEILING_SHARE and ahead > 1
        evidence = (f"{fmt(figure.median, 'req/s')} = {share:.0%} of the ceiling ({fmt(ceiling.median, 'req/s')}) "
                    f"and {ahead:.1f}x rdflib-endpoint ({fmt(rdflib.median, 'req/s')})")
        if not judged:
            targets.append(Target(text, Status.NOT_MEASURED, "Python load generator (no wrk): " + evidence))
            continue
        targets.append(Target(text, Status.MET if met else Status.MISSED, evidence))
    return targets
