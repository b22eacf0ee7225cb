"""How the vocabulary mints IRIs (docs/identifiers.md is the policy this implements)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from mscos_kg.config import DEFAULT_BASE_IRI


@dataclass(frozen=True)
class Minter:
    """Mints every IRI under one persistent base."""

    base: str = DEFAULT_BASE_IRI
    version: str = "1.0.0"

    def concept(self, identifier: str) -> URIRef:
        """An opaque concept or resource identifier: six digits, never reused."""
        if not (len(identifier) == 6 and identifier.isdigit()):
            raise ValueError(f"identifier {identifier!r} is not six digits")
        return URIRef(f"{self.base}id/{identifier}")

    def fragment(self, identifier: str, name: str) -> URIRef:
        """A node that only exists as part of a resource (a derivation, a mapping justification)."""
        return URIRef(f"{self.concept(identifier)}#{name}")

    def scheme(self, key: str) -> URIRef:
        return URIRef(f"{self.base}scheme/{key}")

    def scheme_version(self, key: str) -> URIRef:
        return URIRef(f"{self.base}scheme/{key}/{self.version}")

    @property
    def ontology(self) -> URIRef:
        return URIRef(f"{self.base}ontology")

    @property
    def ontology_version(self) -> URIRef:
        return URIRef(f"{self.base}ontology/{self.version}")

    def source(self, doc: str) -> URIRef:
        return URIRef(f"{self.base}source/{doc}")

    def section(self, reference: str) -> URIRef:
        """`DOC#slug` -> the section IRI; a bare `DOC` -> the document IRI."""
        doc, _, slug = reference.partition("#")
        return URIRef(f"{self.base}source/{doc}/{slug}") if slug else self.source(doc)

    def agent(self, key: str) -> URIRef:
        return URIRef(f"{self.base}agent/{key}")
