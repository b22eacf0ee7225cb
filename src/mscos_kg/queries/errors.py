"""Errors of the query catalog and of parameter binding (no HTTP here)."""

from __future__ import annotations


class CatalogError(Exception):
    """A query file is malformed (its header, its parameters)."""


class UnknownQueryError(LookupError):
    """No named query has this name."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        super().__init__(f"no named query {name!r}; known: {', '.join(known)}")


class ParameterError(ValueError):
    """A parameter is missing, unknown or of the wrong type; `name` says which."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__(message)


class MissingParameterError(ParameterError):
    def __init__(self, name: str, query: str) -> None:
        super().__init__(name, f"missing required parameter '{name}' of query {query!r}")


class UnknownParameterError(ParameterError):
    def __init__(self, name: str, query: str, known: list[str]) -> None:
        hint = f" (parameters: {', '.join(known)})" if known else " (it takes no parameters)"
        super().__init__(name, f"unknown parameter '{name}' for query {query!r}{hint}")


class InvalidParameterError(ParameterError):
    def __init__(self, name: str, expected: str, value: str, reason: str) -> None:
        super().__init__(name, f"parameter '{name}' must be {expected}, got {value!r}: {reason}")
