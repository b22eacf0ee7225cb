"""The coverage page (accepted partner data x core outcomes) and the differences between sources."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient

from mscos_kg.queries import Catalog
from tests.web.conftest import BROWSER


def test_coverage_draws_the_accepted_evaluations(web: TestClient) -> None:
    text = web.get("/coverage", headers=BROWSER).text
    assert "<strong>4</strong> evaluations in <strong>4</strong> datasets" in text
    heat = re.search(r'<svg [^>]*class="figure heat-map".*?</svg>', text, re.S)
    assert heat is not None
    root = ET.fromstring(heat.group(0))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.find(f"{ns}title") is not None
    cells = [r for r in root.iter(f"{ns}rect") if (r.get("class") or "").startswith("cell")]
    assert len(cells) == 4 * 7
    assert sum(1 for c in cells if c.get("class") == "cell reported") == 7 + 3 + 1 + 1
    assert 'class="figure bar-chart"' in text and "2 of 4" in text
    # The evaluations the toolkit describes (in the vocabulary) are not partner data.
    assert "Potocky" in text and text.count("<tr><th scope=\"row\">") == 4 + 4


def test_coverage_without_partner_data_says_so(empty_web: TestClient) -> None:
    text = empty_web.get("/coverage", headers=BROWSER).text
    assert "No accepted partner dataset holds an evaluation yet" in text and "<svg" not in text


def test_differences_show_every_discrepancy_with_its_sources(web: TestClient) -> None:
    text = web.get("/differences", headers=BROWSER).text
    # 7 in vocabulary 1.0.0; 1.1.0 adds the planned/held workshops, the board's and the set's names.
    assert text.count('class="difference"') == 10
    assert "Name of the survivor research advisory board" in text and '<span class="big">MCOS</span>' in text
    assert "Number of outcomes in the final MSCOS Outcomes Longlist" in text
    assert '<span class="big">38</span>' in text and '<span class="big">37</span>' in text
    assert "The MSCOS is accompanied by a Longlist that provides 38 outcomes" in text
    assert 'href="/source/toolkit/introduction"' in text
    assert 'href="/queries/source_discrepancies"' in text
    assert "source_discrepancies" in Catalog.load().names()
    assert web.get("/differences", headers=BROWSER).text == text  # served from the cache
