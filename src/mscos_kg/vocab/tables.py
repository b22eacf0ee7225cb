"""Reading the curated tables (ontology/src/*.yaml), the hand-edited source of the vocabulary."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Any

import yaml

from mscos_kg.resources import tables_dir

TABLE_FILES = (
    "vocabulary", "core", "longlist", "round0", "lineage", "workshops", "glossary",
    "interventions", "instruments", "practice_model", "process", "comet", "partner_codes",
    "search_terms",
)

Record = dict[str, Any]


class TableError(ValueError):
    """A curated table is malformed; the message names the file and the record."""


@dataclass(frozen=True)
class Tables:
    """All curated tables, keyed by file stem, plus the merged section headings."""

    data: Mapping[str, Record]
    sections: Mapping[str, str] = field(default_factory=dict)

    def get(self, name: str) -> Record:
        return self.data.get(name) or {}

    @property
    def version(self) -> str:
        return str(self.get("vocabulary")["version"])


def _load_file(path: Traversable, name: str) -> Record:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TableError(f"ontology/src/{name}.yaml: not valid YAML: {exc}") from exc
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise TableError(f"ontology/src/{name}.yaml: the top level must be a mapping")
    return loaded


def load_tables(folder: Traversable | None = None) -> Tables:
    """Load every table that exists; merge the `sections:` maps, refusing conflicting headings."""
    folder = folder or tables_dir()
    data: dict[str, Record] = {}
    sections: dict[str, str] = {}
    for name in TABLE_FILES:
        path = folder / f"{name}.yaml"
        if not path.is_file():
            continue
        table = _load_file(path, name)
        data[name] = table
        for key, heading in (table.get("sections") or {}).items():
            if "#" not in key:
                raise TableError(f"ontology/src/{name}.yaml: section key {key!r} is not DOC#slug")
            # The documents print most headings twice (contents page and body) in different case.
            if key in sections and sections[key].casefold() != str(heading).casefold():
                raise TableError(
                    f"ontology/src/{name}.yaml: section {key!r} is titled {heading!r} here "
                    f"but {sections[key]!r} elsewhere"
                )
            sections[key] = str(heading)
    if "vocabulary" not in data:
        raise TableError("ontology/src/vocabulary.yaml is missing")
    return Tables(data=data, sections=sections)


def records(table: Record, key: str) -> Iterator[Record]:
    """The records under `key`, each checked to be a mapping."""
    for i, item in enumerate(table.get(key) or []):
        if not isinstance(item, dict):
            raise TableError(f"{key}[{i}]: expected a mapping, got {item!r}")
        yield item


def text(value: Any) -> str:
    """A table string with YAML folding artefacts removed."""
    return " ".join(str(value).split())


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
