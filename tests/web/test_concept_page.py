"""The concept page: everything issue 6 lists, for a core outcome, a longlist outcome, a domain,
an indicator and a glossary term, and the deprecated case."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient

from tests.web.conftest import BROWSER, ROOT
from tests.web.html_check import check

BASE = "https://w3id.org/mscos/"


def html(client: TestClient, path: str) -> str:
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200
    return response.text


def section(text: str, heading_id: str) -> str:
    """The HTML of the <section> a heading id labels."""
    start = text.index(f'aria-labelledby="{heading_id}"')
    return text[start: text.index("</section>", start)]


def test_core_outcome_page_shows_all_it_should(web: TestClient) -> None:
    text = html(web, "/id/000101")
    assert '<span class="notation">CO1</span> Secure and suitable housing</h1>' in text
    assert f'<code id="concept-uri">{BASE}id/000101</code>' in text
    assert f'data-copy="{BASE}id/000101"' in text and "hidden>Copy</button>" in text
    definition = section(text, "definition")
    assert "Survivors should live in a place they can call home" in definition
    assert 'href="/source/toolkit/secure-and-suitable-housing"' in definition
    indicators = section(text, "indicators")
    assert indicators.count("<li>") == 13 and "CO1.I01" in indicators
    assert "<q>live in a place they can call home</q>" in indicators
    lineage = section(text, "lineage")
    assert 'role="img"' in lineage and "Lineage of CO1 Secure and suitable housing" in lineage
    assert "R0.SAF.5" in lineage and "W1.49" in lineage and "merged" in lineage
    interventions = section(text, "interventions")
    assert "The Florida Freedom Partnership" in interventions and "primary outcome" in interventions
    assert 'href="/queries/interventions_for_outcome?outcome=000101"' in interventions
    mappings = section(text, "mappings")
    assert "To the COMET outcome taxonomy" in mappings and "skos:broadMatch" in mappings
    downloads = section(text, "downloads")
    for suffix, media_type in ((".ttl", "text/turtle"), (".jsonld", "application/ld+json"),
                               (".rdf", "application/rdf+xml"), (".nt", "application/n-triples")):
        assert f'href="/id/000101{suffix}" type="{media_type}"' in downloads
    assert "What survivors say" in text


def test_longlist_outcome_names_its_domain_and_round0_origin(web: TestClient) -> None:
    text = html(web, "/id/000410")
    assert "<dt>Domain</dt>" in text and 'href="/id/000401"' in text
    assert "Longlist outcome" in text and "From the e-Delphi Round 0 taxonomy" in text


def test_domain_page_lists_its_outcomes(web: TestClient) -> None:
    text = html(web, "/id/000401")
    assert "Outcomes in this domain" in text and 'href="/id/000410"' in text


def test_indicator_page_names_its_outcome(web: TestClient) -> None:
    text = html(web, "/id/000201")
    assert "Indicator of" in text and 'href="/id/000101"' in text


def test_round0_outcome_shows_what_it_became(web: TestClient) -> None:
    text = html(web, "/id/000637")
    lineage = section(text, "lineage")
    assert "Later outcomes derived from it" in lineage and 'href="/id/000105"' in lineage


def test_workshop_outcome_shows_the_final_outcomes_it_maps_to(web: TestClient) -> None:
    text = html(web, "/id/000852")
    assert "Mapped to final outcomes" in text and 'href="/id/000105"' in text


def test_lineage_figure_is_well_formed_svg_with_a_title_and_description(web: TestClient) -> None:
    text = html(web, "/id/000105")
    svg = re.search(r'<svg [^>]*class="figure lineage".*?</svg>', text, re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(0))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    title, desc = root.find(f"{ns}title"), root.find(f"{ns}desc")
    assert title is not None and title.get("id") == root.get("aria-labelledby")
    assert desc is not None and "R0.AP.1" in (desc.text or "")


def test_deprecated_concept_page_points_to_its_replacement(make_deprecated_client: TestClient) -> None:
    text = make_deprecated_client.get("/id/900001", headers=BROWSER).text
    assert "Deprecated." in text and 'href="/id/900002"' in text
    assert check(text).problems() == []


def test_scheme_page_lists_the_longlist_by_domain(web: TestClient) -> None:
    text = html(web, "/scheme/longlist")
    assert text.count('class="domain"') == 9
    assert 'id="s-000401"' in text and 'href="/id/000410"' in text


def test_glossary_page_shows_whole_definitions(web: TestClient) -> None:
    text = html(web, "/scheme/glossary")
    assert "Terms" in text and text.count("<dt>") >= 10


def test_concept_page_is_what_resolution_serves_as_html(web: TestClient) -> None:
    negotiated = web.get("/id/000106", headers={"Accept": "text/html"}).text
    assert negotiated == web.get("/id/000106.html").text
    assert "Instruments that measure it" in negotiated or "Interventions that address it" in negotiated
    assert (ROOT / "api" / "templates" / "concept.html").exists()


def test_outcome_page_says_whether_each_intervention_link_is_stated_or_inferred(web: TestClient) -> None:
    """The toolkit names housing for the Florida Freedom Partnership; medical treatment is our inference."""
    housing = section(html(web, "/id/000101"), "interventions")
    assert "The Florida Freedom Partnership" in housing and "stated by the source" in housing
    assert "<q>This intervention addresses a range of MSCOS outcomes" in housing
    medical = section(html(web, "/id/000106"), "interventions")
    assert "The Florida Freedom Partnership" in medical and "inferred by mscos-kg" in medical
    assert "stated by the source" not in medical
    check(html(web, "/id/000106"))


def test_intervention_page_lists_its_outcome_links_with_basis_and_evidence(web: TestClient) -> None:
    links = section(html(web, "/id/001120"), "outcome-links")
    assert links.count("<li>") == 2
    assert "primary outcome" in links and "Finding purpose in life" in links
    assert "possibly addresses" in links and "Access to education" in links
    assert "<q>it is possible that the mentoring programme might have unintentionally improved access" in links


def test_education_page_lists_the_possible_effect_of_the_mentoring_programme(web: TestClient) -> None:
    education = section(html(web, "/id/000107"), "interventions")
    assert "Thriving Conversation Project" in education and "possibly: not claimed as addressed" in education


def test_lineage_shows_each_derivations_strength_beside_its_type(web: TestClient) -> None:
    text = html(web, "/id/000101")
    lineage = section(text, "lineage")
    items = re.findall(r'<li><a [^>]*href="/id/(\d+)"[^>]*>.*?</a>((?: <span class="tag">[^<]*</span>)*)', lineage)
    tags = {ident: re.findall(r'<span class="tag">([^<]*)</span>', spans) for ident, spans in items}
    assert tags["000615"] == ["merged", "weak link"]
    assert tags["000647"] == tags["000666"] == ["merged", "strong link"]
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", text, re.S)
    assert desc is not None and "R0.CS.5 Housing stability and independence (merged, weak link)" in desc.group(1)
