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


class UnknownIdentifierError(ParameterError):
    """The parameter names something the store does not hold (checked before the query runs)."""

    def __init__(self, name: str, value: str) -> None:
        self.value = value
        super().__init__(name, f"parameter '{name}': the store holds nothing identified by {value!r}")


class WrongKindError(ParameterError):
    """The parameter names something of another kind (an outcome given for an intervention)."""

    def __init__(self, name: str, value: str, expected: str, actual: str) -> None:
        self.value = value
        super().__init__(name, f"parameter '{name}' must be {expected}; {value!r} is {actual}")


class DeprecatedIdentifierError(ParameterError):
    """The parameter names a retired concept: its data count for the replacement (docs/queries.md)."""

    def __init__(self, name: str, value: str, replacements: list[str]) -> None:
        then = f"; ask for {' or '.join(replacements)} instead" if replacements else ""
        super().__init__(name, f"parameter '{name}': {value!r} is deprecated{then}")
