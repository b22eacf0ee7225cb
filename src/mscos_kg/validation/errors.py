"""Domain errors of partner-data validation (no HTTP here: the API maps them)."""

from __future__ import annotations


class DatasetReadError(Exception):
    """An input could not be read as a partner dataset.

    `str(error)` is a complete message a person can act on; the fields let callers (the CLI,
    the API) point at the place: a file name, a 1-based line (RDF syntaxes) or row (CSV), and a
    column name (CSV).
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.reason = message
        self.source = source
        self.line = line
        self.row = row
        self.column = column
        super().__init__(self._render())

    def _render(self) -> str:
        where = [self.source or "<input>"]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.reason}"

    def to_json(self) -> dict[str, str | int | None]:
        return {
            "source": self.source,
            "line": self.line,
            "row": self.row,
            "column": self.column,
            "message": self.reason,
        }


class VocabularyMissingError(Exception):
    """The built vocabulary (ontology/mscos.ttl) is not there to validate against."""
