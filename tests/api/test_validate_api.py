"""POST /validate: every input format, the report as JSON or Turtle, limits and unsafe inputs."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH

from mscos_kg.config import Settings
from mscos_kg.validation.template import COLUMNS

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "florida-freedom-partnership.ttl"
PARTNER_DATASET = URIRef("https://w3id.org/mscos/def/PartnerDataset")
TURTLE = {"Content-Type": "text/turtle"}


def example_graph() -> Graph:
    return Graph().parse(EXAMPLE, format="turtle")


def template_csv(**overrides: str) -> bytes:
    row = {
        "organisation": "Acme Refuge", "organisation_country": "GB", "intervention_id": "INT1",
        "intervention_name": "Safe housing programme", "intervention_description": "Housing and case work.",
        "country": "GB", "target_population": "Adult survivors of labour exploitation", "age_group": "adults",
        "evaluation_id": "EV1", "evaluation_title": "Housing outcomes 2023", "study_design": "BA", "year": "2023",
        "outcome": "CO1", "timepoint": "P0D", "reported_by": "SELF", "observation_status": "M",
    }
    row.update(overrides)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerow([row.get(c.key, "") for c in COLUMNS])
    return buffer.getvalue().encode()


@pytest.fixture(scope="module")
def bodies() -> Iterator[dict[str, bytes]]:
    graph = example_graph()
    yield {
        "text/turtle": EXAMPLE.read_bytes(),
        "application/ld+json": graph.serialize(format="json-ld").encode(),
        "application/rdf+xml": graph.serialize(format="xml").encode(),
        "application/n-triples": graph.serialize(format="nt").encode(),
        "text/csv": template_csv(),
    }


@pytest.mark.parametrize(
    "media_type", ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples", "text/csv"]
)
def test_validate_api_reads_every_input_format(client: TestClient, bodies: dict[str, bytes], media_type: str) -> None:
    response = client.post("/validate", content=bodies[media_type], headers={"Content-Type": media_type})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["schemaVersion"] == "1"
    assert report["counts"]["Violation"] == 0, report["results"]
    assert report["conforms"] is True
    assert set(report) >= {"threshold", "results", "coverage"}


def test_validate_api_same_report_for_the_same_data_in_any_syntax(client: TestClient, bodies: dict[str, bytes]) -> None:
    reports = [
        client.post("/validate", content=bodies[m], headers={"Content-Type": m}).json()["counts"]
        for m in ("text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples")
    ]
    assert all(r == reports[0] for r in reports)


@pytest.mark.parametrize(
    ("filename", "part_type"), [("data.ttl", "application/octet-stream"), ("upload", "text/turtle")]
)
def test_validate_api_accepts_a_multipart_upload(client: TestClient, filename: str, part_type: str) -> None:
    response = client.post("/validate", files={"file": (filename, EXAMPLE.read_bytes(), part_type)})
    assert response.status_code == 200, response.text
    assert response.json()["conforms"] is True


def test_validate_api_reports_violations_with_the_shape_and_focus_node(client: TestClient) -> None:
    graph = example_graph()
    dataset = next(graph.subjects(RDF.type, PARTNER_DATASET))
    graph.remove((dataset, DCTERMS.title, None))
    response = client.post("/validate", content=graph.serialize(format="turtle").encode(), headers=TURTLE)
    assert response.status_code == 200
    report = response.json()
    assert report["conforms"] is False
    titles = [r for r in report["results"] if r["path"] == {"type": "iri", "value": str(DCTERMS.title)}]
    assert titles and titles[0]["severity"] == "Violation"
    assert titles[0]["focusNode"] == {"type": "iri", "value": str(dataset)}
    assert titles[0]["rule"] == "RequiredField"


def test_validate_api_turtle_report_on_accept(client: TestClient) -> None:
    response = client.post("/validate", content=EXAMPLE.read_bytes(), headers={**TURTLE, "Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    report = Graph().parse(data=response.text, format="turtle")
    assert (None, SH.conforms, Literal(True)) in report


def test_validate_api_csv_problems_point_at_row_and_column(client: TestClient) -> None:
    body = template_csv(timepoint="six months")
    response = client.post("/validate", content=body, headers={"Content-Type": "text/csv"})
    assert response.status_code == 200
    report = response.json()
    assert report["conforms"] is False
    located = [r["location"] for r in report["results"] if r["location"] and r["location"]["column"] == "Timepoint"]
    assert located and located[0]["row"] == 2


# ------------------------------------------------------------------ unsafe and unreadable input
def test_validate_api_refuses_a_remote_jsonld_context_without_fetching_it(client: TestClient) -> None:
    body = b'{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://x/a", "http://x/p": "v"}'
    response = client.post("/validate", content=body, headers={"Content-Type": "application/ld+json"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unreadable_dataset" and "remote JSON-LD context" in error["message"]


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://x/&e;"/></rdf:RDF>',
        b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
    ],
    ids=["external-entity", "entity-expansion"],
)
def test_validate_api_refuses_xml_entities(client: TestClient, body: bytes) -> None:
    response = client.post("/validate", content=body, headers={"Content-Type": "application/rdf+xml"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unreadable_dataset" and "DTD" in error["message"]
    assert error["location"]["line"] == 2
    assert "root:" not in response.text


@pytest.mark.parametrize(
    ("body", "media_type", "line"),
    [(b"@prefix x: <http://x/> .\nx:a x:b ", "text/turtle", 2), (b"\xff\xfe not utf-8", "text/turtle", 1),
     (b'{"@id": ', "application/ld+json", 1)],
)
def test_validate_api_unreadable_input_is_400_with_the_place(
    client: TestClient, body: bytes, media_type: str, line: int
) -> None:
    response = client.post("/validate", content=body, headers={"Content-Type": media_type})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unreadable_dataset"
    assert error["location"]["line"] == line


# ------------------------------------------------------------------ limits and negotiation
def test_validate_api_size_limit_is_413(make_client: Callable[..., TestClient]) -> None:
    small = make_client(Settings(store="memory", max_upload_bytes=2048))
    big = b"# " + b"x" * 3000 + b"\n"
    declared = small.post("/validate", content=big, headers=TURTLE)
    streamed = small.post("/validate", content=iter([big[:1500], big[1500:]]), headers=TURTLE)
    multipart = small.post("/validate", files={"file": ("big.ttl", big, "text/turtle")})
    for response in (declared, streamed, multipart):
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "payload_too_large"
    assert small.post("/validate", content=b"# small\n", headers=TURTLE).status_code == 200


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({"Content-Type": "text/plain"}, 415, "unsupported_media_type"),
        ({}, 415, "unsupported_media_type"),
        ({**TURTLE, "Accept": "image/png"}, 406, "not_acceptable"),  # text/html gets the error as a page
    ],
)
def test_validate_api_refuses_what_it_cannot_read_or_write(
    client: TestClient, headers: dict[str, str], status: int, code: str
) -> None:
    response = client.post("/validate", content=EXAMPLE.read_bytes(), headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_validate_api_format_parameter_overrides_the_content_type(client: TestClient) -> None:
    response = client.post(
        "/validate", params={"format": "turtle"}, content=EXAMPLE.read_bytes(),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert response.status_code == 200
    bad = client.post("/validate", params={"format": "xlsx"}, content=b"x", headers=TURTLE)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "unknown_format"


def test_validate_api_multipart_without_a_file_part_is_400(client: TestClient) -> None:
    response = client.post("/validate", data={"note": "no file"}, files={"other": ("x.ttl", b"", "text/turtle")})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "missing_file"
