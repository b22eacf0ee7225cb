"""The lineage of a concept, drawn: where it comes from (Round 0, workshops) and what came of it.

Three columns: the earlier outcomes in groups on the left, the concept in the middle, the later
outcomes on the right; each box names the outcome and, underneath, the kind of link (a PROV
derivation type or a SKOS mapping relation).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..models import Ref
from .svg import figure, lines, shorten, tag, text, wrap

NODE_W, NODE_H, CENTRE_W = 260, 40, 230
GAP, ROW, HEADER = 86, 48, 22
STYLES = {  # group style -> (fill, stroke)
    "round0": ("#eef3fb", "#3f5f8f"),
    "workshop": ("#f4effa", "#5f4690"),
    "later": ("#edf6ee", "#2f6b3a"),
}
CENTRE_FILL = "#17365d"


@dataclass(frozen=True)
class Link:
    ref: Ref
    relation: str | None


@dataclass(frozen=True)
class Group:
    title: str
    style: str  # a key of STYLES
    links: tuple[Link, ...]


def _name(ref: Ref) -> str:
    return f"{ref.notation} {ref.label}" if ref.notation else ref.label or ref.iri


def _column(groups: list[Group], x: float) -> tuple[list[str], list[float], float]:
    """The boxes of a column, the vertical middle of each box, and the column's height."""
    out: list[str] = []
    middles: list[float] = []
    y = 8.0
    for group in groups:
        out.append(text(x, y + 14, group.title, font_size=12, font_weight=700, fill="#333333"))
        y += HEADER
        fill, stroke = STYLES[group.style]
        for link in group.links:
            out.append(tag("rect", x=x, y=y, width=NODE_W, height=NODE_H, rx=6, fill=fill, stroke=stroke))
            out.append(text(x + 8, y + 16, shorten(_name(link.ref), 40), font_size=12, fill="#1a1a1a"))
            if link.relation:
                out.append(text(x + 8, y + 32, link.relation, font_size=11, fill="#444444", font_style="italic"))
            middles.append(y + NODE_H / 2)
            y += ROW
        y += 6
    return out, middles, y


def _edge(x1: float, y1: float, x2: float, y2: float) -> str:
    bend = (x2 - x1) / 2
    path = tag("path", d=f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2 - 7},{y2}", fill="none",
               stroke="#5a5a5a", stroke_width=1.5)
    head = tag("polygon", points=f"{x2},{y2} {x2 - 9},{y2 - 5} {x2 - 9},{y2 + 5}", fill="#5a5a5a")
    return path + head


def describe(centre: Ref, before: list[Group], after: list[Group]) -> str:
    parts = []
    for group in before + after:
        items = "; ".join(f"{_name(link.ref)}{f' ({link.relation})' if link.relation else ''}" for link in group.links)
        parts.append(f"{group.title}: {items}.")
    return f"{_name(centre)}. " + " ".join(parts)


def draw(centre: Ref, before: list[Group], after: list[Group]) -> Markup | None:
    """The figure, or None when the concept has no lineage to draw."""
    before = [g for g in before if g.links]
    after = [g for g in after if g.links]
    if not before and not after:
        return None
    left_x = 8.0
    centre_x = left_x + (NODE_W + GAP if before else 0)
    right_x = centre_x + CENTRE_W + GAP
    left, left_mid, left_h = _column(before, left_x)
    right, right_mid, right_h = _column(after, right_x)
    height = max(left_h, right_h, NODE_H + 2 * HEADER)
    cy = height / 2
    body = left + right
    rows = wrap(centre.label or centre.iri, 32, 3)
    box_h = 24 + 15 * len(rows)
    body.append(tag("rect", x=centre_x, y=cy - box_h / 2, width=CENTRE_W, height=box_h, rx=8, fill=CENTRE_FILL))
    body.append(text(centre_x + 10, cy - box_h / 2 + 18, shorten(centre.notation or "", 30), font_size=12,
                     fill="#ffffff", font_weight=700))
    body.append(lines(centre_x + 10, cy - box_h / 2 + 34, rows, 15, font_size=12, fill="#ffffff"))
    edges = [_edge(left_x + NODE_W, y, centre_x, cy) for y in left_mid]
    edges += [_edge(centre_x + CENTRE_W, cy, right_x, y) for y in right_mid]
    width = (right_x + NODE_W + 8) if after else (centre_x + CENTRE_W + 8)
    title = f"Lineage of {_name(centre)}"
    return figure(width, height, title, describe(centre, before, after), "".join(edges + body), class_="lineage")
