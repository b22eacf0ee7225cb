"""``/datasets``: accepted partner datasets. Reads are public; PUT and DELETE need the owner's token."""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from mscos_kg.config import Settings
from mscos_kg.store.errors import DatasetRejectedError, NamespaceTakenError
from mscos_kg.store.layout import StoreLayout
from mscos_kg.store.loading import LoadOptions, LoadReceipt, drop_dataset, store_checked
from mscos_kg.tokens import TokenRegistry
from mscos_kg.validation.closed_world import dataset_namespace

from ..accept import negotiate
from ..auth import registry_of, require_partner
from ..datasets import (
    DATASET_ID_PATTERN,
    DatasetList,
    DatasetRecord,
    StoredDataset,
    check_owner,
    dataset_records,
    find_record,
    to_model,
)
from ..deps import get_settings, get_store
from ..errors import ApiError, not_acceptable, not_found
from ..sparql_results import GRAPH_TYPES, Graph, content_type, serialize
from ..uploads import UPLOAD_BODY, read_upload
from ..validation_jobs import CheckedUpload, checked_upload
from ..validation_worker import validation_workers
from ..write_lock import write_lock

router = APIRouter(tags=["datasets"])

DatasetId = Annotated[str, Path(pattern=DATASET_ID_PATTERN, max_length=64, description="The dataset id.")]
_JSON = "application/json"
_FORMATS = {"json": _JSON, "ttl": "text/turtle", "turtle": "text/turtle", "jsonld": "application/ld+json",
            "rdfxml": "application/rdf+xml", "nt": "application/n-triples"}
_CONTENT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "No bearer token, or not a valid one."},
    403: {"description": "The dataset belongs to another partner, or its namespace is not the partner's."},
}


def _layout(settings: Settings) -> StoreLayout:
    return StoreLayout(settings.base_iri)


def _app_lock(request: Request) -> AbstractAsyncContextManager[None]:
    """One writer at a time, across the processes sharing the store: the owner check and the
    write are one step (api/write_lock.py)."""
    return write_lock(request).hold()


@router.get("/datasets", summary="The accepted partner datasets and their provenance")
async def list_datasets(
    settings: Annotated[Settings, Depends(get_settings)], store: Annotated[Any, Depends(get_store)]
) -> DatasetList:
    records = await asyncio.to_thread(dataset_records, store, _layout(settings))
    return DatasetList(datasets=[to_model(r) for r in records])


@router.get(
    "/datasets/{dataset_id}",
    summary="One dataset: its provenance (JSON) or its content (RDF, by Accept or ?format=)",
    response_model=DatasetRecord,
    responses={200: {"content": {media: {} for media in GRAPH_TYPES}}, 404: {"description": "No such dataset."}},
)
async def get_dataset(
    request: Request,
    dataset_id: DatasetId,
    settings: Annotated[Settings, Depends(get_settings)],
    store: Annotated[Any, Depends(get_store)],
    format: Annotated[str | None, Query(description="json, ttl, jsonld, rdfxml or nt; overrides Accept.")] = None,
) -> Response:
    offered = (_JSON, *GRAPH_TYPES)
    if format is not None:
        if format.lower() not in _FORMATS:
            raise ApiError(400, "unknown_format", f"Unknown format; use one of {', '.join(_FORMATS)}.")
        media_type: str | None = _FORMATS[format.lower()]
    else:
        media_type = negotiate(request.headers.get("accept"), offered)
    if media_type is None:
        raise not_acceptable(list(offered))
    record = await asyncio.to_thread(find_record, store, _layout(settings), dataset_id)
    if record is None:
        raise not_found(f"No accepted dataset has the id '{dataset_id}'.")
    headers = {"Vary": "Accept"}
    if media_type == _JSON:
        return JSONResponse(to_model(record).model_dump(), headers=headers)
    triples = await asyncio.to_thread(store.construct, _CONTENT, {"g": record.graph})
    return Response(serialize(Graph(triples), media_type), media_type=content_type(media_type), headers=headers)


