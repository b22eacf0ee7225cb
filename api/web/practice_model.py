"""The MSCOS practice model drawn as the toolkit describes it (toolkit, Figure 2).

"Compassionate, trauma-informed services and long-term, consistent support wrap around a circle
of core outcomes. These also continue together outwards from the circle"; housing, safety,
medical treatment and education "make up the top half of the circular practice model"; finding
purpose in life "is provided with plenty of space within the circle, and coloured arrows to
depict freedom of movement in various possible directions". The figure is drawn from the
vocabulary: the outcomes that ``mscos:wrapsAround`` others form the bands, the outcome whose
scope note gives it plenty of space fills the bottom half, the others share the top half.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup
from rdflib import RDF, SKOS, URIRef
from rdflib.namespace import DCTERMS

from mscos_kg.search.entries import MSCOS

from ..models import Ref
from .site import Site
from .svg import esc, figure, lines, tag, text, wrap

WIDTH, HEIGHT = 640, 530
CX, CY, R = 262, 262, 162
BAND = 32
#: Outer band first. Dark fills carry white text (contrast above 7:1).
BAND_COLOURS = ("#4a2377", "#155e75")
#: Light fills carry near-black text (contrast above 10:1).
SEGMENT_COLOURS = ("#ffd98e", "#f7b8b2", "#b5dfc4", "#b9d3f3", "#e7d4f5", "#fbe3c8")
SPACE_COLOUR = "#fff8e6"
ARROW_COLOURS = ("#b3261e", "#1e6b35", "#1f5fa8", "#8a4b0f", "#6b2f8f")
INK = "#1a1a1a"


@dataclass(frozen=True)
class PracticeModel:
    wrapping: tuple[Ref, ...]  # outer band first
    top: tuple[Ref, ...]  # left to right across the top half
    space: Ref | None  # the outcome with plenty of space (bottom half)
    quote: str | None = None  # the toolkit's words about the model
    source: Ref | None = None


def from_site(site: Site) -> PracticeModel:
    """The model as the vocabulary states it (``mscos:wrapsAround``, the outcomes' scope notes)."""
    g = site.vocabulary.graph
    wrapping = [r for r in site.core if (URIRef(r.iri), MSCOS.wrapsAround, None) in g]
    wrapping.sort(key=lambda r: "compassionate" not in (r.label or "").lower())  # the outer band first
    inner = [r for r in site.core if r not in wrapping]
    space = next((r for r in inner if any("plenty of space" in str(n)
                                          for n in g.objects(URIRef(r.iri), SKOS.scopeNote))), None)
    core = {URIRef(r.iri) for r in site.core}
    node = next((m for m in g.subjects(RDF.type, MSCOS.PracticeModel)
                 if core and core <= set(g.objects(m, MSCOS.hasComponent))), None)
    quote = g.value(node, SKOS.scopeNote) if node is not None else None
    source = g.value(node, DCTERMS.source) if node is not None else None
    return PracticeModel(tuple(wrapping), tuple(r for r in inner if r is not space), space,
                         str(quote) if quote is not None else None,
                         site.ref(source) if source is not None else None)


def _point(angle_deg: float, radius: float) -> tuple[float, float]:
    a = math.radians(angle_deg)
    return CX + radius * math.cos(a), CY + radius * math.sin(a)


def _name(ref: Ref) -> str:
    return f"{ref.label} ({ref.notation})" if ref.notation else ref.label or ref.iri


def _bands(model: PracticeModel, uid: str) -> str:
    out = []
    for i, ref in enumerate(model.wrapping[:2]):
        outer = R + BAND * (len(model.wrapping[:2]) - i)
        inner = outer - BAND
        colour = BAND_COLOURS[i % len(BAND_COLOURS)]
        ring = "".join(
            f"M{CX + r},{CY} A{r},{r} 0 1 {sweep} {CX - r},{CY} A{r},{r} 0 1 {sweep} {CX + r},{CY}Z "
            for r, sweep in ((outer, 0), (inner, 1)))
        out.append(tag("path", d=ring, fill=colour, fill_rule="evenodd"))
        # The band continues outwards from the bottom of the circle, to the right, with an arrowhead.
        top, bottom, end = CY + inner, CY + outer, WIDTH - 28
        out.append(tag("path", d=f"M{CX},{top} H{end} V{top - 6} L{WIDTH - 4},{(top + bottom) / 2} "
                                 f"L{end},{bottom + 6} V{bottom} H{CX}Z", fill=colour))
        mid = (inner + outer) / 2
        arc_id = f"{uid}-band{i}"
        out.append(tag("path", id=arc_id, d=f"M{CX - mid},{CY} A{mid},{mid} 0 0 1 {CX + mid},{CY}", fill="none"))
        label = tag("textPath", esc(ref.label or ""), href=f"#{arc_id}", startOffset="50%")
        out.append(tag("text", label, dy=5, fill="#ffffff", font_size=14, font_weight=600, text_anchor="middle"))
        out.append(text(CX + 40, (top + bottom) / 2 + 5, "continues beyond the MSCOS", fill="#ffffff",
                        font_size=12))
    return "".join(out)


def _top_half(model: PracticeModel) -> str:
    out = []
    count = max(1, len(model.top))
    step = 180 / count
    for i, ref in enumerate(model.top):
        a0, a1 = 180 + i * step, 180 + (i + 1) * step
        (x0, y0), (x1, y1) = _point(a0, R), _point(a1, R)
        d = f"M{CX},{CY} L{x0:.1f},{y0:.1f} A{R},{R} 0 0 1 {x1:.1f},{y1:.1f}Z"
        out.append(tag("path", d=d, fill=SEGMENT_COLOURS[i % len(SEGMENT_COLOURS)], stroke="#ffffff",
                       stroke_width=3))
        lx, ly = _point((a0 + a1) / 2, R * 0.64)
        rows = wrap(ref.label or "", 11, 4)
        top = ly - 6.5 * (len(rows) - 1)
        out.append(lines(lx, top, rows, 13, fill=INK, font_size=11, text_anchor="middle"))
        out.append(text(lx, top - 15, ref.notation or "", fill=INK, font_size=11, font_weight=700,
                        text_anchor="middle"))
    return "".join(out)


def _space(model: PracticeModel) -> str:
    if model.space is None:
        return ""
    d = f"M{CX - R},{CY} A{R},{R} 0 0 0 {CX + R},{CY}Z"
    out = [tag("path", d=d, fill=SPACE_COLOUR, stroke="#ffffff", stroke_width=3)]
    rows = wrap(model.space.label or "", 24, 3)
    out.append(text(CX, CY + 28, model.space.notation or "", fill=INK, font_size=11, font_weight=700,
                    text_anchor="middle"))
    out.append(lines(CX, CY + 44, rows, 15, fill=INK, font_size=13, text_anchor="middle"))
    # Coloured arrows: freedom of movement in various possible directions.
    origin_x, origin_y = CX, CY + 104
    for i, angle in enumerate((200, 250, 290, 340, 90)):
        length = 30 if angle == 90 else 46
        a = math.radians(angle)
        x1, y1 = origin_x + 12 * math.cos(a), origin_y + 12 * math.sin(a)
        x2, y2 = origin_x + length * math.cos(a), origin_y + length * math.sin(a)
        colour = ARROW_COLOURS[i % len(ARROW_COLOURS)]
        out.append(tag("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=colour, stroke_width=3, stroke_linecap="round"))
        left, right = a + math.radians(150), a - math.radians(150)
        head = (f"{x2 + 3 * math.cos(a):.1f},{y2 + 3 * math.sin(a):.1f} "
                f"{x2 + 9 * math.cos(left):.1f},{y2 + 9 * math.sin(left):.1f} "
                f"{x2 + 9 * math.cos(right):.1f},{y2 + 9 * math.sin(right):.1f}")
        out.append(tag("polygon", points=head, fill=colour))
    return "".join(out)


def describe(model: PracticeModel) -> str:
    wrapping = " and ".join(_name(r) for r in model.wrapping)
    top = ", ".join(_name(r) for r in model.top)
    parts = [f"{wrapping} wrap around a circle of the other core outcomes and continue outwards from it."]
    if top:
        parts.append(f"The top half of the circle holds {top}.")
    if model.space is not None:
        parts.append(f"The bottom half gives {_name(model.space)} plenty of space, with coloured arrows "
                     "pointing in several directions for freedom of movement.")
    return " ".join(parts)


def draw(model: PracticeModel, uid: str = "pm") -> Markup:
    body = _bands(model, uid) + tag("circle", cx=CX, cy=CY, r=R, fill="#ffffff") + _top_half(model) + _space(model)
    return figure(WIDTH, HEIGHT, "The MSCOS practice model", describe(model), body, class_="practice-model")
