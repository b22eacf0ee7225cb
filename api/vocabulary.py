"""The vocabulary as the service holds it: loaded once at start-up, read-only afterwards."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from mscos_kg.config import Settings


@dataclass
class Vocabulary:
    graph: Graph
    turtle: bytes
    version: str | None
    base_iri: str

    @classmethod
    def load(cls, settings: Settings) -> Vocabulary:
        from mscos_kg.resources import ontology_file

        turtle = ontology_file().read_bytes()
        graph = Graph().parse(data=turtle, format="turtle")
        return cls(graph=graph, turtle=turtle, version=None, base_iri=settings.base_iri)
