"""Which of the 7 core outcomes a mapped list covers: the toolkit asks every intervention to
measure all 7.

A core outcome is *covered* by a confirmed mapping to it (exact, close, broad or narrow; a related
match is not a measurement of it), *suggested* when it is only the top suggestion of an
unconfirmed local outcome, and *missing* otherwise.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from enum import StrEnum

from mscos_kg.csvsafe import SafeWriter
from mscos_kg.mapping.model import MappingSet, Predicate
from mscos_kg.search import SearchIndex
from mscos_kg.search.entries import MSCOS

CORE_OUTCOME_TYPE = str(MSCOS.CoreOutcome)
_COVERING = frozenset({Predicate.EXACT, Predicate.CLOSE, Predicate.BROAD, Predicate.NARROW})


class Status(StrEnum):
    COVERED = "covered"
    SUGGESTED = "suggested"
    MISSING = "missing"


@dataclass(frozen=True)
class CoreCoverage:
    iri: str
    notation: str
    label: str
    status: Status
    local_outcomes: tuple[str, ...]  # the names that cover (or would cover) it


@dataclass(frozen=True)
class Coverage:
    outcomes: tuple[CoreCoverage, ...]

    @property
    def covered(self) -> int:
        return sum(c.status is Status.COVERED for c in self.outcomes)

    @property
    def missing(self) -> tuple[CoreCoverage, ...]:
        return tuple(c for c in self.outcomes if c.status is not Status.COVERED)


def _natural(notation: str) -> tuple[str, int]:
    match = re.match(r"^(\D*)(\d+)", notation)
    return (match.group(1), int(match.group(2))) if match else (notation, 0)


def coverage(index: SearchIndex, mapping: MappingSet) -> Coverage:
    cores = sorted((e for e in index.entries if e.has_type(CORE_OUTCOME_TYPE) and not e.deprecated),
                   key=lambda e: _natural(e.notation or e.label))
    confirmed: dict[str, list[str]] = {}
    suggested: dict[str, list[str]] = {}
    for item in mapping.outcomes:
        if item.decision is not None:
            if item.decision.iri and item.decision.predicate in _COVERING:
                confirmed.setdefault(item.decision.iri, []).append(item.local.label)
        elif item.suggestions:
            suggested.setdefault(item.suggestions[0].iri, []).append(item.local.label)
    rows = []
    for core in cores:
        if core.iri in confirmed:
            status, names = Status.COVERED, confirmed[core.iri]
        elif core.iri in suggested:
            status, names = Status.SUGGESTED, suggested[core.iri]
        else:
            status, names = Status.MISSING, []
        rows.append(CoreCoverage(core.iri, core.notation or "", core.label, status, tuple(names)))
    return Coverage(tuple(rows))


def coverage_csv(result: Coverage) -> str:
    out = io.StringIO()
    writer = SafeWriter(out, lineterminator="\n")
    writer.writerow(["notation", "core outcome", "status", "local outcomes", "iri"])
    for row in result.outcomes:
        writer.writerow([row.notation, row.label, row.status.value, "; ".join(row.local_outcomes), row.iri])
    return out.getvalue()


def coverage_json(result: Coverage) -> str:
    return json.dumps(coverage_dict(result), indent=2, ensure_ascii=False) + "\n"


def coverage_dict(result: Coverage) -> dict[str, object]:
    return {
        "covered": result.covered,
        "total": len(result.outcomes),
        "outcomes": [
            {"iri": r.iri, "notation": r.notation, "label": r.label, "status": r.status.value,
             "local_outcomes": list(r.local_outcomes)}
            for r in result.outcomes
        ],
        "missing": [r.notation for r in result.missing],
    }


def coverage_text(result: Coverage) -> str:
    lines = [f"Core outcomes covered: {result.covered} of {len(result.outcomes)}"]
    for row in result.outcomes:
        names = f": {'; '.join(row.local_outcomes)}" if row.local_outcomes else ""
        lines.append(f"  {row.notation:<4} {row.status.value:<9} {row.label}{names}")
    if result.missing:
        lines.append("Not yet covered by a confirmed mapping: " + ", ".join(r.notation for r in result.missing))
    return "\n".join(lines) + "\n"
