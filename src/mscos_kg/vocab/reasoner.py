"""HermiT consistency check through owlready2 (the only module that imports owlready2)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDFS, XSD, Graph, Literal

# HermiT accepts only the OWL 2 datatype map. xsd:date, xsd:gYear and xsd:duration are outside
# it; their values never bear on class satisfiability, so the reasoner sees them as strings
# (and range axioms naming them are left out). The published files keep the real datatypes.
NON_OWL2_DATATYPES = {XSD.date, XSD.gYear, XSD.duration, XSD.gYearMonth, XSD.time}


@dataclass(frozen=True)
class ReasonerResult:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def java_available() -> bool:
    return shutil.which("java") is not None


def check_consistency(graph: Graph) -> ReasonerResult:
    """Run HermiT over the graph; report inconsistency and unsatisfiable classes."""
    import owlready2

    graph = _owl2_datatypes_only(graph)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mscos.nt"
        graph.serialize(destination=str(path), format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ReasonerResult(consistent=False, message=str(exc) or "the ontology is inconsistent")
        unsat = sorted(str(c.iri) for c in world.inconsistent_classes() if c is not owlready2.Nothing)
        return ReasonerResult(consistent=True, unsatisfiable=unsat)


def _owl2_datatypes_only(graph: Graph) -> Graph:
    out = Graph()
    for s, p, o in graph:
        if p == RDFS.range and o in NON_OWL2_DATATYPES:
            continue
        if isinstance(o, Literal) and o.datatype in NON_OWL2_DATATYPES:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


