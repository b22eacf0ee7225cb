"""Loading the vocabulary and partner datasets: the only way data enters the store.

Partner data is checked here, whatever the caller did before: the loaders run `intake` (the check
every path shares) and refuse data that does not conform; `store_checked` stores what it checked.
Loading the vocabulary is idempotent (same version and content: nothing is written); a new
version replaces the old one in the same transaction. Replacing a dataset is one transaction: a
query sees the old or the new dataset.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import rdflib
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

from mscos_kg.store.convert import content_sha256
from mscos_kg.store.errors import DatasetRejectedError, NamespaceTakenError
from mscos_kg.store.layout import StoreLayout, slug
from mscos_kg.store.port import GraphAnnotation, Store
from mscos_kg.store.provenance import GraphKind, GraphRecord, annotation, read_records, removal
from mscos_kg.validation import ValidationOptions, ValidationReport
from mscos_kg.validation.closed_world import dataset_namespace, namespace_of
from mscos_kg.validation.intake import Checked, IntakeOptions, check_graph, check_path

PARTNER_DATASET = rdflib.URIRef("https://w3id.org/mscos/def/PartnerDataset")
OWL_ONTOLOGY = NamedNode("http://www.w3.org/2002/07/owl#Ontology")
OWL_VERSION_INFO = NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

Clock = Callable[[], datetime]
#: Called with "read", "validate" and "store" as each phase of a partner load ends.
Progress = Callable[[str], None]


def _quiet(phase: str) -> None:
    """No progress report."""


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class LoadOptions:
    """How to load one partner dataset."""

    submitter: str
    dataset_id: str | None = None  # default: from the dataset's mscos:PartnerDataset IRI or file name
    threshold: int = 10
    max_bytes: int = 10 * 1024 * 1024
    layout: StoreLayout = field(default_factory=StoreLayout)


@dataclass(frozen=True)
class LoadReceipt:
    """What was stored: the graph, its provenance record and the validation report."""

    record: GraphRecord
    report: ValidationReport
    replaced: bool

    @property
    def graph(self) -> NamedNode:
        return self.record.graph


@dataclass(frozen=True)
class VocabularyReceipt:
    record: GraphRecord
    changed: bool  # False when the same version and content were already stored
    retired: tuple[NamedNode, ...] = ()


# ---------------------------------------------------------------------- the vocabulary
def vocabulary_version(triples: list[Triple]) -> str:
    """The owl:versionInfo of the vocabulary's owl:Ontology."""
    ontologies = {t.subject for t in triples if t.predicate == RDF_TYPE and t.object == OWL_ONTOLOGY}
    versions = sorted(
        t.object.value
        for t in triples
        if t.subject in ontologies and t.predicate == OWL_VERSION_INFO and isinstance(t.object, Literal)
    )
    if len(versions) != 1:
        raise ValueError(f"the vocabulary must have exactly one owl:versionInfo on its ontology, found {versions}")
    return slug(versions[0])


def load_vocabulary(
    store: Store,
    source: Path | bytes,
    *,
    layout: StoreLayout | None = None,
    clock: Clock = _now,
) -> VocabularyReceipt:
    """Store the vocabulary (Turtle) in its version's graph; idempotent."""
    layout = layout or StoreLayout()
    data = source.read_bytes() if isinstance(source, Path) else source
    digest = hashlib.sha256(data).hexdigest()
    triples = [q.triple for q in parse(data, format=RdfFormat.TURTLE)]
    graph = layout.vocabulary_graph(vocabulary_version(triples))
    records = read_records(store, layout)
    current = [r for r in records if r.kind is GraphKind.VOCABULARY]
    same = [r for r in current if r.graph == graph and r.content_sha256 == digest]
    older = tuple(r.graph for r in current if r.graph != graph)
    if same and not older:
        return VocabularyReceipt(same[0], changed=False)
    record = GraphRecord(
        graph=graph,
        kind=GraphKind.VOCABULARY,
        identifier=layout.version(graph),
        loaded_at=clock(),
        triples=len(triples),
        content_sha256=digest,
    )
    update = annotation(layout, record)
    for old in older:  # their records go with them, in the same transaction
        update = GraphAnnotation(update.graph, update.subjects + removal(layout, old).subjects, update.triples)
    store.replace_graph(graph, triples, annotation=update, retire=older)
    return VocabularyReceipt(record, changed=True, retired=older)


def has_vocabulary(store: Store, layout: StoreLayout | None = None) -> bool:
    layout = layout or StoreLayout()
    return any(r.kind is GraphKind.VOCABULARY for r in read_records(store, layout))


