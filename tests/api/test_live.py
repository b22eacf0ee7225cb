"""Resolution, search and reconciliation through a real server (uvicorn, uvloop, httptools)."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.server


def test_resolution_over_http(live_server: str) -> None:
    with httpx.Client(base_url=live_server) as http:
        jsonld = http.get("/id/000101", headers={"Accept": "application/ld+json"})
        assert jsonld.status_code == 200
        assert jsonld.headers["content-type"] == "application/ld+json"
        assert "Accept" in jsonld.headers["vary"]
        head = http.head("/id/000101", headers={"Accept": "application/ld+json"})
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == jsonld.headers["content-length"]
        cached = http.get("/id/000101", headers={"Accept": "application/ld+json",
                                                  "If-None-Match": jsonld.headers["etag"]})
        assert cached.status_code == 304
        assert http.get("/id/000101", headers={"Accept": "image/png"}).status_code == 406


def test_reconciliation_over_http_with_cors(live_server: str) -> None:
    with httpx.Client(base_url=live_server) as http:
        response = http.post("/reconcile", data={"queries": json.dumps({"q0": {"query": "Access to education"}})},
                             headers={"Origin": "https://openrefine.example"})
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "*"
        assert response.json()["q0"]["result"][0]["id"] == "000107"


def test_request_bodies_are_not_logged(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    secret = "survivor-name-that-must-not-be-logged"
    with caplog.at_level(logging.DEBUG):
        client.post("/reconcile", data={"queries": json.dumps({"q0": {"query": secret, "type": "Bogus"}})})
        client.post("/reconcile", data={"queries": "{" + secret})
    assert secret not in caplog.text
