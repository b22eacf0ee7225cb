"""Drawing primitives for the figures: every text and attribute is escaped here.

A figure is an inline ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` (its text
alternative, referenced by ``aria-labelledby``); colours are presentation attributes or classes
(the Content-Security-Policy allows no inline styles).
"""

from __future__ import annotations

import html
import itertools
import textwrap
from collections.abc import Iterable

from markupsafe import Markup

_ids = itertools.count(1)


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def attrs(**values: object) -> str:
    """``name="value"`` pairs; a trailing underscore is dropped (class_), underscores become dashes."""
    parts = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        key = name.rstrip("_").replace("_", "-")
        parts.append(f'{key}="{esc(_number(value))}"')
    return " ".join(parts)


def _number(value: object) -> object:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return value


def tag(name: str, content: str = "", **values: object) -> str:
    attributes = attrs(**values)
    opening = f"<{name} {attributes}" if attributes else f"<{name}"
    return f"{opening}>{content}</{name}>" if content else f"{opening}/>"


def text(x: float, y: float, content: str, **values: object) -> str:
    return tag("text", esc(content), x=x, y=y, **values)


def lines(x: float, y: float, rows: Iterable[str], step: float, **values: object) -> str:
    """Several lines of text, centred or not, one ``<tspan>`` each."""
    spans = "".join(tag("tspan", esc(row), x=x, dy=0 if i == 0 else step) for i, row in enumerate(rows))
    return tag("text", spans, x=x, y=y, **values)


def wrap(content: str, width: int, max_lines: int = 3) -> list[str]:
    """At most `max_lines` lines of at most `width` characters; an ellipsis when cut."""
    rows = textwrap.wrap(content, width) or [""]
    if len(rows) > max_lines:
        rows = rows[:max_lines]
        rows[-1] = shorten(rows[-1] + " …", width)
    return rows


def shorten(content: str, width: int) -> str:
    return content if len(content) <= width else content[: width - 1].rstrip() + "…"


def figure(width: float, height: float, title: str, description: str, body: str, class_: str = "") -> Markup:
    """An accessible inline SVG figure: role=img, named by its <title>, described by its <desc>."""
    n = next(_ids)
    title_id, desc_id = f"svg{n}-title", f"svg{n}-desc"
    head = tag("title", esc(title), id=title_id) + tag("desc", esc(description), id=desc_id)
    root = tag(
        "svg", head + body, xmlns="http://www.w3.org/2000/svg", viewBox=f"0 0 {width:.0f} {height:.0f}",
        width=f"{width:.0f}", height=f"{height:.0f}", role="img", aria_labelledby=title_id,
        aria_describedby=desc_id, class_=f"figure {class_}".strip(), focusable="false",
    )
    return Markup(root)
