"""The quality checks return no rows on the shipped vocabulary, on both stores."""

from __future__ import annotations

from pathlib import Path

from mscos_kg.queries import Catalog, run_checks
from mscos_kg.resources import ontology_file
from mscos_kg.store import Store
from mscos_kg.store.loading import load_vocabulary


def test_every_check_passes_on_the_shipped_vocabulary(store: Store, catalog: Catalog) -> None:
    load_vocabulary(store, Path(str(ontology_file())))
    failures = {o.query.name: o.result.rows[:5] for o in run_checks(store, catalog) if not o.passed}
    assert failures == {}
