"""The shared machinery of the vocabulary build: a graph, the IRI minter, and concept helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from mscos_kg.vocab.iris import Minter
from mscos_kg.vocab.tables import Record, TableError, as_list, text

MSCOS = Namespace("https://w3id.org/mscos/def/")
SCHEMA = Namespace("https://schema.org/")
EN = "en"

PREFIXES = {
    "mscos": MSCOS, "skos": SKOS, "dct": DCTERMS, "prov": PROV, "owl": OWL, "rdfs": RDFS,
    "xsd": XSD, "schema": SCHEMA,
}


@dataclass
class Builder:
    """Accumulates the vocabulary graph; refuses duplicate identifiers and unknown references."""

    minter: Minter
    sections: dict[str, str]
    graph: Graph = field(default_factory=Graph)
    minted: dict[str, str] = field(default_factory=dict)  # id -> where it was minted
    cited_sections: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for prefix, ns in PREFIXES.items():
            self.graph.bind(prefix, ns)
        self.graph.bind("mscosid", Namespace(f"{self.minter.base}id/"))

    # -- identifiers -------------------------------------------------------------------------
    def mint(self, record: Record, where: str) -> URIRef:
        raw = record.get("id", "")
        if not isinstance(raw, str):  # unquoted 000101 is a YAML octal number: refuse, do not guess
            raise TableError(f"{where}: id {raw!r} must be a quoted six-digit string")
        identifier = raw
        if not identifier:
            raise TableError(f"{where}: record without id: {record.get('label')!r}")
        if identifier in self.minted:
            raise TableError(f"{where}: id {identifier} already used in {self.minted[identifier]}")
        self.minted[identifier] = where
        return self.minter.concept(identifier)

    def ref(self, identifier: Any, where: str) -> URIRef:
        """A reference to a record minted elsewhere (checked after the build, see `check_refs`)."""
        if not isinstance(identifier, str) or not identifier.isdigit():
            return _bad(where, identifier)
        return self.minter.concept(identifier)

    # -- provenance ----------------------------------------------------------------------------
    def source(self, subject: URIRef, reference: Any, where: str) -> None:
        for ref in as_list(reference):
            ref = str(ref)
            doc = ref.split("#", 1)[0]
            if "#" in ref and ref not in self.sections:
                raise TableError(f"{where}: section {ref!r} is not declared in any `sections:` map")
            if not doc:
                raise TableError(f"{where}: empty source reference")
            self.cited_sections.add(ref)
            self.graph.add((subject, DCTERMS.source, self.minter.section(ref)))

    # -- concepts --------------------------------------------------------------------------------
    def concept(
        self,
        record: Record,
        where: str,
        *,
        types: list[URIRef],
        scheme: str,
        definition: str | None = None,
        editorial_definition: str | None = None,
        broader: URIRef | None = None,
    ) -> URIRef:
        """A skos:Concept with one English prefLabel, a definition, notation, scheme and source."""
        iri = self.mint(record, where)
        g = self.graph
        g.add((iri, RDF.type, SKOS.Concept))
        for t in types:
            g.add((iri, RDF.type, t))
        label = record.get("label")
        if not label:
            raise TableError(f"{where}[{record['id']}]: no label")
        g.add((iri, SKOS.prefLabel, Literal(text(label), lang=EN)))
        for alt in as_list(record.get("alt_labels")):
            alt_text = alt.get("label") if isinstance(alt, dict) else alt
            if alt_text and text(alt_text) != text(label):
                g.add((iri, SKOS.altLabel, Literal(text(alt_text), lang=EN)))
            if isinstance(alt, dict) and alt.get("source"):
                self.source(iri, alt["source"], f"{where}[{record['id']}].alt_labels")
        if record.get("notation"):
            g.add((iri, SKOS.notation, Literal(str(record["notation"]))))
        scheme_iri = self.minter.scheme(scheme)
        g.add((iri, SKOS.inScheme, scheme_iri))
        g.add((iri, RDFS.isDefinedBy, scheme_iri))
        if broader is None:
            g.add((iri, SKOS.topConceptOf, scheme_iri))
            g.add((scheme_iri, SKOS.hasTopConcept, iri))
        else:
            g.add((iri, SKOS.broader, broader))
            g.add((broader, SKOS.narrower, iri))
        definition = definition if definition is not None else record.get("definition")
        if definition:
            g.add((iri, SKOS.definition, Literal(text(definition), lang=EN)))
        else:
            if not editorial_definition:
                raise TableError(f"{where}[{record['id']}]: no definition")
            g.add((iri, SKOS.definition, Literal(editorial_definition, lang=EN)))
            g.add((iri, SKOS.editorialNote, Literal(
                "Definition composed by the mscos-kg project: the source gives a label only.", lang=EN)))
        if record.get("note"):
            g.add((iri, SKOS.editorialNote, Literal(text(record["note"]), lang=EN)))
        self.source(iri, record.get("source"), f"{where}[{record['id']}]")
        self.deprecation(iri, record.get("deprecated"), f"{where}[{record['id']}]")
        return iri

    def deprecation(self, iri: URIRef, spec: Any, where: str) -> None:
        """`deprecated: {replaced_by: ID, note: why, date: YYYY-MM-DD}`: retired, never deleted."""
        if not spec:
            return
        if not isinstance(spec, dict) or not spec.get("note"):
            raise TableError(f"{where}: deprecated needs a mapping with at least a `note:` saying why")
        self.graph.add((iri, OWL.deprecated, Literal(True)))
        if spec.get("replaced_by"):
            self.graph.add((iri, DCTERMS.isReplacedBy, self.ref(spec["replaced_by"], where)))
        when = f" ({spec['date']})" if spec.get("date") else ""
        self.graph.add((iri, SKOS.changeNote, Literal(f"Deprecated{when}: {text(spec['note'])}", lang=EN)))

    def entity(self, record: Record, where: str, *, types: list[URIRef]) -> URIRef:
        """A non-concept resource (intervention, instrument, stage...) with a label and source."""
        iri = self.mint(record, where)
        for t in types:
            self.graph.add((iri, RDF.type, t))
        if record.get("label"):
            self.graph.add((iri, RDFS.label, Literal(text(record["label"]), lang=EN)))
        for alt in as_list(record.get("alt_labels")):
            alt_text = alt.get("label") if isinstance(alt, dict) else alt
            if alt_text:
                self.graph.add((iri, SKOS.altLabel, Literal(text(alt_text), lang=EN)))
        for key, prop in (("definition", SKOS.definition), ("quote", MSCOS.quote),
                          ("note", SKOS.editorialNote)):
            if record.get(key):
                self.graph.add((iri, prop, Literal(text(record[key]), lang=EN)))
        self.source(iri, record.get("source"), f"{where}[{record['id']}]")
        for i, also in enumerate(as_list(record.get("also_quoted"))):  # further roles, other documents
            if not isinstance(also, dict) or not also.get("quote") or not also.get("source"):
                raise TableError(f"{where}[{record['id']}].also_quoted[{i}]: needs a quote and its source")
            self.graph.add((iri, MSCOS.quote, Literal(text(also["quote"]), lang=EN)))
            self.source(iri, also["source"], f"{where}[{record['id']}].also_quoted[{i}]")
        return iri

    def literal(self, subject: URIRef, prop: URIRef, value: Any, datatype: URIRef | None = None) -> None:
        if value is None or value == "":
            return
        if isinstance(value, list | dict):  # 1.0.0 wrote such tables as Python reprs ("[{'target': ...")
            raise TableError(f"{subject} {prop}: a {type(value).__name__} cannot be one literal; "
                             "emit its items (or model them as nodes)")
        if datatype is None:
            self.graph.add((subject, prop, Literal(text(value), lang=EN)))
        elif datatype == XSD.string:  # RDF 1.1: a plain literal is an xsd:string; say it one way
            self.graph.add((subject, prop, Literal(text(value))))
        else:
            self.graph.add((subject, prop, Literal(value, datatype=datatype)))

    def check_refs(self) -> None:
        """Every IRI under id/ used as an object must have been minted."""
        prefix = f"{self.minter.base}id/"
        minted = {str(self.minter.concept(i)) for i in self.minted}
        for s, p, o in self.graph:
            if isinstance(o, URIRef) and str(o).startswith(prefix) and "#" not in str(o) and str(o) not in minted:
                raise TableError(f"{s} {p} refers to {o}, which no table defines")


def date_datatype(value: str) -> URIRef:
    """xsd:date for 2021-10-01, xsd:gYearMonth for 2021-10, xsd:gYear for 2021."""
    return {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value), XSD.string)


def _bad(where: str, identifier: Any) -> URIRef:
    raise TableError(f"{where}: {identifier!r} is not an id (a quoted six-digit string)")
