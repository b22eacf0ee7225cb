"""The vocabulary's quality gates, run by `mscos check` and by the tests."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rdflib import OWL, RDF, SKOS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from mscos_kg.resources import ontology_file, shapes_dir, sparql_dir
from mscos_kg.vocab.build import build_vocabulary
from mscos_kg.vocab.builder import MSCOS
from mscos_kg.vocab.export import FORMATS, load_vocabulary, scheme_graph, scheme_iris, serialize
from mscos_kg.vocab.verbatim import SOURCE_KEYS, fold, folded_document

VERBATIM_PROPERTIES = (SKOS.definition, MSCOS.quote, MSCOS.descriptorQuote, MSCOS.survivorQuote, SKOS.scopeNote)


@dataclass(frozen=True)
class GateResult:
    name: str
    passed: bool
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: str = ""


Gate = Callable[[Graph], list[str]]


def gate_build_current(vocab: Graph) -> list[str]:
    """The committed ontology/mscos.ttl equals a fresh build of the tables."""
    fresh = build_vocabulary()
    if isomorphic(fresh, vocab):
        return []
    missing = len(fresh - vocab)
    extra = len(vocab - fresh)
    return [f"ontology/mscos.ttl is stale ({missing} triples missing, {extra} extra): run `mscos vocab build`"]


def gate_round_trip(vocab: Graph) -> list[str]:
    problems = []
    for name, spec in FORMATS.items():
        again = Graph().parse(data=serialize(vocab, name), format=spec.rdflib_format)
        if not isomorphic(again, vocab):
            problems.append(f"{name}: round trip is not isomorphic ({len(vocab - again)} triples lost)")
    return problems


def _shacl(data: Graph, shapes: Graph) -> list[str]:
    from pyshacl import validate

    conforms, report, _ = validate(data, shacl_graph=shapes, allow_warnings=True, advanced=True)
    if conforms:
        return []
    assert isinstance(report, Graph)
    sh = "http://www.w3.org/ns/shacl#"
    problems = []
    for result in report.subjects(RDF.type, URIRef(sh + "ValidationResult")):
        severity = report.value(result, URIRef(sh + "resultSeverity"))
        if severity != URIRef(sh + "Violation"):
            continue
        focus = report.value(result, URIRef(sh + "focusNode"))
        message = report.value(result, URIRef(sh + "resultMessage"))
        problems.append(f"{focus}: {message}")
    return sorted(problems)


def gate_skos_shapes(vocab: Graph) -> list[str]:
    shapes = Graph().parse(data=(shapes_dir() / "vocabulary.ttl").read_text(encoding="utf-8"), format="turtle")
    return _shacl(vocab, shapes)


def gate_check_queries(vocab: Graph) -> list[str]:
    """Every sparql/check_*.rq returns zero rows on the vocabulary."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(vocab.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    problems = []
    for item in sorted(sparql_dir().iterdir(), key=lambda p: p.name):
        if not (item.name.startswith("check_") and item.name.endswith(".rq")):
            continue
        rows = list(store.query(item.read_text(encoding="utf-8")))  # type: ignore[arg-type]
        for row in rows[:20]:
            problems.append(f"{item.name}: {' '.join(str(v) for v in row)}")
        if len(rows) > 20:
            problems.append(f"{item.name}: ... and {len(rows) - 20} more rows")
    return problems


def gate_vocpub(vocab: Graph) -> list[str]:
    shapes = Graph().parse(
        data=(shapes_dir() / "vocpub" / "validator.ttl").read_text(encoding="utf-8"), format="turtle")
    problems = []
    for scheme in scheme_iris(vocab):
        problems += [f"{scheme}: {p}" for p in _shacl(scheme_graph(vocab, scheme), shapes)]
    return problems


def _cited_documents(vocab: Graph, subject: URIRef) -> set[str]:
    docs = set()
    for src in vocab.objects(subject, DCTERMS.source):
        path = str(src).split("/source/", 1)[-1]
        docs.add(path.split("/", 1)[0])
    return {d for d in docs if d in SOURCE_KEYS}


