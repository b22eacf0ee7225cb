"""The store: a small port over SPARQL 1.1 datasets, with an embedded and a remote implementation.

Open one with `open_store("memory" | DIR | URL)`; load data only through `mscos_kg.store.loading`.
"""

from mscos_kg.store.embedded import EmbeddedStore
from mscos_kg.store.errors import (
    DatasetRejectedError,
    NamespaceTakenError,
    QueryEvaluationError,
    QueryFormError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
    StoreMisconfiguredError,
    StoreUnavailableError,
    UpdateTooLargeError,
)
from mscos_kg.store.factory import StoreOptions, open_store
from mscos_kg.store.layout import StoreLayout
from mscos_kg.store.port import Dataset, GraphAnnotation, Store
from mscos_kg.store.remote import Credentials, RemoteEndpoints, RemoteStore
from mscos_kg.store.results import Bindings, SelectResult, Term

__all__ = [
    "Bindings",
    "Credentials",
    "Dataset",
    "DatasetRejectedError",
    "EmbeddedStore",
    "GraphAnnotation",
    "NamespaceTakenError",
    "QueryEvaluationError",
    "QueryFormError",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "RemoteEndpoints",
    "RemoteStore",
    "SelectResult",
    "Store",
    "StoreError",
    "StoreLayout",
    "StoreMisconfiguredError",
    "StoreOptions",
    "StoreUnavailableError",
    "Term",
    "UpdateTooLargeError",
    "open_store",
]
