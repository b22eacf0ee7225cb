"""WCAG 2.1 AA on every page, in Chromium: axe-core finds no violation at 1280 and 320 px wide
(tags wcag2a, wcag2aa, wcag21a, wcag21aa and best-practice), nothing widens the page beyond the
window (reflow, 1.4.10), and every region that scrolls can be reached with the Tab key (2.1.1).
Every <details> is opened first, so that what it holds is audited too.

axe-core comes from npm (`make browser-deps` installs it into the git-ignored `.browser-deps/`;
`MSCOS_AXE` may name another `axe.min.js`); it is evaluated in the page, never loaded from a CDN.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import ROOT, screenshot
from tests.web.conftest import INVALID_SPREADSHEET

pytestmark = [pytest.mark.browser, pytest.mark.server]

MAP_NAMES = ROOT / "examples" / "mapping" / "local-outcomes.csv"
AXE = ROOT / ".browser-deps" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = (1280, 320)
SCHEMES = "SELECT ?s WHERE { ?s a <http://www.w3.org/2004/02/skos/core#ConceptScheme> }"
SPARQL = "/sparql?" + urlencode({"query": SCHEMES})
#: Every kind of page (name, path); "validate-report" and "map-review" are reached by uploading a file.
PAGES = [
    ("home", "/"), ("concept", "/id/000106"), ("concept-round0", "/id/000401"), ("scheme-core", "/scheme/core"),
    ("scheme-longlist", "/scheme/longlist"), ("scheme-glossary", "/scheme/glossary"), ("vocabulary", "/ontology"),
    ("class", "/def/Outcome"), ("source", "/source/toolkit/introduction"),
    ("search", "/search?q=housing"), ("search-nothing", "/search?q=zzzzqqq"), ("queries", "/queries"),
    ("query-form", "/queries/outcome_lineage"), ("query-results", "/queries/outcome_lineage?outcome=000105"),
    ("query-invalid", "/queries/outcome_lineage?outcome=zz"), ("validate", "/validate"),
    ("validate-report", "/validate"), ("coverage", "/coverage"), ("differences", "/differences"),
    ("error-unknown-identifier", "/id/999999"), ("error-unknown-path", "/no/such/page"),
    ("sparql-form", "/sparql"), ("sparql-results", SPARQL), ("sparql-refused", "/sparql?query=CLEAR+ALL"),
    ("scheme-round0", "/scheme/round0"), ("scheme-comet", "/scheme/comet"), ("property", "/def/indicates"),
    ("reconciliation-preview", "/reconcile/preview?id=000101"), ("map", "/map"), ("map-review", "/map"),
    ("api-reference", "/docs"),
    ("concept-intervention", "/id/001119"), ("concept-practice-model", "/id/001801"),
    ("concept-indicator", "/id/000255"), ("concept-instrument", "/id/001305"),
]

_SCROLLING = """() => {
  const scrolls = (e) => {
    const s = getComputedStyle(e);
    return (/(auto|scroll)/.test(s.overflowX) && e.scrollWidth > e.clientWidth + 1)
        || (/(auto|scroll)/.test(s.overflowY) && e.scrollHeight > e.clientHeight + 1);
  };
  const found = [...document.querySelectorAll("body *")].filter(e => e.checkVisibility() && scrolls(e));
  found.forEach((e, i) => e.setAttribute("data-scroll-check", String(i)));
  return found.map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className) : ""));
}"""
#: Focus the last tabbable element before region `i` (outside it), so that one Tab should reach it.
_FOCUS_BEFORE = """(i) => {
  const region = document.querySelector(`[data-scroll-check="${i}"]`);
  const tabbable = [...document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")]
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length && !region.contains(e) && e !== region);
  const before = tabbable.filter(e => e.compareDocumentPosition(region) & Node.DOCUMENT_POSITION_FOLLOWING);
  if (document.activeElement) document.activeElement.blur();
  if (before.length) before[before.length - 1].focus();
}"""
_REACHED = """(i) => {
  const region = document.querySelector(`[data-scroll-check="${i}"]`);
  return region === document.activeElement || region.contains(document.activeElement);
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    path = Path(os.environ.get("MSCOS_AXE", AXE))
    if not path.exists():
        pytest.skip(f"axe-core is not installed at {path}: `make browser-deps` installs it from npm")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def windows(browser: Browser, base_url: str) -> Iterator[dict[int, Page]]:
    """One page per window width, reused by every audit (one browser for the session)."""
    contexts = [browser.new_context(base_url=base_url, viewport={"width": w, "height": 900}) for w in WIDTHS]
    pages = {w: c.new_page() for w, c in zip(WIDTHS, contexts, strict=True)}
    for page in pages.values():
        page.set_default_timeout(15_000)
    yield pages
    for context in contexts:
        context.close()


def violations(page: Page, axe_source: str) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    found: list[dict[str, Any]] = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)", TAGS
    )
    return [f"{v['id']} ({v['impact']}): {n['target']} {n['failureSummary']}" for v in found for n in v["nodes"]]


def unreachable_scroll_regions(page: Page) -> list[str]:
    regions: list[str] = page.evaluate(_SCROLLING)
    missed = []
    for index, name in enumerate(regions):
        page.evaluate(_FOCUS_BEFORE, index)
        page.keyboard.press("Tab")
        if not page.evaluate(_REACHED, index):
            missed.append(name)
    return missed


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "path"), PAGES)
def test_page_meets_wcag_21_aa(windows: dict[int, Page], axe_source: str, width: int, name: str, path: str) -> None:
    page = windows[width]
    page.goto(path)
    if name == "validate-report":
        page.get_by_label("Dataset file").set_input_files(INVALID_SPREADSHEET)
        page.get_by_role("button", name="Check the dataset").click()
        page.get_by_role("status").wait_for()
    if name == "map-review":
        page.get_by_label("List of outcome names, or a mapping file to continue").set_input_files(MAP_NAMES)
        page.get_by_role("button", name="Suggest MSCOS outcomes").click()
        page.get_by_role("heading", name="Core outcomes covered: 0 of 7").wait_for()
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # audit them too
    assert violations(page, axe_source) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page is wider than the window"
    assert unreachable_scroll_regions(page) == []
    screenshot(page, f"a11y-{name}-{width}", full_page=False)
