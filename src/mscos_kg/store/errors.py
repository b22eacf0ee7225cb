"""Errors of the store: domain errors with human messages and no knowledge of HTTP.

The API maps them to status codes in one place; the command line maps them to exit codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mscos_kg.validation import ValidationReport


class StoreError(Exception):
    """Base class of every error the store raises."""


class StoreUnavailableError(StoreError):
    """The store cannot be opened or reached (a locked directory, a server that does not answer)."""


class StoreMisconfiguredError(StoreError):
    """The store answers, but not as the project needs (e.g. no union of the named graphs)."""


class UpdateTooLargeError(StoreError):
    """A write is larger than the server takes in one update request; nothing was written."""


class QuerySyntaxError(StoreError):
    """The query (or update) text is not valid SPARQL 1.1."""


class QueryFormError(StoreError):
    """The query is valid but of another form than asked for (e.g. an ASK run as a SELECT)."""


class QueryEvaluationError(StoreError):
    """The query could not be evaluated (a bad parameter binding, a timeout, a server error)."""


class QueryTimeoutError(QueryEvaluationError):
    """The query did not finish within the time limit."""


class DatasetRejectedError(StoreError):
    """A partner dataset did not pass validation, so it was not stored.

    `report` is the full validation report, for the caller to show or return.
    """

    def __init__(self, source: str, report: ValidationReport) -> None:
        self.source = source
        self.report = report
        violations = sum(1 for r in report.results if r.severity.value == "Violation")
        super().__init__(
            f"{source}: rejected, the dataset does not conform to the partner-dataset shapes "
            f"({violations} violation{'s' if violations != 1 else ''}); nothing was stored"
        )


class NamespaceTakenError(Exception):
    """A dataset's namespace overlaps the namespace of a dataset another partner submitted."""

    def __init__(self, namespace: str, owner: str | None) -> None:
        self.namespace = namespace
        self.owner = owner
        super().__init__(
            f"the namespace {namespace} overlaps the namespace of a dataset another partner submitted: "
            "a partner describes only resources in its own namespace (docs/partner-data.md)"
        )