def gate_verbatim(vocab: Graph) -> list[str]:
    """Quoted text is verbatim from a document the subject cites (editorial text is marked as such)."""
    problems = []
    for prop in VERBATIM_PROPERTIES:
        for s, o in vocab.subject_objects(prop):
            if not isinstance(s, URIRef) or not isinstance(o, Literal) or str(s).startswith(str(MSCOS)):
                continue
            if "/scheme/" in str(s) or (prop == SKOS.definition and _is_editorial(vocab, s)):
                continue
            docs = _cited_documents(vocab, s)
            if not docs:
                problems.append(f"{s}: {prop.n3(vocab.namespace_manager)} cites no source document")
            elif not any(fold(str(o)) in folded_document(d) for d in docs):
                problems.append(f"{s}: {prop.n3(vocab.namespace_manager)} is not verbatim in {sorted(docs)}: "
                                f"{str(o)[:80]!r}")
    return problems


def _is_editorial(vocab: Graph, s: URIRef) -> bool:
    return any("composed by the mscos-kg project" in str(n) for n in vocab.objects(s, SKOS.editorialNote)) or any(
        str(src).endswith("/source/editorial") or str(src).endswith("/source/dodd2018")
        for src in vocab.objects(s, DCTERMS.source))


def gate_declared_terms(vocab: Graph) -> list[str]:
    """Every mscos: term the data uses is declared in the ontology."""
    declared = {s for s in vocab.subjects(RDF.type, None) if str(s).startswith(str(MSCOS))}
    used: set[URIRef] = set()
    for _s, p, o in vocab:
        for node in (p, o) if p != RDF.type else (o,):
            if isinstance(node, URIRef) and str(node).startswith(str(MSCOS)):
                used.add(node)
    return [f"{t} is used but not declared in ontology/src/model.ttl" for t in sorted(used - declared)]


def gate_owl2_datatypes(vocab: Graph) -> list[str]:
    """Axioms use only the OWL 2 datatype map, so OWL 2 DL tools accept the file unmodified."""
    from mscos_kg.vocab.owl2 import datatype_problems

    return datatype_problems(vocab)


def gate_reasoner(vocab: Graph) -> list[str]:
    from mscos_kg.vocab.reasoner import check_consistency

    result = check_consistency(vocab)
    if not result.consistent:
        return [f"inconsistent: {result.message}"]
    return [f"unsatisfiable class: {c}" for c in result.unsatisfiable]


def gate_every_concept_in_scheme(vocab: Graph) -> list[str]:
    return [f"{c} is in no concept scheme" for c in vocab.subjects(RDF.type, SKOS.Concept)
            if (c, SKOS.inScheme, None) not in vocab and not str(c).startswith(str(MSCOS))
            and (c, RDF.type, OWL.Class) not in vocab]


GATES: dict[str, Gate] = {
    "parses and is built from the current tables": gate_build_current,
    "round-trips through Turtle, JSON-LD, RDF/XML and N-Triples": gate_round_trip,
    "mscos terms used are declared": gate_declared_terms,
    "every concept is in a scheme": gate_every_concept_in_scheme,
    "SKOS integrity shapes (shapes/vocabulary.ttl)": gate_skos_shapes,
    "quality queries (sparql/check_*.rq) return no rows": gate_check_queries,
    "each concept scheme conforms to VocPub 5.6": gate_vocpub,
    "descriptors and quotes are verbatim from their sources": gate_verbatim,
    "OWL 2 DL datatypes: axioms use only the OWL 2 datatype map": gate_owl2_datatypes,
    "consistent under HermiT, no unsatisfiable classes": gate_reasoner,
}


def run_gates(skip: frozenset[str] = frozenset()) -> Iterator[GateResult]:
    """Run every gate over the shipped vocabulary; a gate that raises fails with its message."""
    try:
        vocab = load_vocabulary()
    except Exception as exc:  # a broken file is a failed gate, reported, not a traceback
        yield GateResult("parses and is built from the current tables", False, [f"{ontology_file()}: {exc}"])
        return
    for name, gate in GATES.items():
        if name in skip:
            yield GateResult(name, True, skipped="skipped on request")
            continue
        start = time.perf_counter()
        try:
            problems = gate(vocab)
        except Exception as exc:
            problems = [f"{type(exc).__name__}: {exc}"]
        yield GateResult(name, not problems, problems, time.perf_counter() - start)
