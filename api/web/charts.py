"""The coverage figures: a heat map of evaluations x core outcomes and a count per outcome.

Colour never carries the meaning alone: reported cells hold a tick, missing ones a cross, and
the covered column its number; every figure has a text alternative and the page a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..models import Ref
from .svg import esc, figure, shorten, tag, text

REPORTED, MISSING, MISSING_INK = "#1b5e20", "#fde2e1", "#8c1d18"
LABEL_W, CELL_W, CELL_H, HEAD_H = 330, 54, 30, 34
#: The covered column's scale, 0 to 7 core outcomes: red (none) through amber to green (all).
SCALE = ("#fde2e1", "#fbd3c4", "#f9e3a6", "#e9eba0", "#cfe5a6", "#9fd0a0", "#5aa469", "#1b5e20")


@dataclass(frozen=True)
class Row:
    label: str
    detail: str  # e.g. the dataset id
    reported: tuple[bool, ...]  # one per column

    @property
    def covered(self) -> int:
        return sum(self.reported)


def _ink(fill: str) -> str:
    """Near-black or white, whichever contrasts more with the fill."""
    r, g, b = (int(fill[i: i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#1a1a1a" if luminance > 0.2 else "#ffffff"


def heat_map(columns: list[Ref], rows: list[Row]) -> Markup:
    total_w = LABEL_W + CELL_W * (len(columns) + 1) + 8
    height = HEAD_H + CELL_H * max(len(rows), 1) + 8
    out = []
    for j, column in enumerate(columns):
        x = LABEL_W + j * CELL_W + CELL_W / 2
        out.append(text(x, HEAD_H - 10, column.notation or "", font_size=13, font_weight=700, text_anchor="middle"))
    out.append(text(LABEL_W + len(columns) * CELL_W + CELL_W / 2, HEAD_H - 10, "total", font_size=13,
                    font_weight=700, text_anchor="middle"))
    for i, row in enumerate(rows):
        y = HEAD_H + i * CELL_H
        out.append(text(4, y + 13, shorten(row.label, 48), font_size=12))
        out.append(text(4, y + 26, shorten(row.detail, 52), font_size=10, fill="#4a4a4a"))
        for j, (column, reported) in enumerate(zip(columns, row.reported, strict=True)):
            x = LABEL_W + j * CELL_W
            state = "reported" if reported else "missing"
            cell = tag("title", esc(f"{row.label}: {column.notation} {column.label} {state}"))
            out.append(tag("rect", cell, x=x + 1, y=y + 1, width=CELL_W - 2, height=CELL_H - 2,
                           fill=REPORTED if reported else MISSING, class_=f"cell {state}"))
            out.append(text(x + CELL_W / 2, y + 20, "✓" if reported else "✗", font_size=15, text_anchor="middle",
                            fill="#ffffff" if reported else MISSING_INK))
        fill = SCALE[min(row.covered, len(SCALE) - 1)]
        x = LABEL_W + len(columns) * CELL_W
        out.append(tag("rect", x=x + 1, y=y + 1, width=CELL_W - 2, height=CELL_H - 2, fill=fill))
        out.append(text(x + CELL_W / 2, y + 20, f"{row.covered}/{len(columns)}", font_size=13, text_anchor="middle",
                        fill=_ink(fill), font_weight=700))
    complete = sum(1 for r in rows if r.covered == len(columns))
    summaries = []
    for r in rows[:50]:
        missing = [c.notation or "" for c, ok in zip(columns, r.reported, strict=True) if not ok]
        summaries.append(f"{r.label}: {r.covered} of {len(columns)}"
                         + (f", missing {', '.join(missing)}." if missing else "."))
    description = (f"{len(rows)} evaluations of accepted partner datasets against the {len(columns)} core outcomes; "
                   f"{complete} report all of them. " + " ".join(summaries))
    return figure(total_w, height, "Core outcomes reported by each evaluation", description, "".join(out),
                  class_="heat-map")


def outcome_counts(columns: list[Ref], counts: list[int], total: int) -> Markup:
    label_w, bar_w, row_h = 360, 260, 30
    width, height = label_w + bar_w + 120, row_h * len(columns) + 12
    out = []
    for i, (column, count) in enumerate(zip(columns, counts, strict=True)):
        y = 6 + i * row_h
        out.append(text(4, y + 19, shorten(f"{column.notation} {column.label}", 52), font_size=13))
        out.append(tag("rect", x=label_w, y=y + 4, width=bar_w, height=row_h - 10, fill="#eeeeee"))
        share = count / total if total else 0.0
        if count:
            out.append(tag("rect", x=label_w, y=y + 4, width=max(2.0, bar_w * share), height=row_h - 10,
                           fill="#1f5fa8"))
        out.append(text(label_w + bar_w + 8, y + 19, f"{count} of {total}", font_size=13))
    description = "; ".join(f"{c.notation} {c.label}: {n} of {total} evaluations"
                            for c, n in zip(columns, counts, strict=True))
    return figure(width, height, "Evaluations reporting each core outcome", description + ".", "".join(out),
                  class_="bar-chart")
