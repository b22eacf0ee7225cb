"""Provenance records of the stored graphs, kept in the provenance graph.

For each vocabulary or dataset graph `<g>` (PROV-O, DCTERMS, VoID and SPDX terms):

    <g> a prov:Entity, void:Dataset ; dct:type mscos:PartnerDataset (or owl:Ontology) ;
        dct:identifier "id or version" ; prov:generatedAtTime "..."^^xsd:dateTime ;
        void:triples 1234 ; spdx:checksum <g#content-checksum> ;
        prov:wasAttributedTo <g#submitter> ; prov:wasGeneratedBy <g#load> .
    <g#submitter> a prov:Agent ; rdfs:label "who submitted it" .
    <g#load> a prov:Activity ; prov:wasAssociatedWith <g#submitter> ; prov:endedAtTime "..." ;
        prov:used <g#validation-report> .
    <g#validation-report> a prov:Entity ; dct:type sh:ValidationReport ;
        spdx:checksum <g#validation-report-checksum> .
    <g#...-checksum> a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha256 ;
        spdx:checksumValue "hex" .

Every subject is `<g>` or `<g#...>`, so a record is replaced with its graph in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pyoxigraph import Literal, NamedNode, Triple

from mscos_kg.store.layout import StoreLayout
from mscos_kg.store.port import GraphAnnotation, Store

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
SPDX = "http://spdx.org/rdf/terms#"
PARTNER_DATASET = NamedNode("https://w3id.org/mscos/def/PartnerDataset")
ONTOLOGY = NamedNode("http://www.w3.org/2002/07/owl#Ontology")
VALIDATION_REPORT = NamedNode("http://www.w3.org/ns/shacl#ValidationReport")

_PARTS = ("submitter", "load", "validation-report", "validation-report-checksum", "content-checksum")


class GraphKind(StrEnum):
    VOCABULARY = "vocabulary"
    DATASET = "dataset"

    @property
    def type_iri(self) -> NamedNode:
        return ONTOLOGY if self is GraphKind.VOCABULARY else PARTNER_DATASET


@dataclass(frozen=True)
class GraphRecord:
    """What the store knows about one of its graphs."""

    graph: NamedNode
    kind: GraphKind
    identifier: str  # the vocabulary version or the dataset id
    loaded_at: datetime
    triples: int
    content_sha256: str
    submitter: str | None = None
    report_sha256: str | None = None


def _p(ns: str, local: str) -> NamedNode:
    return NamedNode(ns + local)


def _part(graph: NamedNode, name: str) -> NamedNode:
    return NamedNode(f"{graph.value}#{name}")


def record_subjects(graph: NamedNode) -> tuple[NamedNode, ...]:
    return (graph, *(_part(graph, name) for name in _PARTS))


def _checksum(node: NamedNode, hexdigest: str) -> list[Triple]:
    return [
        Triple(node, RDF_TYPE, _p(SPDX, "Checksum")),
        Triple(node, _p(SPDX, "algorithm"), _p(SPDX, "checksumAlgorithm_sha256")),
        Triple(node, _p(SPDX, "checksumValue"), Literal(hexdigest, datatype=_p(XSD, "hexBinary"))),
    ]


def record_triples(record: GraphRecord) -> tuple[Triple, ...]:
    g = record.graph
    when = Literal(record.loaded_at.isoformat(), datatype=_p(XSD, "dateTime"))
    out = [
        Triple(g, RDF_TYPE, _p(PROV, "Entity")),
        Triple(g, RDF_TYPE, _p(VOID, "Dataset")),
        Triple(g, _p(DCT, "type"), record.kind.type_iri),
        Triple(g, _p(DCT, "identifier"), Literal(record.identifier)),
        Triple(g, _p(PROV, "generatedAtTime"), when),
        Triple(g, _p(VOID, "triples"), Literal(str(record.triples), datatype=_p(XSD, "integer"))),
        Triple(g, _p(SPDX, "checksum"), _part(g, "content-checksum")),
        *_checksum(_part(g, "content-checksum"), record.content_sha256),
    ]
    load = _part(g, "load")
    out += [
        Triple(g, _p(PROV, "wasGeneratedBy"), load),
        Triple(load, RDF_TYPE, _p(PROV, "Activity")),
        Triple(load, _p(PROV, "endedAtTime"), when),
    ]
    if record.submitter is not None:
        agent = _part(g, "submitter")
        out += [
            Triple(g, _p(PROV, "wasAttributedTo"), agent),
            Triple(agent, RDF_TYPE, _p(PROV, "Agent")),
            Triple(agent, RDFS_LABEL, Literal(record.submitter)),
            Triple(load, _p(PROV, "wasAssociatedWith"), agent),
        ]
    if record.report_sha256 is not None:
        report = _part(g, "validation-report")
        out += [
            Triple(load, _p(PROV, "used"), report),
            Triple(report, RDF_TYPE, _p(PROV, "Entity")),
            Triple(report, _p(DCT, "type"), VALIDATION_REPORT),
            Triple(report, _p(SPDX, "checksum"), _part(g, "validation-report-checksum")),
            *_checksum(_part(g, "validation-report-checksum"), record.report_sha256),
        ]
    return tuple(out)


def annotation(layout: StoreLayout, record: GraphRecord) -> GraphAnnotation:
    """The provenance graph update that replaces the record of `record.graph`."""
    return GraphAnnotation(layout.provenance_graph, record_subjects(record.graph), record_triples(record))


def removal(layout: StoreLayout, graph: NamedNode) -> GraphAnnotation:
    """The provenance graph update that forgets `graph`."""
    return GraphAnnotation(layout.provenance_graph, record_subjects(graph), ())


_RECORDS = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX spdx: <http://spdx.org/rdf/terms#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?pg ?graph ?type ?id ?time ?triples ?content ?submitter ?report WHERE {
  GRAPH ?pg {
    ?graph a void:Dataset ; dct:type ?type ; dct:identifier ?id ; prov:generatedAtTime ?time ;
           void:triples ?triples ; spdx:checksum ?cs .
    ?cs spdx:checksumValue ?content .
    OPTIONAL { ?graph prov:wasAttributedTo ?agent . ?agent rdfs:label ?submitter }
    OPTIONAL { ?graph prov:wasGeneratedBy ?load . ?load prov:used ?r . ?r spdx:checksum ?rcs .
               ?rcs spdx:checksumValue ?report }
  }
}
ORDER BY ?graph
"""


def read_records(store: Store, layout: StoreLayout) -> list[GraphRecord]:
    """Every graph record in the provenance graph."""
    out = []
    for row in store.select(_RECORDS, {"pg": layout.provenance_graph}).as_dicts():
        graph, kind = row["graph"], row["type"]
        if not isinstance(graph, NamedNode):
            continue
        out.append(
            GraphRecord(
                graph=graph,
                kind=GraphKind.VOCABULARY if kind == ONTOLOGY else GraphKind.DATASET,
                identifier=row["id"].value,
                loaded_at=datetime.fromisoformat(row["time"].value),
                triples=int(row["triples"].value),
                content_sha256=row["content"].value,
                submitter=row["submitter"].value if "submitter" in row else None,
                report_sha256=row["report"].value if "report" in row else None,
            )
        )
    return out
