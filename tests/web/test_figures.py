"""The figures on their own: the practice model from the vocabulary, escaping, edge cases."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient
from mscos_api.deps import vocabulary_of
from mscos_api.models import Ref
from mscos_api.web import charts, lineage, practice_model
from mscos_api.web.negotiation import wants_html
from mscos_api.web.site import Site

NS = "{http://www.w3.org/2000/svg}"


def site_of(client: TestClient) -> Site:
    class Request:
        app = client.app

    return Site.of(vocabulary_of(Request()))  # type: ignore[arg-type]


def test_practice_model_is_drawn_as_the_toolkit_describes_it(web: TestClient) -> None:
    model = practice_model.from_site(site_of(web))
    assert [r.notation for r in model.wrapping] == ["CO4", "CO3"]  # compassionate services outermost
    assert [r.notation for r in model.top] == ["CO1", "CO2", "CO6", "CO7"]
    assert model.space is not None and model.space.notation == "CO5"
    assert model.quote and "wrap around a circle of core outcomes" in model.quote
    root = ET.fromstring(str(practice_model.draw(model)))
    assert root.get("role") == "img"
    desc = root.find(f"{NS}desc")
    assert desc is not None and "plenty of space" in (desc.text or "")
    assert [t.text for t in root.iter(f"{NS}textPath")] == ["Compassionate, trauma-informed services",
                                                            "Long-term, consistent support"]


def test_labels_are_escaped_in_figures() -> None:
    evil = '<script>alert("x")</script> & co'
    columns = [Ref(iri=f"urn:x:{i}", label=evil, notation=f"CO{i}") for i in range(1, 8)]
    svg = str(charts.heat_map(columns, [charts.Row(evil, evil, (True,) * 7)]))
    assert "<script>" not in svg
    ET.fromstring(svg)  # well-formed
    counts = str(charts.outcome_counts(columns, [1] * 7, 1))
    assert "<script>" not in counts
    ET.fromstring(counts)


def test_a_concept_without_lineage_draws_nothing() -> None:
    centre = Ref(iri="urn:x", label="Alone")
    assert lineage.draw(centre, [lineage.Group("From", "round0", ())], []) is None


def test_browsers_get_html_and_programs_json() -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
    assert wants_html(browser, b"q=sleep")
    assert not wants_html(None, b"q=sleep")
    assert not wants_html("*/*", b"")
    assert not wants_html("application/json", b"")
    assert not wants_html("application/json, text/html", b"")  # equal q: the API's order
    assert not wants_html(browser, b"q=sleep&format=json")
    assert wants_html("application/json", b"format=html")


def test_static_files_are_served_from_the_service(web: TestClient) -> None:
    for name, media_type in (("site.css", "text/css"), ("site.js", "text/javascript"),
                             ("favicon.svg", "image/svg+xml")):
        response = web.get(f"/static/{name}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
        assert "http://" not in response.text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in response.text
