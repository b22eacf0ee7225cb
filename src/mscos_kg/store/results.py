"""Typed query results and terms shared by every store implementation."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TypeAlias

from pyoxigraph import BlankNode, Literal, NamedNode

#: An RDF term as the store returns it (RDF-star quoted triples are not used by the project).
Term: TypeAlias = NamedNode | BlankNode | Literal

#: Values bound to query variables, by variable name without the `?`.
Bindings: TypeAlias = Mapping[str, NamedNode | Literal]


@dataclass(frozen=True)
class SelectResult:
    """The solutions of a SELECT query: the projected variables and one tuple per solution.

    A cell is None where the variable is unbound in that solution.
    """

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def column(self, name: str) -> list[Term | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def as_dicts(self) -> list[dict[str, Term]]:
        """One dict per solution, holding only the bound variables."""
        return [
            {name: value for name, value in zip(self.variables, row, strict=True) if value is not None}
            for row in self.rows
        ]
