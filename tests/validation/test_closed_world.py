"""The closed world of an upload (issue 14, item 1): each refused triple is one result, named."""

from __future__ import annotations

import pytest
from rdflib import Graph

from mscos_kg.validation.closed_world import check_closed_world, dataset_namespace, namespace_of, reserved

HEAD = """@prefix mscos: <https://w3id.org/mscos/def/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://acme.example/data/> .
ex:dataset a mscos:PartnerDataset ; dct:title "A" .
"""


def results(extra: str, head: str = HEAD) -> list[tuple[str, str, str, str]]:
    graph = Graph().parse(data=head + extra, format="turtle")
    return [
        (str(r.source_shape).rsplit("#", 1)[1], str(r.focus_node), str(r.path), str(r.value))
        for r in check_closed_world(graph)
    ]


@pytest.mark.parametrize(
    ("iri", "namespace"),
    [
        ("https://acme.example/data/dataset", "https://acme.example/data/"),
        ("https://acme.example/data#dataset", "https://acme.example/data#"),
        ("https://acme.example/dataset", "https://acme.example/"),
    ],
)
def test_the_namespace_is_the_dataset_iri_up_to_the_last_slash_or_hash(iri: str, namespace: str) -> None:
    from rdflib import URIRef

    assert namespace_of(URIRef(iri)) == namespace


def test_a_dataset_in_its_own_namespace_passes() -> None:
    assert results('ex:org a mscos:Organisation ; rdfs:label "Acme" .\n[] a mscos:Instrument ; rdfs:label "X" .') == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            '<https://other.example/r1> mscos:count 3 .',
            [("ClosedWorld-Subject", "https://other.example/r1", "https://w3id.org/mscos/def/count", "3")],
        ),
        (
            '<https://w3id.org/mscos/id/000101> skos:prefLabel "x" .',
            [("ClosedWorld-Subject", "https://w3id.org/mscos/id/000101", "http://www.w3.org/2004/02/skos/core#prefLabel",
              "x")],
        ),
        ('ex:orphan mscos:count 3 .', [("ClosedWorld-Typed", "https://acme.example/data/orphan",
                                        "https://w3id.org/mscos/def/count", "3")]),
        (
            "ex:org a mscos:Organisation , skos:Concept .",
            [("ClosedWorld-Typed", "https://acme.example/data/org", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
              "http://www.w3.org/2004/02/skos/core#Concept")],
        ),
        (
            'ex:i a mscos:Instrument ; rdfs:label "X" ; dct:date "1990" .',
            [("ClosedWorld-Instrument", "https://acme.example/data/i", "http://purl.org/dc/terms/date", "1990")],
        ),
    ],
    ids=["other-partner", "vocabulary-term", "untyped", "foreign-class", "open-instrument"],
)
def test_each_refused_triple_is_one_named_result(extra: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert results(extra) == expected


def test_every_triple_about_an_outside_subject_is_reported() -> None:
    found = results('<https://other.example/r1> a mscos:AggregateResult ; mscos:n 40 ; mscos:mean 1.0 .')
    assert len(found) == 3 and {f[0] for f in found} == {"ClosedWorld-Subject"}


@pytest.mark.parametrize(
    "head",
    [
        HEAD.replace("https://acme.example/data/", "https://w3id.org/mscos/id/"),
        HEAD.replace("https://acme.example/data/", "http://www.w3.org/ns/"),
        HEAD.replace("ex:dataset a", "[] a"),
        HEAD + 'ex:two a mscos:PartnerDataset ; dct:title "B" .\n',
    ],
    ids=["mscos", "w3c", "blank-dataset", "two-datasets"],
)
def test_a_dataset_without_a_namespace_of_its_own_is_refused(head: str) -> None:
    assert "ClosedWorld-Namespace" in {r[0] for r in results("", head)}


def test_reserved_namespaces_are_refused_both_ways() -> None:
    assert reserved("https://w3id.org/mscos/id/") and reserved("https://w3id.org/") and not reserved("https://acme.example/")
    assert dataset_namespace(Graph().parse(data=HEAD, format="turtle")) == "https://acme.example/data/"