# ---------------------------------------------------------------------- partner datasets
def report_sha256(report: ValidationReport) -> str:
    """SHA-256 of the validation report's JSON form (keys sorted, compact)."""
    text = json.dumps(report.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def default_dataset_id(data: rdflib.Graph, source_name: str | None) -> str:
    """The dataset's own IRI (its single mscos:PartnerDataset) made a name; else the file name."""
    datasets = sorted(s for s in data.subjects(rdflib.RDF.type, PARTNER_DATASET) if isinstance(s, rdflib.URIRef))
    if len(datasets) == 1:
        return slug(str(datasets[0]))
    if source_name:
        return slug(Path(source_name).stem)
    raise ValueError("the dataset has no single mscos:PartnerDataset IRI: give a dataset id")


def load_partner_graph(
    store: Store,
    data: rdflib.Graph,
    options: LoadOptions,
    *,
    source_name: str | None = None,
    source_sha256: str | None = None,
    clock: Clock = _now,
    progress: Progress = _quiet,
) -> LoadReceipt:
    """Check `data` as an upload would be checked and, if it conforms, store it."""
    checked = check_graph(data, name=source_name or "<dataset>", options=_intake(options))
    if source_sha256:
        checked = replace(checked, sha256=source_sha256)
    progress("validate")
    return store_checked(store, checked, options, clock=clock, progress=progress)


def store_checked(
    store: Store, checked: Checked, options: LoadOptions, *, clock: Clock = _now, progress: Progress = _quiet
) -> LoadReceipt:
    """Store what `intake` checked, in its dataset graph (replacing it); refuse it if it does not conform."""
    if not checked.conforms:
        raise DatasetRejectedError(checked.source, checked.report)
    layout = options.layout
    named = None if checked.source.startswith("<") else checked.source  # "<dataset>": no name given
    dataset_id = slug(options.dataset_id) if options.dataset_id else default_dataset_id(checked.graph, named)
    graph = layout.dataset_graph(dataset_id)
    triples = checked.triples
    records = read_records(store, layout)
    existed = any(r.graph == graph for r in records)
    namespace = dataset_namespace(checked.graph)
    if namespace is not None:
        check_namespace_free(store, records, namespace, options.submitter)
    record = GraphRecord(
        graph=graph,
        kind=GraphKind.DATASET,
        identifier=dataset_id,
        loaded_at=clock(),
        triples=len(triples),
        content_sha256=checked.sha256 or content_sha256(triples),
        submitter=options.submitter,
        report_sha256=report_sha256(checked.report),
    )
    store.replace_graph(graph, triples, annotation=annotation(layout, record))
    progress("store")
    return LoadReceipt(record, checked.report, replaced=existed)


#: Each stored dataset graph's mscos:PartnerDataset node (its namespace is the node's IRI's).
_DATASET_NODES = """
SELECT ?graph ?dataset WHERE { GRAPH ?graph { ?dataset a <https://w3id.org/mscos/def/PartnerDataset> } }
"""


def check_namespace_free(store: Store, records: list[GraphRecord], namespace: str, submitter: str) -> None:
    """Raise NamespaceTakenError if a dataset of another submitter has an overlapping namespace.

    The first partner to store a dataset in a namespace holds it: two partners never describe
    resources under the same IRIs (decision record 0009).
    """
    owners = {r.graph: r.submitter for r in records if r.kind is GraphKind.DATASET}
    for row in store.select(_DATASET_NODES).as_dicts():
        graph, node = row["graph"], row["dataset"]
        owner = owners.get(graph) if isinstance(graph, NamedNode) else None
        if owner is None or owner == submitter or not isinstance(node, NamedNode):
            continue
        theirs = namespace_of(rdflib.URIRef(node.value))
        if theirs.startswith(namespace) or namespace.startswith(theirs):
            raise NamespaceTakenError(namespace, owner)


def load_partner_file(
    store: Store, path: Path, options: LoadOptions, *, clock: Clock = _now, progress: Progress = _quiet
) -> LoadReceipt:
    """Read a partner dataset file (raising DatasetReadError), check it as every path does, store it."""
    checked = check_path(path, options=_intake(options))
    progress("read")
    progress("validate")
    return store_checked(store, checked, options, clock=clock, progress=progress)


def _intake(options: LoadOptions) -> IntakeOptions:
    # Streamed: no rdflib graph of the file; the store bulk-loads the checked bytes (ParsedTriples).
    return IntakeOptions(
        ValidationOptions(threshold=options.threshold), max_bytes=options.max_bytes, whole_graph=False
    )


def drop_dataset(store: Store, dataset_id: str, layout: StoreLayout | None = None) -> None:
    """Remove a partner dataset and its provenance record."""
    layout = layout or StoreLayout()
    graph = layout.dataset_graph(dataset_id)
    store.drop_graph(graph, annotation=removal(layout, graph))
