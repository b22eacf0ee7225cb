"""The project's JSON-LD context (ontology/context.jsonld), generated from ontology/src/model.ttl.

Every class and property of the model gets a term named by its local name; object properties
are IRI-valued; integer, date, year and duration properties are coerced to their datatype.
Decimal properties (mean, proportion, ...) are not coerced: JSON-LD processors differ on the
lexical form they give a coerced non-integer number, while a plain JSON number always becomes
an xsd:double or xsd:integer, both of which the shapes accept.

Regenerate after changing the model: `python -m mscos_kg.validation.context`.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from mscos_kg.validation.terms import MSCOS

PREFIXES = {
    "mscos": str(MSCOS),
    "mscosid": "https://w3id.org/mscos/id/",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
#: Terms from other vocabularies that partner data and the vocabulary use.
EXTERNAL: dict[str, Any] = {
    "id": "@id",
    "type": "@type",
    "label": "rdfs:label",
    "comment": "rdfs:comment",
    "seeAlso": {"@id": "rdfs:seeAlso", "@type": "@id"},
    "prefLabel": "skos:prefLabel",
    "altLabel": "skos:altLabel",
    "definition": "skos:definition",
    "notation": "skos:notation",
    "exactMatch": {"@id": "skos:exactMatch", "@type": "@id"},
    "closeMatch": {"@id": "skos:closeMatch", "@type": "@id"},
    "broadMatch": {"@id": "skos:broadMatch", "@type": "@id"},
    "narrowMatch": {"@id": "skos:narrowMatch", "@type": "@id"},
    "relatedMatch": {"@id": "skos:relatedMatch", "@type": "@id"},
    "broader": {"@id": "skos:broader", "@type": "@id"},
    "narrower": {"@id": "skos:narrower", "@type": "@id"},
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "Concept": "skos:Concept",
    "ConceptScheme": "skos:ConceptScheme",
    "title": "dct:title",
    "description": "dct:description",
    "references": {"@id": "dct:references", "@type": "@id"},
    "bibliographicCitation": "dct:bibliographicCitation",
    "issued": {"@id": "dct:issued", "@type": "xsd:date"},
    "license": {"@id": "dct:license", "@type": "@id"},
    "hasPart": {"@id": "dct:hasPart", "@type": "@id"},
    "source": {"@id": "dct:source", "@type": "@id"},
    "isReplacedBy": {"@id": "dct:isReplacedBy", "@type": "@id"},
    "deprecated": {"@id": "owl:deprecated", "@type": "xsd:boolean"},
}
_RANGE_INCLUDES = URIRef("https://schema.org/rangeIncludes")
_COERCED = {XSD.integer, XSD.gYear, XSD.date, XSD.dateTime, XSD.duration, XSD.boolean, XSD.nonNegativeInteger}


def _curie(iri: URIRef) -> str:
    for prefix, namespace in PREFIXES.items():
        if str(iri).startswith(namespace):
            return f"{prefix}:{str(iri)[len(namespace) :]}"
    return str(iri)


def build_context(model: Graph) -> dict[str, Any]:
    context: dict[str, Any] = dict(PREFIXES)
    context.update(EXTERNAL)
    terms: dict[str, Any] = {}
    for iri in sorted({s for s in model.subjects(RDF.type, None) if isinstance(s, URIRef)}, key=str):
        if not str(iri).startswith(str(MSCOS)):
            continue
        name = str(iri)[len(str(MSCOS)) :]
        kinds = set(model.objects(iri, RDF.type))
        if OWL.ObjectProperty in kinds:
            terms[name] = {"@id": _curie(iri), "@type": "@id"}
        elif OWL.DatatypeProperty in kinds or OWL.AnnotationProperty in kinds:
            # schema:rangeIncludes names datatypes outside the OWL 2 datatype map (decision 0013).
            declared = [*model.objects(iri, RDFS.range), *model.objects(iri, _RANGE_INCLUDES)]
            ranges = sorted(r for r in declared if isinstance(r, URIRef) and r in _COERCED)
            terms[name] = {"@id": _curie(iri), "@type": _curie(ranges[0])} if ranges else _curie(iri)
        else:
            terms[name] = _curie(iri)
    context.update(terms)
    return {"@context": context}


def model_terms(model: Graph) -> set[str]:
    """Local names of every term the model declares."""
    return {
        str(s)[len(str(MSCOS)) :]
        for s in model.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(MSCOS))
    }


def render(context: dict[str, Any]) -> str:
    return json.dumps(context, indent=2, ensure_ascii=False) + "\n"


def main() -> None:  # pragma: no cover - a maintenance entry point
    from pathlib import Path

    from mscos_kg.resources import ontology_dir, tables_dir

    model = Graph().parse(data=(tables_dir() / "model.ttl").read_text(encoding="utf-8"), format="turtle")
    target = Path(str(ontology_dir())) / "context.jsonld"
    target.write_text(render(build_context(model)), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":  # pragma: no cover
    main()
