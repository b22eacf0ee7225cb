"""Validating a file as `mscos validate` does: Turtle and N-Triples streamed, the rest parsed.

Turtle and N-Triples (the formats of large datasets) go through `streaming`: no rdflib graph of
the data, so 10,000 evaluations validate in a few hundred MB instead of 1.4 GB. JSON-LD, RDF/XML
and spreadsheets are read into a graph by `parsing` (their readers need the whole document:
context, DTD check, row locations) and validated by `validate_graph`.
"""

from __future__ import annotations

from pathlib import Path

from mscos_kg.validation.engine import Engine, ValidationOptions, validate_graph
from mscos_kg.validation.parsing import (
    InputFormat,
    LoadedDataset,
    ReadOptions,
    attach_locations,
    read_dataset,
    resolve_format,
)
from mscos_kg.validation.report import ValidationReport
from mscos_kg.validation.vocabulary import Vocabulary

_STREAMED = {InputFormat.TURTLE: "turtle", InputFormat.NTRIPLES: "nt"}


def validate_path(
    path: Path,
    *,
    format: InputFormat | str | None = None,
    options: ValidationOptions | None = None,
    read_options: ReadOptions | None = None,
    vocabulary: Vocabulary | None = None,
    for_text: bool = False,
) -> tuple[LoadedDataset, ValidationReport]:
    """Read and validate one file; raise `DatasetReadError` when it cannot be read.

    For streamed formats the dataset's graph is empty, or with `for_text` holds what the text
    report reads (the links from each result up to its evaluation and intervention, and their
    names): a few seconds and some 100 MB more for 20,000 results.
    """
    opts = options or ValidationOptions()
    reading = read_options or ReadOptions()
    fmt = resolve_format(format, str(path), path)
    if fmt in _STREAMED and opts.engine is Engine.TURBO:
        from mscos_kg.validation.streaming import validate_stream

        streamed = validate_stream(
            path,
            options=opts,
            vocabulary=vocabulary,
            max_bytes=reading.max_bytes,
            format=_STREAMED[fmt],
            base_iri=reading.base_iri,
            context=for_text,
        )
        return LoadedDataset(streamed.graph, str(path), fmt), streamed.report
    dataset = read_dataset(path, format=fmt, options=reading)
    report = validate_graph(dataset.graph, options=opts, vocabulary=vocabulary)
    return dataset, attach_locations(report, dataset)
