"""Identifier resolution: paths under the base, /resource, formats, caching, HEAD, 404/406."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from mscos_api.vocabulary import Vocabulary
from rdflib import OWL, RDF, SKOS, Graph, URIRef
from rdflib.compare import isomorphic

BASE = "https://w3id.org/mscos/"
DATA = Path(__file__).resolve().parents[1] / "data"
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
}


@pytest.fixture(scope="module")
def vocabulary(client: TestClient) -> Vocabulary:
    vocab: Vocabulary = client.app.state.vocabulary  # type: ignore[attr-defined]
    return vocab


def _parse(response_text: str, media_type: str) -> Graph:
    return Graph().parse(data=response_text, format=RDF_TYPES[media_type])


@pytest.mark.parametrize("media_type", sorted(RDF_TYPES))
def test_concept_in_each_rdf_syntax_is_the_same_graph(client: TestClient, media_type: str) -> None:
    response = client.get("/id/000101", headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    graph = _parse(response.text, media_type)
    reference = _parse(client.get("/id/000101", headers={"Accept": "application/n-triples"}).text,
                       "application/n-triples")
    assert isomorphic(graph, reference)
    concept = URIRef(f"{BASE}id/000101")
    assert (concept, SKOS.prefLabel, None) in graph
    assert (concept, RDF.type, SKOS.Concept) in graph


def test_jsonld_uses_the_embedded_context_and_no_remote_one(client: TestClient) -> None:
    body = client.get("/id/000101", headers={"Accept": "application/ld+json"}).json()
    assert isinstance(body["@context"], dict)
    assert body["@context"].get("skos") == str(SKOS)
    node = next(n for n in body["@graph"] if n["@id"] == f"{BASE}id/000101")
    assert {"Concept", "skos:Concept", str(SKOS.Concept)} & set(node["@type"])
    graph = Graph().parse(data=json.dumps(body), format="json-ld")
    assert (URIRef(f"{BASE}id/000101"), RDF.type, SKOS.Concept) in graph


def test_every_minted_iri_resolves_by_its_path(client: TestClient, vocabulary: Vocabulary) -> None:
    assert len(vocabulary.minted) > 100
    kinds = {iri[len(BASE):].split("/", 1)[0] for iri in vocabulary.minted}
    assert {"id", "scheme", "ontology", "source", "def", "agent"} <= kinds
    for iri in vocabulary.minted:
        response = client.get("/" + iri[len(BASE):], headers={"Accept": "application/n-triples"})
        assert response.status_code == 200, iri
        assert f"<{iri}>" in response.text


def test_version_iris_resolve_to_their_resource(client: TestClient, vocabulary: Vocabulary) -> None:
    assert f"{BASE}ontology/{vocabulary.version}" in vocabulary.aliases
    for version_iri, iri in vocabulary.aliases.items():
        response = client.get("/" + version_iri[len(BASE):], headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        graph = _parse(response.text, "text/turtle")
        assert (URIRef(iri), OWL.versionIRI, URIRef(version_iri)) in graph


def test_scheme_resolves_with_its_concepts(client: TestClient) -> None:
    graph = _parse(client.get("/scheme/core", headers={"Accept": "text/turtle"}).text, "text/turtle")
    members = set(graph.subjects(SKOS.inScheme, URIRef(f"{BASE}scheme/core")))
    assert len(members) == 7
    assert (URIRef(f"{BASE}scheme/core"), RDF.type, SKOS.ConceptScheme) in graph


@pytest.mark.parametrize("path", ["/ontology.ttl", "/ontology.jsonld", "/ontology.rdf", "/ontology.nt"])
def test_whole_vocabulary_downloads(client: TestClient, vocabulary: Vocabulary, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    media_type = response.headers["content-type"].split(";")[0]
    graph = _parse(response.text, media_type)
    assert len(graph) == len(vocabulary.graph)


def test_download_endpoint_names_a_file(client: TestClient) -> None:
    response = client.get("/download", params={"format": "rdfxml"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/rdf+xml"
    assert response.headers["content-disposition"] == 'attachment; filename="mscos.rdf"'


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    response = client.get("/id/000101", params={"format": "ttl"}, headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("text/turtle")
    assert client.get("/id/000101", params={"format": "application/n-triples"}).headers[
        "content-type"] == "application/n-triples"


def test_unknown_format_is_406_with_the_available_types(client: TestClient) -> None:
    response = client.get("/id/000101", params={"format": "pdf"})
    assert response.status_code == 406
    assert "text/turtle" in response.json()["error"]["available"]


def test_json_view_is_documented_shape(client: TestClient) -> None:
    body = client.get("/id/000106", headers={"Accept": "application/json"}).json()
    assert body["iri"] == f"{BASE}id/000106"
    assert body["notation"] == "CO6"
    assert body["label"] == "Access to medical treatment"
    assert body["definition"]
    assert any(i["notation"] == "CO6.I05" for i in body["indicators"])
    assert body["links"]["turtle"] == "/id/000106.ttl"
    assert body["sources"] and body["sources"][0]["iri"].startswith(f"{BASE}source/")


def test_html_page_shows_label_notation_uri_definition_and_source(client: TestClient) -> None:
    response = client.get("/id/000106", headers={"Accept": "text/html"})
    html = response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="en">' in html
    assert "Access to medical treatment" in html and "CO6" in html
    assert f"{BASE}id/000106" in html
    assert "being registered with a GP" in html
    assert 'href="/source/toolkit/' in html
    assert 'rel="alternate" type="text/turtle" href="/id/000106.ttl"' in html


def test_etag_and_cache_control_and_304(client: TestClient) -> None:
    first = client.get("/id/000101", headers={"Accept": "text/turtle"})
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    again = client.get("/id/000101", headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = client.get("/id/000101", headers={"Accept": "application/ld+json", "If-None-Match": etag})
    assert other.status_code == 200  # a different representation has a different ETag
    assert client.get("/id/000101", headers={"Accept": "text/turtle", "If-None-Match": f'W/{etag}, "x"'}
                      ).status_code == 304


def test_head_is_like_get_without_a_body(client: TestClient) -> None:
    get = client.get("/id/000101", headers={"Accept": "text/turtle"})
    head = client.head("/id/000101", headers={"Accept": "text/turtle"})
    assert head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "etag", "vary", "content-length"):
        assert head.headers[name] == get.headers[name]


def test_unknown_identifier_is_a_helpful_404(client: TestClient) -> None:
    response = client.get("/id/999999", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "unknown_identifier"
    assert error["iri"] == f"{BASE}id/999999"
    assert "/search" in error["search"]


def test_resource_parameter_resolves_any_iri_of_the_graph(client: TestClient) -> None:
    concept = client.get("/resource", params={"uri": f"{BASE}id/000101", "format": "nt"})
    assert concept.status_code == 200
    assert concept.text == client.get("/id/000101.nt").text
    fragment = client.get("/resource", params={"uri": f"{BASE}id/000419#match-002032", "format": "ttl"})
    assert fragment.status_code == 200 and "match-002032" in fragment.text
    external = client.get("/resource", params={"uri": str(SKOS.Concept), "format": "nt"})
    assert external.status_code == 200 and str(SKOS.Concept) in external.text
    assert client.get("/resource", params={"uri": "https://example.org/nothing"}).status_code == 404
    assert client.get("/resource", params={"uri": "not an iri"}).status_code == 400


def test_deprecated_concept_resolves_and_points_to_its_replacement(make_client) -> None:  # type: ignore[no-untyped-def]
    from mscos_api.deps import get_vocabulary

    turtle = (DATA / "deprecated.ttl").read_bytes()
    vocabulary = Vocabulary(turtle, BASE)
    test_client = make_client()
    test_client.app.dependency_overrides[get_vocabulary] = lambda: vocabulary
    response = test_client.get("/id/900001", headers={"Accept": "application/json"})
    assert response.status_code == 200
    body = response.json()
    assert body["deprecated"] is True
    assert body["replaced_by"][0]["iri"] == f"{BASE}id/900002"
    assert response.headers["link"] == f'<{BASE}id/900002>; rel="successor-version"'
    html = test_client.get("/id/900001", headers={"Accept": "text/html"}).text
    assert "Deprecated" in html and 'href="/id/900002"' in html
    turtle_response = test_client.get("/id/900001", headers={"Accept": "text/turtle"})
    graph = _parse(turtle_response.text, "text/turtle")
    assert (URIRef(f"{BASE}id/900001"), OWL.deprecated, None) in graph


def test_vary_accept_on_every_negotiated_answer(client: TestClient) -> None:
    for accept in ("text/html", "text/turtle", "application/json", "image/png"):
        vary = client.get("/id/000101", headers={"Accept": accept}).headers["vary"]
        assert "Accept" in [v.strip() for v in vary.split(",")]


def test_json_view_parses_as_json_for_schemes_and_ontology(client: TestClient) -> None:
    for path in ("/scheme/core", "/ontology", "/def/Outcome", "/agent/mscos-kg"):
        body = json.loads(client.get(path, params={"format": "json"}).text)
        assert body["iri"].startswith(BASE)
