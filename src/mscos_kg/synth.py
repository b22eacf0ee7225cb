"""Synthetic partner datasets for tests and benchmarks (`mscos synth`).

Deterministic for a seed; shaped like real submissions: several organisations, countries and
years, 3-12 outcome measurements per evaluation, a skewed popularity of outcomes (housing and
medical treatment much more often than education), some evaluations reporting all seven core
outcomes at the same timepoints, a few local outcomes mapped to MSCOS outcomes, and small counts
suppressed. Every dataset is valid under shapes/partner-dataset.ttl (warnings allowed) at the
default disclosure threshold. Turtle is written directly as text, so 10,000 evaluations take
seconds and little memory.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from mscos_kg.validation.privacy import DEFAULT_THRESHOLD
from mscos_kg.validation.terms import MSCOS
from mscos_kg.validation.vocabulary import Vocabulary, load_vocabulary

BASE = "https://example.org/mscos-synth/"
COUNTRIES = ("GB", "US", "NL", "IT", "NG", "PH", "TH", "VN", "AL", "RO", "IN", "NP", "UG", "KE", "BR", "MX")
SETTINGS = (
    "safe house",
    "community outreach",
    "drop-in centre",
    "NGO case management",
    "statutory support service",
    "health clinic",
    "online peer support",
)
SERVICES = (
    ("Safe Homes", "Supported safe-house accommodation with a key worker"),
    ("Pathways", "Long-term case management after the national referral process ends"),
    ("Healing Minds", "Trauma-focused therapy and psychological support"),
    ("Open Doors", "Drop-in advice on housing, benefits and immigration"),
    ("Skills for Work", "Language classes, training and supported job placements"),
    ("Health Access", "Registration with a doctor, dental care and help with appointments"),
    ("Peer Circle", "Peer support groups led by survivor mentors"),
    ("Legal Aid Link", "Legal advice and representation on immigration and compensation"),
)
POPULATIONS = (
    "adult survivors of labour exploitation",
    "adult survivors of sexual exploitation",
    "adult survivors of domestic servitude",
    "adult survivors referred by the national referral mechanism",
    "adult survivors with insecure immigration status",
)
INSTRUMENTS = (
    "PHQ-9",
    "GAD-7",
    "EQ-5D-5L",
    "PCL-5",
    "IJM Assessment of Survivor Outcomes",
    "Goal Attainment Scaling",
    "Case file review",
    "Housing stability checklist",
)
TIMEPOINTS = ("P0D", "P3M", "P6M", "P1Y", "P2Y")
# Relative popularity of the seven core outcomes (CO1..CO7): housing and medical treatment are
# measured far more often than purpose in life or education.
CORE_WEIGHTS = (30, 14, 12, 8, 4, 22, 6)
DESIGN_WEIGHTS = {
    "BA": 30,
    "MONITORING": 25,
    "COHORT": 15,
    "RCT": 6,
    "NRCS": 8,
    "XS": 8,
    "MIXED": 6,
    "QUAL": 2,
}
REPORTER_WEIGHTS = {"SELF": 60, "PRAC": 30, "ADMIN": 10}


@dataclass(frozen=True)
class SynthOptions:
    evaluations: int = 100
    seed: int = 1
    threshold: int = DEFAULT_THRESHOLD


@dataclass(frozen=True)
class _Codes:
    core: Sequence[URIRef]
    longlist: Sequence[URIRef]
    designs: dict[str, URIRef]
    reporters: dict[str, URIRef]
    status: dict[str, URIRef]
    levels: Sequence[URIRef]


def _codes(vocab: Vocabulary) -> _Codes:
    g = vocab.graph

    def by_notation(cls: URIRef) -> dict[str, URIRef]:
        out = {}
        for s in g.subjects(RDF.type, cls):
            notation = g.value(s, SKOS.notation)
            if isinstance(s, URIRef) and notation is not None:
                out[str(notation)] = s
        return out

    core = sorted(by_notation(MSCOS.CoreOutcome).items())
    longlist = sorted(s for s in g.subjects(RDF.type, MSCOS.LonglistOutcome) if isinstance(s, URIRef))
    levels = sorted(s for s in g.subjects(RDF.type, MSCOS.InterventionLevel) if isinstance(s, URIRef))
    return _Codes(
        core=[iri for _, iri in core],
        longlist=longlist,
        designs=by_notation(MSCOS.StudyDesign),
        reporters=by_notation(MSCOS.ReporterType),
        status=by_notation(MSCOS.ObservationStatus),
        levels=levels,
    )


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Writer:
    def __init__(self, out: TextIO, rng: random.Random, codes: _Codes, threshold: int) -> None:
        self.out = out
        self.rng = rng
        self.codes = codes
        self.threshold = threshold
        # Longlist popularity follows a Zipf-like curve over a seeded order.
        order = list(codes.longlist)
        rng.shuffle(order)
        self.longlist = order
        self.longlist_weights = [1.0 / (rank + 1) for rank in range(len(order))]

    def pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def header(self) -> None:
        self.out.write(
            "@prefix mscos: <https://w3id.org/mscos/def/> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            "@prefix dct: <http://purl.org/dc/terms/> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
            f"@prefix s: <{BASE}> .\n\n"
        )

    def organisations(self, count: int) -> list[tuple[str, str]]:
        orgs = []
        for i in range(count):
            country = COUNTRIES[self.rng.randrange(len(COUNTRIES))] if i else "GB"
            name = f"Partner Organisation {i + 1:03d}"
            self.out.write(
                f"s:org{i} a mscos:Organisation ; rdfs:label {_lit(name)} ; mscos:country {_lit(country)} .\n"
            )
            orgs.append((f"s:org{i}", country))
        return orgs

    def instruments(self) -> list[str]:
        names = []
        for i, label in enumerate(INSTRUMENTS):
            self.out.write(f"s:instrument{i} a mscos:Instrument ; rdfs:label {_lit(label)} .\n")
            names.append(f"s:instrument{i}")
        return names

    def intervention(self, i: int, org: tuple[str, str]) -> str:
        name, description = SERVICES[self.rng.randrange(len(SERVICES))]
        level = self.codes.levels[self.rng.randrange(len(self.codes.levels))] if self.codes.levels else None
        population = POPULATIONS[self.rng.randrange(len(POPULATIONS))]
        age = "adults" if self.rng.random() < 0.95 else "mixed"
        ref = f"s:intervention{i}"
        self.out.write(
            f"{ref} a mscos:Intervention ; rdfs:label {_lit(f'{name} {i + 1}')} ;\n"
            f"  dct:description {_lit(description)} ; mscos:organisation {org[0]} ;\n"
            f"  mscos:country {_lit(org[1])} ; mscos:setting {_lit(self.rng.choice(SETTINGS))} ;\n"
            + (f"  mscos:interventionLevel <{level}> ;\n" if level else "")
            + f"  mscos:targetPopulation {_lit(population)} ; mscos:ageGroup {_lit(age)} .\n"
        )
        return ref

    def outcome_plan(self) -> list[tuple[URIRef, str]]:
        """(outcome, timepoint) pairs of one evaluation."""
        rng = self.rng
        size = rng.randint(3, 12)
        if rng.random() < 0.12:
            # Reports all seven core outcomes at the same timepoint, then some longlist ones.
            tp = rng.choice(TIMEPOINTS[1:])
            plan = [(core, tp) for core in self.codes.core]
            size = max(size, len(plan))
        else:
            timepoints = sorted(rng.sample(TIMEPOINTS, rng.randint(1, 2)), key=TIMEPOINTS.index)
            n_core = min(size, rng.randint(1, 4))
            cores: set[URIRef] = set()
            while len(cores) < n_core:
                cores.add(rng.choices(self.codes.core, weights=CORE_WEIGHTS[: len(self.codes.core)])[0])
            plan = [(core, tp) for core in sorted(cores) for tp in timepoints][:size]
        while len(plan) < size and self.longlist:
            outcome = rng.choices(self.longlist, weights=self.longlist_weights)[0]
            tp = plan[0][1] if plan else "P0D"
            if (outcome, tp) not in plan:
                plan.append((outcome, tp))
        return plan

    def evaluation(self, i: int, intervention: str, instruments: list[str]) -> None:
        rng = self.rng
        design = self.codes.designs.get(self.pick(DESIGN_WEIGHTS))
        sample = rng.randint(self.threshold * 2, 400)
        plan = self.outcome_plan()
        ev = f"s:evaluation{i}"
        measurements = [f"s:m{i}_{k}" for k in range(len(plan))]
        lines = [
            f"{ev} a mscos:Evaluation ; rdfs:label {_lit(f'Evaluation {i + 1}')} ; mscos:evaluates {intervention} ;",
            (f"  mscos:studyDesign <{design}> ;" if design else ""),
            f'  mscos:year "{rng.randint(2015, 2024)}"^^xsd:gYear ; mscos:sampleSize {sample} ;',
            f"  dct:references <https://doi.org/10.5555/mscos-synth.{i + 1}> ;",
            f"  mscos:hasMeasurement {' , '.join(measurements)} .",
        ]
        self.out.write("\n".join(line for line in lines if line) + "\n")
        for k, (outcome, tp) in enumerate(plan):
            self.measurement(measurements[k], f"s:r{i}_{k}", outcome, tp, sample, instruments)

    def measurement(
        self, ref: str, result: str, outcome: URIRef, tp: str, sample: int, instruments: list[str]
    ) -> None:
        rng = self.rng
        measured = f"<{outcome}>"
        if rng.random() < 0.05:
            local = f"{ref}_local"
            match = "skos:exactMatch" if rng.random() < 0.7 else "skos:closeMatch"
            self.out.write(
                f"{local} a mscos:LocalOutcome ; skos:prefLabel {_lit('Local outcome ' + ref[2:])}@en ;"
                f" {match} <{outcome}> .\n"
            )
            measured = local
        reporter = self.codes.reporters.get(self.pick(REPORTER_WEIGHTS))
        instrument = f" mscos:usesInstrument {rng.choice(instruments)} ;" if rng.random() < 0.9 else ""
        self.out.write(
            f"{ref} a mscos:OutcomeMeasurement ; mscos:measuresOutcome {measured} ;{instrument}\n"
            f'  mscos:timepoint "{tp}"^^xsd:duration ;'
            + (f" mscos:reportedBy <{reporter}> ;" if reporter else "")
            + f" mscos:hasResult {result} .\n"
        )
        self.result(result, sample)

    def result(self, ref: str, sample: int) -> None:
        rng = self.rng
        n = rng.randint(max(self.threshold, sample // 3), sample)
        kind = rng.random()
        body: str
        if kind < 0.45:
            mean = rng.uniform(1, 30)
            body = f"mscos:n {n} ; mscos:mean {mean:.2f} ; mscos:sd {rng.uniform(0.5, mean / 2 + 1):.2f}"
        elif kind < 0.65:
            median = rng.uniform(1, 30)
            body = (
                f"mscos:n {n} ; mscos:median {median:.1f} ; mscos:iqrLow {median * 0.7:.1f} ;"
                f" mscos:iqrHigh {median * 1.3:.1f}"
            )
        else:
            count = rng.randint(0, n)
            status = self.codes.status.get("C")
            # A small complement (n - count) is as disclosive as a small count (ComplementSuppressed).
            if (count < self.threshold or 0 < n - count < self.threshold) and status is not None:
                body = f"mscos:n {n} ; mscos:observationStatus <{status}>"
            else:
                count = max(count, self.threshold)
                body = f"mscos:n {n} ; mscos:count {count} ; mscos:proportion {count / n:.3f}"
        self.out.write(f"{ref} a mscos:AggregateResult ; {body} .\n")


def write_synthetic(out: TextIO, options: SynthOptions, vocabulary: Vocabulary | None = None) -> None:
    """Write a synthetic partner dataset as Turtle to `out`."""
    if options.evaluations < 0:
        raise ValueError("the number of evaluations cannot be negative")
    rng = random.Random(options.seed)
    codes = _codes(vocabulary or load_vocabulary())
    writer = _Writer(out, rng, codes, options.threshold)
    writer.header()
    out.write(
        f"s:dataset a mscos:PartnerDataset ; dct:title {_lit(f'Synthetic partner dataset (seed {options.seed})')} ;"
        " mscos:organisation s:org0 .\n"
    )
    orgs = writer.organisations(max(3, options.evaluations // 40))
    instruments = writer.instruments()
    n_interventions = max(1, options.evaluations * 2 // 3)
    interventions = [writer.intervention(i, orgs[rng.randrange(len(orgs))]) for i in range(n_interventions)]
    for i in range(options.evaluations):
        # The first interventions are evaluated more than once; every intervention at least once.
        target = (
            interventions[i]
            if i < n_interventions
            else rng.choice(interventions[: max(1, n_interventions // 4)])
        )
        writer.evaluation(i, target, instruments)


def synthetic_graph(options: SynthOptions, vocabulary: Vocabulary | None = None) -> Graph:
    import io

    buffer = io.StringIO()
    write_synthetic(buffer, options, vocabulary)
    return Graph().parse(data=buffer.getvalue(), format="turtle")


def write_synthetic_file(path: Path, options: SynthOptions, vocabulary: Vocabulary | None = None) -> None:
    with path.open("w", encoding="utf-8") as handle:
        write_synthetic(handle, options, vocabulary)


def evaluation_ids(count: int) -> Iterator[str]:
    """The IRIs `write_synthetic` gives the evaluations (for tests and benchmarks)."""
    for i in range(count):
        yield f"{BASE}evaluation{i}"
