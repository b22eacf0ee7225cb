"""The OWL 2 datatype map, and where a graph steps outside it (decision 0013).

OWL 2 DL reasoners (HermiT, as in Protege) accept only the datatypes of the OWL 2 datatype map
in axioms: a range or a data property value typed xsd:date, xsd:gYear or xsd:duration makes
HermiT refuse the whole ontology. Annotation values are outside that rule (the OWL working group
members concur, and the OWL API's profile checker agrees), so document dates stay xsd:date as
values of properties declared owl:AnnotationProperty.
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

#: OWL 2 Structural Specification, section 4 (and rdf:langString, RDF 1.1's name for tagged strings).
OWL2_DATATYPES = frozenset({
    OWL.real, OWL.rational, RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal, RDF.langString,
    XSD.decimal, XSD.integer, XSD.nonNegativeInteger, XSD.nonPositiveInteger, XSD.positiveInteger,
    XSD.negativeInteger, XSD.long, XSD.int, XSD.short, XSD.byte, XSD.unsignedLong, XSD.unsignedInt,
    XSD.unsignedShort, XSD.unsignedByte, XSD.double, XSD.float, XSD.string, XSD.normalizedString,
    XSD.token, XSD.language, XSD.Name, XSD.NCName, XSD.NMTOKEN, XSD.boolean, XSD.hexBinary,
    XSD.base64Binary, XSD.anyURI, XSD.dateTime, XSD.dateTimeStamp,
})

#: Annotation properties OWL 2 builds in; others must be declared owl:AnnotationProperty.
BUILT_IN_ANNOTATIONS = frozenset({
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo, OWL.deprecated,
    OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
})


def datatype_problems(graph: Graph) -> list[str]:
    """Ranges and axiom values whose datatype is outside the OWL 2 datatype map."""
    annotations = BUILT_IN_ANNOTATIONS | {p for p in graph.subjects(RDF.type, OWL.AnnotationProperty)
                                          if isinstance(p, URIRef)}
    problems = set()
    for prop, dtype in graph.subject_objects(RDFS.range):
        if isinstance(dtype, URIRef) and str(dtype).startswith(str(XSD)) and dtype not in OWL2_DATATYPES:
            problems.add(f"{prop} rdfs:range {dtype}: outside the OWL 2 datatype map")
    for _s, p, o in graph:
        if isinstance(o, Literal) and o.datatype is not None and o.datatype not in OWL2_DATATYPES \
                and p not in annotations:
            problems.add(f"{p} has a value typed {o.datatype} (outside the OWL 2 datatype map) and is not "
                         "declared owl:AnnotationProperty")
    return sorted(problems)
