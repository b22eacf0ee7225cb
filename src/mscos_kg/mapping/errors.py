"""The one error of the mapping package: an input that cannot be read as a list or a mapping file."""

from __future__ import annotations


class MappingInputError(ValueError):
    """`source` is the file's name, `row` the row (1-based) where known; the message says what to do."""

    def __init__(self, message: str, *, source: str, row: int | None = None) -> None:
        self.message = message
        self.source = source
        self.row = row
        where = f"{source}, row {row}" if row else source
        super().__init__(f"{where}: {message}")