def _store(
    store: Any, upload: CheckedUpload, partner: str, dataset_id: str, settings: Settings, registry: TokenRegistry
) -> LoadReceipt:
    """Store what the worker checked, in one transaction (its provenance record is the commit
    point, decision 0015); blocking, run in a thread."""
    checked = upload.checked()
    namespace = dataset_namespace(checked.graph)
    if checked.conforms and namespace is not None and not registry.may_use(partner, namespace):
        raise NamespaceTakenError(namespace, registry.namespace_owner(namespace))
    options = LoadOptions(
        submitter=partner,
        dataset_id=dataset_id,
        threshold=settings.disclosure_threshold,
        max_bytes=settings.max_upload_bytes,
        layout=_layout(settings),
    )
    return store_checked(store, checked, options)


@router.put(
    "/datasets/{dataset_id}",
    summary="Store a partner dataset if it validates, replacing the previous version atomically",
    status_code=201,
    responses={
        200: {"description": "An earlier version was replaced.", "model": StoredDataset},
        **_AUTH_RESPONSES,
        400: {"description": "The upload cannot be read (syntax, encoding, remote context, DTD...)."},
        413: {"description": "The upload is larger than settings.max_upload_bytes, or validating it needed more "
              "than settings.validation_memory_mb (then stopped; nothing was stored)."},
        415: {"description": "Unsupported Content-Type."},
        422: {"description": "The dataset does not validate: nothing was stored; the report says why."},
        503: {"description": "Every validation worker stayed busy until the deadline; retry (Retry-After)."},
        504: {"description": "Validation passed settings.validation_timeout_s and was stopped; nothing was stored."},
    },
    openapi_extra=UPLOAD_BODY,
)
async def put_dataset(
    request: Request,
    dataset_id: DatasetId,
    partner: Annotated[str, Depends(require_partner)],
    settings: Annotated[Settings, Depends(get_settings)],
    store: Annotated[Any, Depends(get_store)],
) -> JSONResponse:
    upload = await read_upload(request, settings.max_upload_bytes)
    # Refused at once when the id is another partner's; checked again under the lock below.
    check_owner(await asyncio.to_thread(find_record, store, _layout(settings), dataset_id), partner)
    # Validation in a worker process, ended at the deadline, past its memory cap or when the client
    # goes (api/validation_worker.py); nothing is written until it has succeeded.
    checked = await validation_workers(request).run(request, settings, checked_upload, upload, settings)
    async with _app_lock(request):
        record = await asyncio.to_thread(find_record, store, _layout(settings), dataset_id)
        check_owner(record, partner)
        try:
            registry = registry_of(request, settings)
            receipt = await asyncio.to_thread(_store, store, checked, partner, dataset_id, settings, registry)
        except NamespaceTakenError as exc:
            raise ApiError(
                403,
                "namespace_taken",
                f"The dataset's namespace {exc.namespace} is not yours: it overlaps another partner's, or lies "
                "outside the namespaces registered to you (`mscos token add --namespace`); nothing was stored.",
            ) from None
        except DatasetRejectedError as exc:
            raise ApiError(
                422,
                "dataset_invalid",
                "The dataset does not conform to the partner-dataset shapes; nothing was stored.",
                extra={"report": exc.report.to_json()},
            ) from None
    body = StoredDataset(dataset=to_model(receipt.record), replaced=receipt.replaced, report=receipt.report.to_json())
    return JSONResponse(body.model_dump(), status_code=200 if receipt.replaced else 201)


@router.delete(
    "/datasets/{dataset_id}",
    summary="Remove a partner dataset and its provenance record",
    status_code=204,
    responses={**_AUTH_RESPONSES, 404: {"description": "No such dataset."}},
)
async def delete_dataset(
    request: Request,
    dataset_id: DatasetId,
    partner: Annotated[str, Depends(require_partner)],
    settings: Annotated[Settings, Depends(get_settings)],
    store: Annotated[Any, Depends(get_store)],
) -> Response:
    layout = _layout(settings)
    async with _app_lock(request):
        record = await asyncio.to_thread(find_record, store, layout, dataset_id)
        if record is None:
            raise not_found(f"No accepted dataset has the id '{dataset_id}'.")
        check_owner(record, partner)
        await asyncio.to_thread(drop_dataset, store, dataset_id, layout)
    return Response(status_code=204)
