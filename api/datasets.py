"""Partner datasets as the service shows them: ids, provenance records, ownership.

Storage is the store port's (`mscos_kg.store.loading`): each accepted dataset lives in the
named graph `{base}graph/dataset/{id}`, its provenance record in `{base}graph/provenance`, and
a replacement rewrites both in one transaction. The record's submitter is the partner id that
owns the dataset.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from mscos_kg.store.layout import StoreLayout
from mscos_kg.store.provenance import GraphKind, GraphRecord, read_records

from .errors import ApiError

#: Dataset ids: lower-case letters, digits and inner hyphens, 1-64 characters.
DATASET_ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"


class DatasetRecord(BaseModel):
    """An accepted partner dataset and its provenance."""

    id: str
    graph: str = Field(description="The named graph holding the dataset (queryable at /sparql).")
    submitter: str | None = Field(None, description="The partner that submitted, and owns, the dataset.")
    loaded_at: str = Field(description="When this version was stored (ISO 8601, UTC).")
    triples: int
    content_sha256: str = Field(description="SHA-256 of the submitted file.")
    validation_report_sha256: str | None = Field(None, description="SHA-256 of the validation report (JSON).")
    href: str


class DatasetList(BaseModel):
    datasets: list[DatasetRecord]


class StoredDataset(BaseModel):
    """The answer to a successful PUT."""

    dataset: DatasetRecord
    replaced: bool = Field(description="True if an earlier version was replaced.")
    report: dict[str, Any] = Field(description="The validation report (JSON layout of docs/partner-data.md).")


def to_model(record: GraphRecord) -> DatasetRecord:
    return DatasetRecord(
        id=record.identifier,
        graph=record.graph.value,
        submitter=record.submitter,
        loaded_at=record.loaded_at.isoformat(),
        triples=record.triples,
        content_sha256=record.content_sha256,
        validation_report_sha256=record.report_sha256,
        href=f"/datasets/{record.identifier}",
    )


def dataset_records(store: Any, layout: StoreLayout) -> list[GraphRecord]:
    """The records of the accepted partner datasets, by id (blocking)."""
    records = [r for r in read_records(store, layout) if r.kind is GraphKind.DATASET]
    return sorted(records, key=lambda r: r.identifier)


def find_record(store: Any, layout: StoreLayout, dataset_id: str) -> GraphRecord | None:
    graph = layout.dataset_graph(dataset_id)
    return next((r for r in dataset_records(store, layout) if r.graph == graph), None)


def check_owner(record: GraphRecord | None, partner: str) -> None:
    """403 unless `partner` owns the dataset (a dataset that does not exist yet is anyone's)."""
    if record is not None and record.submitter != partner:
        raise ApiError(
            403, "not_owner", f"Dataset '{record.identifier}' belongs to another partner; choose another id."
        )
