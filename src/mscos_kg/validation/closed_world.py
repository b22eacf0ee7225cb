"""The closed world of an upload: every triple is about a node the partner-dataset model knows.

The shapes see the data merged with the vocabulary extract, so they cannot tell a partner's
statement about an MSCOS term from the vocabulary's own; these rules read the data's triples
alone (decision record 0009):

* **ClosedWorld-Namespace**: a dataset's namespace is the IRI of its one `mscos:PartnerDataset`
  up to and including the last `/` or `#` (`https://partner.example/data/dataset` ->
  `https://partner.example/data/`). It may not lie inside the MSCOS namespace or a shared
  vocabulary's (W3C, Dublin Core, FOAF, schema.org).
* **ClosedWorld-Subject**: every subject is a blank node or an IRI in that namespace; a triple
  about any other IRI (a vocabulary term, another dataset's resource) is refused, triple by triple.
* **ClosedWorld-Typed**: every subject is typed by a class of the model, and by those classes only.
* **ClosedWorld-Instrument**: an instrument the dataset describes itself has a name and nothing else
  (the other classes are closed by their ClosedModel shapes).

Each refused triple is one result: focus node its subject, path its predicate, value its object.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from mscos_kg.validation.privacy import DEFAULT_THRESHOLD
from mscos_kg.validation.report import Severity, ValidationResult
from mscos_kg.validation.shapes import load_shapes
from mscos_kg.validation.terms import MSCOS, SHAPES

MODEL_CLASSES = frozenset(
    MSCOS[name]
    for name in (
        "PartnerDataset",
        "Organisation",
        "Intervention",
        "Evaluation",
        "OutcomeMeasurement",
        "AggregateResult",
        "LocalOutcome",
        "Instrument",
    )
)
#: Namespaces no partner dataset may take as its own: the project's and the shared vocabularies'.
RESERVED_NAMESPACES = (
    "https://w3id.org/mscos/",
    "http://www.w3.org/",
    "https://www.w3.org/",
    "http://purl.org/dc/",
    "http://xmlns.com/foaf/",
    "https://schema.org/",
    "http://schema.org/",
)
_INSTRUMENT_PROPERTIES = frozenset({RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, DCTERMS.description,
                                    RDFS.comment, RDFS.seeAlso})

def namespace_of(dataset: URIRef) -> str:
    """The namespace a dataset IRI fixes: the IRI up to and including its last '/' or '#'."""
    iri = str(dataset)
    cut = max(iri.rfind("/"), iri.rfind("#"))
    return iri[: cut + 1]


def dataset_namespace(data: Graph) -> str | None:
    """The namespace of the data's one mscos:PartnerDataset IRI; None without exactly one."""
    datasets = set(data.subjects(RDF.type, MSCOS.PartnerDataset))
    if len(datasets) != 1:
        return None
    (dataset,) = datasets
    return namespace_of(dataset) if isinstance(dataset, URIRef) else None


def reserved(namespace: str) -> bool:
    """True if the namespace lies inside (or contains) a namespace no partner may take."""
    return any(namespace.startswith(r) or r.startswith(namespace) for r in RESERVED_NAMESPACES)


def own_namespace(datasets: Sequence[Node]) -> str | None:
    """The namespace the data's datasets fix, if it may be theirs: None without exactly one IRI
    dataset, or when that namespace is reserved or not on the web (ClosedWorld-Namespace)."""
    if len(datasets) != 1 or not isinstance(datasets[0], URIRef):
        return None
    namespace = namespace_of(datasets[0])
    return None if reserved(namespace) or not _is_web_namespace(namespace) else namespace


# What a subject's rdf:type objects are, as bits (so that an index can keep them in an int):
TYPED = 1  # it has a type
OUTSIDE = 2  # a type that is no class of the model
MODEL = 4  # a class of the model other than mscos:Instrument
_MODEL_TEXT = frozenset(f"<{c}>" for c in MODEL_CLASSES)
_INSTRUMENT_TEXT = f"<{MSCOS.Instrument}>"


def type_flag(kind: str) -> int:
    """The bits of one rdf:type object, written as N-Triples (`<iri>`; anything else is outside)."""
    if kind == _INSTRUMENT_TEXT:
        return TYPED
    return TYPED | (MODEL if kind in _MODEL_TEXT else OUTSIDE)


def subject_verdict(subject: str, flags: int, namespace: str | None) -> str | None:
    """The rule a subject's triples answer to: Subject, Typed or Instrument; None if all pass.

    `subject` is written as N-Triples (`<iri>` or `_:label`), `flags` are its types' bits
    (`type_flag`, or-ed), `namespace` the dataset's own (`own_namespace`). The streamed
    validator uses it to find the few subjects worth judging without reading their triples.
    """
    if subject.startswith("<") and (namespace is None or not subject.startswith(namespace, 1)):
        return "Subject"
    if not flags & TYPED or flags & OUTSIDE:
        return "Typed"
    return None if flags & MODEL else "Instrument"


def check_closed_world(data: Graph) -> list[ValidationResult]:
    """The closed-world results of the data's own triples (see the module's docstring)."""
    results: list[ValidationResult] = []
    datasets = sorted(data.subjects(RDF.type, MSCOS.PartnerDataset), key=str)
    namespace = own_namespace(datasets)
    if datasets and namespace is None:
        results += [_result("Namespace", d, RDF.type, MSCOS.PartnerDataset) for d in datasets]
    rdf_type = RDF.type
    flags: dict[Node, int] = defaultdict(int)
    for s, o in data.subject_objects(rdf_type):
        flags[s] |= type_flag(f"<{o}>" if isinstance(o, URIRef) else "")
    # Each subject's verdict once (its namespace, its types); each of its triples is then judged.
    verdicts: dict[Node, str | None] = {}
    for s, p, o in data:
        verdict = verdicts.get(s, "")
        if verdict == "":
            text = f"<{s}>" if isinstance(s, URIRef) else "_:"
            verdict = verdicts[s] = subject_verdict(text, flags.get(s, 0), namespace)
        if verdict is None:
            continue
        if verdict == "Subject":
            if datasets:  # without a dataset, DatasetDescribed says what is wrong
                results.append(_result("Subject", s, p, o))
        elif verdict == "Typed":
            if p != rdf_type or o not in MODEL_CLASSES:
                results.append(_result("Typed", s, p, o))
        elif p not in _INSTRUMENT_PROPERTIES:
            results.append(_result("Instrument", s, p, o))
    return sorted(results, key=ValidationResult.sort_key)


def _is_web_namespace(namespace: str) -> bool:
    head, sep, rest = namespace.partition("://")
    return bool(sep) and head in ("http", "https") and "/" in rest and rest.split("/", 1)[0] != ""


def _result(rule: str, focus: Node, path: Node, value: Node) -> ValidationResult:
    shape = SHAPES[f"ClosedWorld-{rule}"]
    message = str(load_shapes(DEFAULT_THRESHOLD).value(shape, SH.message) or "")  # one source: the shapes file
    return ValidationResult(
        severity=Severity.VIOLATION,
        focus_node=focus,
        path=path,
        value=value if isinstance(value, URIRef | BNode | Literal) else None,
        source_shape=shape,
        constraint=SH.ClosedConstraintComponent,
        message=message,
        rule="ClosedWorld",
    )


__all__ = [
    "MODEL_CLASSES",
    "check_closed_world",
    "dataset_namespace",
    "namespace_of",
    "own_namespace",
    "reserved",
    "subject_verdict",
    "type_flag",
]
