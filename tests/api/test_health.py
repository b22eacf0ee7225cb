from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from mscos_kg import __version__


def test_health_answers_200_with_the_vocabulary_loaded(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "vocabulary_loaded": True}


def test_version_names_the_package_version_and_base(client: TestClient) -> None:
    body = client.get("/version").json()
    assert body["version"] == __version__
    assert body["base_iri"] == "https://w3id.org/mscos/"


def test_unknown_path_is_a_structured_404_without_a_trace(client: TestClient) -> None:
    response = client.get("/no/such/path")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert "Traceback" not in response.text


@pytest.mark.server
def test_live_server_serves_health(live_server: str) -> None:
    assert httpx.get(f"{live_server}/health").status_code == 200
