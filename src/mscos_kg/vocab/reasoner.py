"""HermiT consistency check through owlready2 (the only module that imports owlready2).

The vocabulary is OWL 2 DL as published (decision 0013): HermiT gets the graph unmodified.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph


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
    """Run HermiT over the graph as it is; report inconsistency and unsatisfiable classes."""
    import owlready2

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


def hermit_jar() -> Path:
    """owlready2's HermiT jar (HermiT 1.4 with the OWL API it parses with)."""
    import owlready2

    return Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"


def check_file(path: Path, timeout: float = 300) -> ReasonerResult:
    """HermiT's own command line (owlready2's jar, the OWL API parser Protege uses) on a published
    file exactly as it is, Turtle included: nothing is converted or left out first."""
    import subprocess

    jar = hermit_jar()
    classpath = os.pathsep.join((str(jar.parent), str(jar)))
    proc = subprocess.run(
        ["java", "-Xmx1000M", "-cp", classpath, "org.semanticweb.HermiT.cli.CommandLine", "-k", "-U",
         path.resolve().as_uri()],
        capture_output=True, text=True, timeout=timeout, check=False)
    output = proc.stdout + proc.stderr
    if proc.returncode != 0 or "Exception" in output:
        lines = [line for line in output.splitlines() if "Exception" in line] or output.splitlines()[-3:]
        return ReasonerResult(consistent=False, message=" ".join(lines).strip() or f"exit {proc.returncode}")
    if "owl#Thing is satisfiable" not in output:
        return ReasonerResult(consistent=False, message=output.strip()[:500])
    unsat = []
    if "Classes equivalent to 'owl:Nothing':" in output:
        listed = output.split("Classes equivalent to 'owl:Nothing':", 1)[1].split()
        unsat = sorted(c for c in listed if c not in ("owl:Nothing", "<http://www.w3.org/2002/07/owl#Nothing>"))
    return ReasonerResult(consistent=True, unsatisfiable=unsat)
