"""The coverage page's data: evaluations of accepted partner datasets x the seven core outcomes.

The matrix is the named query ``core_outcome_coverage`` (the same as
``/queries/core_outcome_coverage``); a second, fixed query says which named graph each
evaluation is in, so that only accepted partner datasets count (the vocabulary describes a few
evaluations of its own, from the toolkit). Nothing a user sends reaches either query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyoxigraph import Literal, NamedNode

from mscos_kg.queries import Catalog, run_query
from mscos_kg.store.layout import StoreLayout
from mscos_kg.store.results import SelectResult

from ..datasets import dataset_records
from ..models import Ref
from .charts import Row

#: Which graph each evaluation is in, with its label and its intervention's label.
EVALUATION_GRAPHS = """
PREFIX mscos: <https://w3id.org/mscos/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?graph ?evaluation (SAMPLE(?l) AS ?label) (SAMPLE(?il) AS ?interventionLabel)
WHERE {
  GRAPH ?graph {
    ?evaluation a mscos:Evaluation ; mscos:evaluates ?intervention .
    OPTIONAL { ?evaluation rdfs:label ?l }
    OPTIONAL { ?intervention rdfs:label ?il }
  }
}
GROUP BY ?graph ?evaluation
"""


@dataclass(frozen=True)
class EvaluationRow:
    evaluation: str
    label: str
    intervention: str
    dataset: str
    reported: tuple[bool, ...]

    def chart_row(self) -> Row:
        return Row(self.label, f"{self.intervention} · dataset {self.dataset}", self.reported)


@dataclass(frozen=True)
class Coverage:
    columns: list[Ref]
    rows: list[EvaluationRow]
    datasets: list[Any]  # GraphRecord of each accepted dataset

    @property
    def counts(self) -> list[int]:
        return [sum(1 for r in self.rows if r.reported[j]) for j in range(len(self.columns))]

    @property
    def complete(self) -> int:
        return sum(1 for r in self.rows if all(r.reported))


def _text(term: object) -> str:
    if isinstance(term, NamedNode | Literal):
        return term.value
    return "" if term is None else str(term)


def compute(store: Any, catalog: Catalog, base_iri: str, columns: list[Ref]) -> Coverage:
    """Blocking (store queries): run it in a worker thread."""
    layout = StoreLayout(base_iri)
    matrix = run_query(store, catalog.get("core_outcome_coverage"), {}, base_iri=base_iri)
    places = store.select(EVALUATION_GRAPHS)
    assert isinstance(matrix, SelectResult)
    where: dict[str, tuple[str, str, str]] = {}
    for row in places.as_dicts():
        graph = row.get("graph")
        if isinstance(graph, NamedNode) and layout.is_dataset_graph(graph):
            evaluation = _text(row.get("evaluation"))
            where[evaluation] = (layout.dataset_id(graph), _text(row.get("label")) or evaluation,
                                 _text(row.get("interventionLabel")))
    notations = [c.notation or "" for c in columns]
    rows = []
    for row in matrix.as_dicts():
        evaluation = _text(row.get("evaluation"))
        if evaluation not in where:
            continue
        dataset, label, intervention = where[evaluation]
        reported = tuple(_text(row.get(n)) == "1" for n in notations)
        rows.append(EvaluationRow(evaluation, label, intervention or "(intervention without a name)", dataset,
                                  reported))
    rows.sort(key=lambda r: (-sum(r.reported), r.dataset, r.label))
    return Coverage(columns, rows, dataset_records(store, layout))
