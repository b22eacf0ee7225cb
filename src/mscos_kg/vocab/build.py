"""`mscos vocab build`: curated tables + model.ttl -> ontology/mscos.ttl (and the term constants)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from mscos_kg.resources import tables_dir
from mscos_kg.vocab.build_context import (
    build_comet,
    build_glossary,
    build_instruments,
    build_interventions,
    build_partner_codes,
    build_practice_model,
    build_process,
)
from mscos_kg.vocab.build_outcomes import (
    build_core,
    build_domains,
    build_lineage,
    build_search_terms,
    build_workshops,
)
from mscos_kg.vocab.builder import EN, MSCOS, SCHEMA, Builder, date_datatype
from mscos_kg.vocab.iris import Minter
from mscos_kg.vocab.tables import TableError, Tables, as_list, load_tables, text
from mscos_kg.vocab.verbatim import is_verbatim

GENERATED_HEADER = (
    "# GENERATED FILE - do not edit. Built by `mscos vocab build` from ontology/src/model.ttl\n"
    "# and the curated tables ontology/src/*.yaml; edit those and rebuild.\n"
)


def build_vocabulary(tables: Tables | None = None) -> Graph:
    """The whole vocabulary as one graph: the ontology, every concept scheme, sources, provenance."""
    tables = tables or load_tables()
    meta = tables.get("vocabulary")
    minter = Minter(base=str(meta.get("base", "https://w3id.org/mscos/")), version=tables.version)
    b = Builder(minter=minter, sections=dict(tables.sections))
    b.graph.parse(data=(tables_dir() / "model.ttl").read_text(encoding="utf-8"), format="turtle")
    _ontology_header(b, meta)
    _schemes(b, meta)

    build_core(b, tables.get("core"))
    build_domains(b, tables.get("longlist"), file="longlist.yaml", scheme="longlist",
                  scheme_title="MSCOS outcomes longlist", outcome_type=MSCOS.LonglistOutcome)
    build_domains(b, tables.get("round0"), file="round0.yaml", scheme="round0",
                  scheme_title="MSCOS e-Delphi Round 0 taxonomy of outcomes", outcome_type=MSCOS.Round0Outcome)
    build_workshops(b, tables.get("workshops"))
    build_glossary(b, tables.get("glossary"))
    levels: dict[str, URIRef] = {}
    build_practice_model(b, tables.get("practice_model"), levels)
    build_instruments(b, tables.get("instruments"))
    build_interventions(b, tables.get("interventions"), levels)
    build_lineage(b, tables.get("lineage"))
    build_search_terms(b, tables.get("search_terms"))
    build_process(b, tables.get("process"))
    build_comet(b, tables.get("comet"))
    build_partner_codes(b, tables.get("partner_codes"))

    _sources(b, meta)
    b.check_refs()
    return b.graph


def _ontology_header(b: Builder, meta: dict[str, object]) -> None:
    g, m = b.graph, b.minter
    onto = m.ontology
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, OWL.versionIRI, m.ontology_version))
    g.add((onto, OWL.versionInfo, Literal(m.version)))
    onto_meta = meta.get("ontology") or {}
    assert isinstance(onto_meta, dict)
    g.add((onto, DCTERMS.title, Literal(text(onto_meta["title"]), lang=EN)))
    g.add((onto, DCTERMS.description, Literal(text(onto_meta["description"]), lang=EN)))
    g.add((onto, RDFS.label, Literal(text(onto_meta["title"]), lang=EN)))
    _common_metadata(b, onto, meta)


def _common_metadata(b: Builder, subject: URIRef, meta: dict[str, object]) -> None:
    g, m = b.graph, b.minter
    g.add((subject, DCTERMS.created, Literal(str(meta["created"]), datatype=XSD.date)))
    g.add((subject, DCTERMS.modified, Literal(str(meta["modified"]), datatype=XSD.date)))
    g.add((subject, DCTERMS.creator, m.agent("mscos-research-team")))
    g.add((subject, DCTERMS.publisher, m.agent("mscos-kg")))
    g.add((subject, DCTERMS.rights, Literal(text(meta["rights"]), lang=EN)))
    g.add((subject, DCTERMS.license, URIRef(str(meta["license"]))))
    g.add((subject, SCHEMA.license, URIRef(str(meta["license"]))))
    g.add((subject, SCHEMA.copyrightHolder, m.agent("mscos-research-team")))
    for key in ("summary", "toolkit", "taxonomy", "grant", "workshops"):
        g.add((subject, PROV.wasDerivedFrom, m.source(key)))


def _schemes(b: Builder, meta: dict[str, object]) -> None:
    g, m = b.graph, b.minter
    schemes = meta.get("schemes") or {}
    assert isinstance(schemes, dict)
    for key, sm in schemes.items():
        s = m.scheme(key)
        g.add((s, RDF.type, SKOS.ConceptScheme))
        g.add((s, OWL.versionIRI, m.scheme_version(key)))
        g.add((s, OWL.versionInfo, Literal(m.version)))
        g.add((s, SCHEMA.version, Literal(m.version)))
        g.add((s, SKOS.prefLabel, Literal(text(sm["title"]), lang=EN)))
        g.add((s, DCTERMS.title, Literal(text(sm["title"]), lang=EN)))
        g.add((s, SKOS.definition, Literal(text(sm["description"]), lang=EN)))
        g.add((s, DCTERMS.isPartOf, m.ontology))
        g.add((m.ontology, DCTERMS.hasPart, s))
        _common_metadata(b, s, meta)
        g.add((s, SKOS.historyNote, Literal(
            "Built by the mscos-kg project from the published MSCOS documents; descriptors are quoted "
            "verbatim with their sources (dct:source on each concept).", lang=EN)))
        b.source(s, sm.get("source"), f"vocabulary.yaml schemes.{key}")
        citations = [src for src in ("summary", "toolkit", "taxonomy", "grant", "workshops")]
        sources = meta.get("sources") or {}
        assert isinstance(sources, dict)
        for src in citations:
            g.add((s, SCHEMA.citation, Literal(text(sources[src]["citation"]))))


def _sources(b: Builder, meta: dict[str, object]) -> None:
    """Documents, their cited sections, and the two agents of the scheme metadata."""
    g, m = b.graph, b.minter
    sources = meta.get("sources") or {}
    assert isinstance(sources, dict)
    for key, sm in sources.items():
        doc = m.source(key)
        g.add((doc, RDF.type, MSCOS.SourceDocument if not sm.get("external") else DCTERMS.BibliographicResource))
        g.add((doc, DCTERMS.title, Literal(text(sm["title"]))))
        g.add((doc, RDFS.label, Literal(text(sm["title"]), lang=EN)))
        g.add((doc, DCTERMS.bibliographicCitation, Literal(text(sm["citation"]))))
        _stated_metadata(b, key, sm)
    for ref in sorted(b.cited_sections):
        if "#" not in ref:
            continue
        doc_key = ref.split("#", 1)[0]
        sec = m.section(ref)
        g.add((sec, RDF.type, MSCOS.SourceSection))
        g.add((sec, DCTERMS.isPartOf, m.source(doc_key)))
        g.add((sec, DCTERMS.title, Literal(b.sections[ref])))
        g.add((sec, RDFS.label, Literal(b.sections[ref], lang=EN)))
    team, project = m.agent("mscos-research-team"), m.agent("mscos-kg")
    g.add((team, RDF.type, SCHEMA.Organization))
    g.add((team, RDF.type, MSCOS.Organisation))
    g.add((team, SCHEMA.name, Literal("Modern Slavery Core Outcome Set research team")))
    g.add((team, RDFS.label, Literal("Modern Slavery Core Outcome Set research team", lang=EN)))
    g.add((team, SCHEMA.url, Literal("http://www.mscos.co.uk", datatype=XSD.anyURI)))
    g.add((team, SCHEMA.email, Literal("mailto:mscos@kcl.ac.uk", datatype=XSD.anyURI)))
    for name in as_list(meta.get("creators")):
        g.add((team, SCHEMA.member, Literal(str(name))))
    g.add((project, RDF.type, SCHEMA.Organization))
    g.add((project, RDF.type, MSCOS.Organisation))
    g.add((project, SCHEMA.name, Literal(str(meta.get("publisher", "mscos-kg project")))))
    g.add((project, RDFS.label, Literal(str(meta.get("publisher", "mscos-kg project")), lang=EN)))
    g.add((project, SCHEMA.url, Literal(str(meta.get("base")), datatype=XSD.anyURI)))


def _stated_metadata(b: Builder, key: str, sm: dict[str, Any]) -> None:
    """A document's date of issue and publisher, only where a document states them.

    For the MSCOS documents each needs a verbatim `issued_quote:` / `publisher_quote:` from the
    document itself; external works (`external: true`) carry what their printed citation gives.
    """
    doc = b.minter.source(key)
    for field, prop in (("issued", DCTERMS.issued), ("publisher", DCTERMS.publisher)):
        if not sm.get(field):
            continue
        quote = sm.get(f"{field}_quote")
        if not sm.get("external") and not (quote and is_verbatim(key, str(quote))):
            raise TableError(f"vocabulary.yaml sources.{key}: {field} {sm[field]!r} needs `{field}_quote:` "
                             f"verbatim from the {key} document (no document states it otherwise)")
        value = str(sm[field])
        if field == "publisher":
            b.graph.add((doc, prop, Literal(text(value))))
        else:
            b.graph.add((doc, prop, Literal(value, datatype=date_datatype(value))))


def serialize_turtle(graph: Graph) -> str:
    return GENERATED_HEADER + graph.serialize(format="turtle")


def write_vocabulary(out: Path, graph: Graph | None = None) -> Graph:
    graph = graph if graph is not None else build_vocabulary()
    out.write_text(serialize_turtle(graph), encoding="utf-8")
    return graph
