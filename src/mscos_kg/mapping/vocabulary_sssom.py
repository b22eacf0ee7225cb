"""The vocabulary's own mappings as one SSSOM TSV: workshop outcomes to final outcomes, final
outcomes to COMET domains (both `mscos:Mapping` nodes), and the Round 0 lineage
(`prov:qualifiedDerivation` nodes).

Every link is the editors' reading of the source documents, recorded with its evidence, so each is
justified by semapv:ManualMappingCuration and the evidence is the row's `comment`. Lineage rows use
`prov:wasDerivedFrom` as the predicate (a derivation is not a SKOS match) and start their
`comment` with the derivation type (Same, Renamed, Merged, Split) and, where the graph states
one (`mscos:derivationStrength`), the strength in words: "Merged (weak). <evidence>". The strength
is not turned into a `confidence`: it is a category, and a number would be a judgement no one made.
`subject_source` / `object_source` name the concept schemes, so a reader can take one kind.
"""

from __future__ import annotations

from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from mscos_kg.mapping.model import Justification
from mscos_kg.mapping.sssom_tsv import BASE_PREFIXES, LICENSE, SSSOM_VERSION, contract, write_sssom
from mscos_kg.search.entries import MSCOS, label_of

SET_ID = "https://w3id.org/mscos/mappings/mscos.sssom.tsv"
PREFIXES = {
    **{k: v for k, v in BASE_PREFIXES.items() if k not in ("orcid", "sssom")},
    "prov": "http://www.w3.org/ns/prov#",
    "mscosscheme": "https://w3id.org/mscos/scheme/",
}
COLUMNS = (
    "subject_id", "subject_label", "subject_source", "predicate_id", "object_id", "object_label",
    "object_source", "mapping_justification", "author_label", "comment",
)
AUTHOR = "mscos-kg editors"


def _scheme(graph: Graph, node: URIRef) -> str:
    schemes = sorted(str(s) for s in graph.objects(node, SKOS.inScheme))
    return contract(schemes[0], PREFIXES) if schemes else ""


def _text(graph: Graph, node: Node, prop: URIRef) -> str:
    values = [o for o in graph.objects(node, prop) if isinstance(o, Literal)]
    english = [v for v in values if v.language in (None, "en")] or values
    return " ".join(str(sorted(english)[0]).split()) if english else ""


def _row(graph: Graph, subject: URIRef, predicate: str, obj: URIRef, comment: str) -> dict[str, str]:
    return {
        "subject_id": contract(str(subject), PREFIXES),
        "subject_label": label_of(graph, subject) or "",
        "subject_source": _scheme(graph, subject),
        "predicate_id": predicate,
        "object_id": contract(str(obj), PREFIXES),
        "object_label": label_of(graph, obj) or "",
        "object_source": _scheme(graph, obj),
        "mapping_justification": Justification.MANUAL.value,
        "author_label": AUTHOR,
        "comment": comment,
    }


def derivation_note(graph: Graph, node: URIRef) -> str:
    """'Merged', or with a stated strength 'Merged (weak)': words, never a number (decision 19)."""
    kind = graph.value(node, MSCOS.derivationType)
    note = str(kind).rsplit("/", 1)[-1] if kind is not None else "Derived"
    strength = graph.value(node, MSCOS.derivationStrength)
    if strength is not None:
        note += f" ({str(strength).rsplit('/', 1)[-1].removesuffix('Derivation').lower()})"
    return note


def vocabulary_mapping_rows(graph: Graph) -> list[dict[str, str]]:
    """One row per `mscos:Mapping` node and per derivation, sorted by subject, predicate, object."""
    rows = []
    for node in graph.subjects(RDF.type, MSCOS.Mapping):
        subject = graph.value(node, MSCOS.mappingSubject)
        obj = graph.value(node, MSCOS.mappingObject)
        predicate = graph.value(node, MSCOS.mappingPredicate)
        if not (isinstance(subject, URIRef) and isinstance(obj, URIRef) and isinstance(predicate, URIRef)):
            continue
        rows.append(_row(graph, subject, contract(str(predicate), PREFIXES), obj,
                         _text(graph, node, MSCOS.evidence)))
    for final, node in graph.subject_objects(PROV.qualifiedDerivation):
        origin = graph.value(node, PROV.entity)
        if not (isinstance(final, URIRef) and isinstance(origin, URIRef) and isinstance(node, URIRef)):
            continue
        rows.append(_row(graph, final, "prov:wasDerivedFrom", origin,
                         f"{derivation_note(graph, node)}. {_text(graph, node, MSCOS.evidence)}".strip()))
    rows.sort(key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))
    return rows


def vocabulary_sssom(graph: Graph) -> str:
    metadata: dict[str, object] = {
        "curie_map": PREFIXES,
        "mapping_set_id": SET_ID,
        "mapping_set_title": "MSCOS vocabulary mappings: workshop outcomes, COMET domains and Round 0 lineage",
        "mapping_set_description": "Curated links of the MSCOS vocabulary, each with the evidence the editors"
        " recorded for it (comment). Workshop outcomes map to final outcomes and final outcomes to COMET"
        " domains with SKOS mapping properties; final outcomes derive from Round 0 outcomes"
        " (prov:wasDerivedFrom, the derivation type first in the comment).",
        "license": LICENSE,
        "sssom_version": SSSOM_VERSION,
        "creator_label": [AUTHOR],
    }
    return write_sssom(metadata, COLUMNS, vocabulary_mapping_rows(graph))
