"""The three W3C service-description tests (tests/data/sparql-protocol/service-description-manifest.ttl)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

SD = "http://www.w3.org/ns/sparql-service-description#"
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/service-description/manifest.ttl"
MANIFEST = Path(__file__).resolve().parent.parent / "data" / "sparql-protocol" / "service-description-manifest.ttl"


def description(client: TestClient, accept: str = "text/turtle") -> list[ox.Triple]:
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200, response.text
    fmt = ox.RdfFormat.from_media_type(response.headers["content-type"].split(";")[0])
    assert fmt is not None
    return [q.triple for q in ox.parse(response.content, format=fmt)]


def test_sparql_service_description_manifest_names_three_tests() -> None:
    names = {
        q.object.value
        for q in ox.parse(path=str(MANIFEST), format=ox.RdfFormat.TURTLE, base_iri=BASE)
        if q.predicate == ox.NamedNode("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#name")
    }
    assert names == {
        "GET on endpoint returns RDF",
        "Service description contains a matching sd:endpoint triple",
        "Service description conforms to schema",
    }


@pytest.mark.parametrize(
    "accept", ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples", "*/*"]
)
def test_sparql_service_description_returns_rdf(client: TestClient, accept: str) -> None:
    """returns-rdf: GET on the endpoint without a query returns RDF (in the syntax asked for)."""
    assert description(client, accept)


def test_sparql_service_description_has_a_matching_endpoint_triple(client: TestClient) -> None:
    """has-endpoint-triple: sd:endpoint is the URL the description was fetched from."""
    endpoints = [t.object for t in description(client) if t.predicate == ox.NamedNode(SD + "endpoint")]
    assert endpoints == [ox.NamedNode(str(client.base_url) + "/sparql")]


def test_sparql_service_description_conforms_to_the_schema(client: TestClient) -> None:
    """conforms-to-schema: one sd:Service with its endpoint, language, result formats and dataset."""
    triples = description(client)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    services = [t.subject for t in triples if t.predicate == rdf_type and t.object == ox.NamedNode(SD + "Service")]
    assert len(services) == 1
    about = {(t.predicate.value, t.object) for t in triples if t.subject == services[0]}
    assert (SD + "supportedLanguage", ox.NamedNode(SD + "SPARQL11Query")) in about
    formats = {o.value for p, o in about if p == SD + "resultFormat"}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats
    datasets = [o for p, o in about if p == SD + "defaultDataset"]
    assert len(datasets) == 1
    statements = {(t.subject, t.predicate, t.object) for t in triples}
    assert (datasets[0], rdf_type, ox.NamedNode(SD + "Dataset")) in statements


def test_sparql_service_description_refuses_a_non_rdf_accept(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "image/png"})  # text/html gets the query form
    assert response.status_code == 406
    assert response.json()["error"]["code"] == "not_acceptable"
