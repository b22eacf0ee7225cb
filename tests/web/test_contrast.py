"""Colours meet WCAG 2.1 AA: 4.5:1 for text (the pairs the stylesheet and the figures use)."""

from __future__ import annotations

import re

import pytest
from mscos_api.web import charts, lineage, practice_model

from tests.web.conftest import ROOT

CSS = (ROOT / "api" / "static" / "site.css").read_text(encoding="utf-8")
VARIABLES = dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i: i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


STYLESHEET_PAIRS = [
    ("ink", "paper"), ("muted", "paper"), ("muted", "soft"), ("link", "paper"), ("link-visited", "paper"),
    ("bad", "bad-bg"), ("ok", "ok-bg"), ("ink", "warn-bg"), ("brand-2", "paper"),
]


@pytest.mark.parametrize(("text", "background"), STYLESHEET_PAIRS)
def test_stylesheet_text_colours_contrast(text: str, background: str) -> None:
    assert contrast(VARIABLES[text], VARIABLES[background]) >= 4.5


def test_white_text_on_the_brand_colours_contrasts() -> None:
    for name in ("brand", "brand-2"):
        assert contrast("#ffffff", VARIABLES[name]) >= 4.5


def test_figure_text_colours_contrast() -> None:
    pairs = [("#ffffff", c) for c in practice_model.BAND_COLOURS]
    pairs += [(practice_model.INK, c) for c in (*practice_model.SEGMENT_COLOURS, practice_model.SPACE_COLOUR)]
    pairs += [(c, "#ffffff") for c in practice_model.ARROW_COLOURS]  # arrows are graphics: 3:1 would do
    pairs += [("#1a1a1a", fill) for fill, _ in lineage.STYLES.values()] + [("#ffffff", lineage.CENTRE_FILL)]
    pairs += [("#ffffff", charts.REPORTED), (charts.MISSING_INK, charts.MISSING)]
    pairs += [(charts._ink(fill), fill) for fill in charts.SCALE]
    low = [(a, b, round(contrast(a, b), 2)) for a, b in pairs if contrast(a, b) < 4.5]
    assert low == []


@pytest.mark.parametrize(("ring", "background"), [("focus", "paper"), ("focus", "soft"), ("focus-on-dark", "brand")])
def test_focus_ring_contrasts_with_what_surrounds_it(ring: str, background: str) -> None:
    """Focus indicators are non-text contrast (1.4.11): 3:1 against the adjacent colour."""
    assert contrast(VARIABLES[ring], VARIABLES[background]) >= 3
