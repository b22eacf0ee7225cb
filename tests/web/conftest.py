"""Fixtures of the web front's tests: one app with the example partner datasets accepted.

The store is in memory; the four valid example datasets are loaded through the library (the
same path as ``PUT /datasets``), so the coverage page has evaluations to show.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from mscos_api.app import create_app

from mscos_kg.config import Settings
from mscos_kg.store.loading import LoadOptions, load_partner_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ACCEPTED = {
    "complete": "complete-evaluation.ttl",
    "ffp": "florida-freedom-partnership.ttl",
    "tcp": "thriving-conversation-project.ttl",
    "lift": "learn-to-identify-and-fight-trafficking.ttl",
}
INVALID_SPREADSHEET = EXAMPLES / "invalid" / "missing-core-outcomes.csv"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def load_examples(app: FastAPI) -> None:
    for dataset_id, name in ACCEPTED.items():
        load_partner_file(app.state.store, EXAMPLES / name, LoadOptions(submitter="examples", dataset_id=dataset_id))


@pytest.fixture(scope="session")
def web_app() -> FastAPI:
    return create_app(Settings(store="memory"), warm=False)


@pytest.fixture(scope="session")
def web(web_app: FastAPI) -> Iterator[TestClient]:
    """A started client of an app whose store holds the accepted example datasets."""
    with TestClient(web_app) as client:
        load_examples(web_app)
        yield client


@pytest.fixture(scope="session")
def empty_web() -> Iterator[TestClient]:
    """A started client of an app with no partner data."""
    with TestClient(create_app(Settings(store="memory"), warm=False)) as client:
        yield client


@pytest.fixture
def make_deprecated_client() -> Iterator[TestClient]:
    """An app serving the small vocabulary with a deprecated concept (tests/data/deprecated.ttl)."""
    from mscos_api.deps import get_vocabulary
    from mscos_api.vocabulary import Vocabulary

    vocabulary = Vocabulary((ROOT / "tests" / "data" / "deprecated.ttl").read_bytes(), "https://w3id.org/mscos/")
    app = create_app(Settings(store="memory"), warm=False)
    app.dependency_overrides[get_vocabulary] = lambda: vocabulary
    with TestClient(app) as client:
        yield client
