"""The partner dataset model -> the spreadsheet (CSV) template, one row per outcome measurement."""

from __future__ import annotations

import csv
import io
import re

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from mscos_kg.validation.closed_world import dataset_namespace
from mscos_kg.validation.template import COLUMNS, template_text
from mscos_kg.validation.terms import MSCOS
from mscos_kg.validation.vocabulary import Vocabulary, load_vocabulary


def graph_to_csv(data: Graph, vocabulary: Vocabulary | None = None) -> str:
    """Write a partner dataset as the CSV template, one row per outcome measurement."""
    vocab = vocabulary or load_vocabulary()
    notation = {s: str(o) for s, _, o in vocab.graph.triples((None, SKOS.notation, None))}
    buffer = io.StringIO()
    buffer.write(template_text())
    writer = csv.writer(buffer, lineterminator="\n")

    def one(node: Node | None, prop: URIRef) -> str:
        value = data.value(node, prop) if node is not None else None
        if value is None:
            return ""
        return notation.get(value, str(value))

    namespace = dataset_namespace(data) or ""  # the IRIs a re-import mints stay in the dataset's namespace
    for evaluation in sorted(data.subjects(RDF.type, MSCOS.Evaluation), key=str):
        intervention = data.value(evaluation, MSCOS.evaluates)
        org = data.value(intervention, MSCOS.organisation) if intervention is not None else None
        measurements = sorted(data.objects(evaluation, MSCOS.hasMeasurement), key=str)
        for measurement in measurements:
            outcome = data.value(measurement, MSCOS.measuresOutcome)
            local = local_match = ""
            if outcome is not None and (outcome, RDF.type, MSCOS.LocalOutcome) in data:
                local = one(outcome, SKOS.prefLabel)
                exact = data.value(outcome, SKOS.exactMatch)
                close = data.value(outcome, SKOS.closeMatch)
                local_match = "exact" if exact is not None else ("close" if close is not None else "")
                outcome = exact if exact is not None else close
            instrument = data.value(measurement, MSCOS.usesInstrument)
            result = data.value(measurement, MSCOS.hasResult)
            cells = {
                "organisation": one(org, RDFS.label),
                "organisation_country": one(org, MSCOS.country),
                "intervention_id": _local_id(intervention),
                "intervention_name": one(intervention, RDFS.label),
                "intervention_description": one(intervention, DCTERMS.description),
                "country": one(intervention, MSCOS.country),
                "setting": one(intervention, MSCOS.setting),
                "intervention_level": one(intervention, MSCOS.interventionLevel),
                "target_population": one(intervention, MSCOS.targetPopulation),
                "age_group": one(intervention, MSCOS.ageGroup),
                "evaluation_id": _local_id(evaluation),
                "evaluation_title": one(evaluation, RDFS.label),
                "study_design": one(evaluation, MSCOS.studyDesign),
                "year": one(evaluation, MSCOS.year),
                "sample_size": one(evaluation, MSCOS.sampleSize),
                "reference": one(evaluation, DCTERMS.references),
                "outcome": notation.get(outcome, str(outcome)) if outcome is not None else "",
                "local_outcome": local,
                "local_outcome_match": local_match,
                "instrument": _instrument_name(data, vocab, instrument),
                "timepoint": one(measurement, MSCOS.timepoint),
                "reported_by": one(measurement, MSCOS.reportedBy),
                "n": one(result, MSCOS.n),
                "mean": one(result, MSCOS.mean),
                "sd": one(result, MSCOS.sd),
                "median": one(result, MSCOS.median),
                "iqr_low": one(result, MSCOS.iqrLow),
                "iqr_high": one(result, MSCOS.iqrHigh),
                "count": one(result, MSCOS["count"]),
                "proportion": one(result, MSCOS.proportion),
                "observation_status": one(result, MSCOS.observationStatus),
                "namespace": namespace,
            }
            writer.writerow([cells[c.key] for c in COLUMNS])
    return buffer.getvalue()


def _local_id(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return str(node)
    return re.split(r"[/#]", str(node).rstrip("/"))[-1]


def _instrument_name(data: Graph, vocab: Vocabulary, instrument: Node | None) -> str:
    if instrument is None:
        return ""
    if isinstance(instrument, URIRef) and instrument in vocab.facts:
        return str(instrument)
    label = data.value(instrument, RDFS.label) or data.value(instrument, SKOS.prefLabel)
    return str(label) if label is not None else str(instrument)
