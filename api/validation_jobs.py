"""The jobs a validation worker runs (api/validation_worker.py): module-level, so that they pickle
by name; arguments and results small and picklable (bytes, reports without their rdflib graph).

Each runs `check_upload`, the check every path shares; none writes anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import pyoxigraph
import rdflib

from mscos_kg.config import Settings
from mscos_kg.store.convert import ParsedTriples
from mscos_kg.validation import InputFormat, ValidationReport
from mscos_kg.validation.intake import Checked

from .models import Ref
from .uploads import Upload, check_upload
from .web.report import ReportView, build

TURTLE = "text/turtle"
_PARTNER_DATASET = rdflib.URIRef("https://w3id.org/mscos/def/PartnerDataset")


def warm_up() -> None:
    """Validate a one-triple document: loads the shapes and the vocabulary the validator keeps."""
    check_upload(Upload(b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", "warm-up",
                        InputFormat.NTRIPLES), Settings())


def report_body(upload: Upload, settings: Settings, media_type: str) -> bytes:
    """`POST /validate`: the report rendered as JSON or Turtle."""
    report = check_upload(upload, settings).report
    body = report.to_turtle() if media_type == TURTLE else json.dumps(report.to_json())
    return body if isinstance(body, bytes) else body.encode()


def report_view(upload: Upload, settings: Settings, core: list[Ref]) -> ReportView:
    """`POST /validate.html`: the report in plain language."""
    checked = check_upload(upload, settings)
    return build(checked.dataset(), checked.report, core)


@dataclass(frozen=True)
class CheckedUpload:
    """What storing a checked upload needs, sent back from the worker: the triples as N-Triples."""

    report: ValidationReport  # without its rdflib graph (large, and not needed to store)
    source: str
    format: InputFormat
    sha256: str
    ntriples: bytes
    size: int
    datasets: tuple[rdflib.term.Node, ...]  # the data's mscos:PartnerDataset nodes (its namespace)

    @property
    def conforms(self) -> bool:
        return self.report.conforms

    def checked(self) -> Checked:
        """As `intake` made it, for `store_checked`: the triples parsed again from N-Triples."""
        graph = rdflib.Graph()
        for node in self.datasets:
            graph.add((node, rdflib.RDF.type, _PARTNER_DATASET))
        triples = ParsedTriples(self.ntriples, pyoxigraph.RdfFormat.N_TRIPLES, self.size) if self.size else []
        return Checked(self.report, self.source, self.format, self.sha256, {}, triples, graph)


def checked_upload(upload: Upload, settings: Settings) -> CheckedUpload:
    """`PUT /datasets/{id}`: check (streamed where the format allows) and hand back the data to store."""
    checked = check_upload(upload, settings, whole_graph=False)
    ntriples = pyoxigraph.serialize(checked.triples, format=pyoxigraph.RdfFormat.N_TRIPLES) if checked.conforms else b""
    return CheckedUpload(
        report=replace(checked.report, graph=None),
        source=checked.source,
        format=checked.format,
        sha256=checked.sha256,
        ntriples=ntriples or b"",
        size=len(checked.triples) if checked.conforms else 0,
        datasets=tuple(checked.graph.subjects(rdflib.RDF.type, _PARTNER_DATASET)),
    )
