"""Validation of partner datasets against the MSCOS partner-dataset shapes.

Public API (other packages import only these names):

* `load_dataset(source, ...) -> rdflib.Graph`, raising `DatasetReadError`;
* `validate_graph(data, *, threshold=10) -> ValidationReport`.
"""

from mscos_kg.validation.engine import Engine, ValidationOptions, validate_graph
from mscos_kg.validation.errors import DatasetReadError, VocabularyMissingError
from mscos_kg.validation.parsing import InputFormat, LoadedDataset, load_dataset, read_dataset
from mscos_kg.validation.report import Location, Severity, ValidationReport, ValidationResult

__all__ = [
    "DatasetReadError",
    "Engine",
    "InputFormat",
    "LoadedDataset",
    "Location",
    "Severity",
    "ValidationOptions",
    "ValidationReport",
    "ValidationResult",
    "VocabularyMissingError",
    "load_dataset",
    "read_dataset",
    "validate_graph",
]
