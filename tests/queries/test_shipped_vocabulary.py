"""The shipped vocabulary on both stores: the quality checks return no rows; its qualified links are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from mscos_kg.queries import Catalog, run_checks, run_query
from mscos_kg.resources import ontology_file
from mscos_kg.store import RemoteStore, Store
from mscos_kg.store.dialect import VIRTUOSO
from mscos_kg.store.loading import load_vocabulary
from mscos_kg.store.results import SelectResult
from tests.queries.test_manifest import _BOOLEAN


def test_every_check_passes_on_the_shipped_vocabulary(store: Store, catalog: Catalog) -> None:
    load_vocabulary(store, Path(str(ontology_file())))
    failures = {o.query.name: o.result.rows[:5] for o in run_checks(store, catalog) if not o.passed}
    assert failures == {}


def test_interventions_for_outcome_reports_the_inferred_link_of_the_shipped_vocabulary_as_not_stated(
    store: Store, catalog: Catalog, request: pytest.FixtureRequest
) -> None:
    """The Florida Freedom Partnership (001119) names CO1 as its primary outcome (stated) and
    addresses CO6 by our inference (issue 15: inferred links looked stated)."""
    if isinstance(store, RemoteStore) and store.dialect is VIRTUOSO:  # documented in the query's file
        request.node.add_marker(pytest.mark.xfail(reason=_BOOLEAN, strict=True))
    load_vocabulary(store, Path(str(ontology_file())))
    query = catalog.get("interventions_for_outcome")
    stated = {}
    for outcome in ("CO1", "CO6"):
        result = run_query(store, query, {"outcome": outcome})
        assert isinstance(result, SelectResult)
        rows = [dict(zip(result.variables, row, strict=True)) for row in result.rows]
        (row,) = [r for r in rows if str(r["intervention"].value).endswith("/id/001119")]
        stated[outcome] = row["stated"].value
    assert stated == {"CO1": "true", "CO6": "false"}
