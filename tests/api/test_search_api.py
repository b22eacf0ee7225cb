"""/search and /suggest: ranking bands, filters, deprecated concepts, limits."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from mscos_api.deps import get_vocabulary
from mscos_api.vocabulary import Vocabulary

DATA = Path(__file__).resolve().parents[1] / "data"


def test_exact_label_comes_first_then_prefix_then_text(client: TestClient) -> None:
    body = client.get("/search", params={"q": "Access to education"}).json()
    first = body["items"][0]
    assert first["notation"] == "CO7" and first["match"] == "label" and first["score"] == 100
    prefix = client.get("/search", params={"q": "Access to med"}).json()["items"][0]
    assert prefix["notation"] == "CO6" and prefix["match"] == "label_prefix"
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)


def test_notation_is_an_exact_match(client: TestClient) -> None:
    first = client.get("/search", params={"q": "ll.saf.2"}).json()["items"][0]
    assert first["notation"] == "LL.SAF.2" and first["match"] == "notation"


def test_indicator_text_finds_its_outcome(client: TestClient) -> None:
    body = client.get("/search", params={"q": "registered with a GP", "type": "FinalOutcome"}).json()
    assert body["items"][0]["notation"] == "CO6"
    assert body["items"][0]["match"] == "text"


def test_type_and_scheme_filters(client: TestClient) -> None:
    indicators = client.get("/search", params={"q": "safe", "type": "mscos:Indicator"}).json()["items"]
    assert indicators and all("mscos:Indicator" in i["types"] for i in indicators)
    core = client.get("/search", params={"q": "support", "scheme": "core"}).json()["items"]
    assert core and all(i["notation"].startswith("CO") for i in core)
    assert client.get("/search", params={"q": "x", "type": "Nope"}).json()["error"]["code"] == "unknown_type"


def test_query_length_is_limited(client: TestClient) -> None:
    response = client.get("/search", params={"q": "a" * 501})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_parameter"


def test_suggest_completes_labels_and_notations(client: TestClient) -> None:
    labels = [i["label"] for i in client.get("/suggest", params={"q": "acc"}).json()["items"]]
    assert labels[0] == "Access to education"  # published outcomes before earlier-stage namesakes
    notations = [i["notation"] for i in client.get("/suggest", params={"q": "CO"}).json()["items"]]
    assert notations[:7] == [f"CO{i}" for i in range(1, 8)]
    item = client.get("/suggest", params={"q": "secure and s"}).json()["items"][0]
    assert item["href"] == "/id/000101"


def test_deprecated_concepts_are_left_out_unless_asked(make_client) -> None:  # type: ignore[no-untyped-def]
    vocabulary = Vocabulary((DATA / "deprecated.ttl").read_bytes(), "https://w3id.org/mscos/")
    test_client = make_client()
    test_client.app.dependency_overrides[get_vocabulary] = lambda: vocabulary
    default = [i["notation"] for i in test_client.get("/search", params={"q": "sleep"}).json()["items"]]
    assert default == ["T.2"]
    asked = test_client.get("/search", params={"q": "sleep quality", "include_deprecated": True}).json()["items"]
    assert asked[0]["notation"] == "T.1" and asked[0]["deprecated"] is True
    assert asked[0]["replaced_by"][0]["iri"].endswith("900002")


def test_search_total_counts_every_match_not_the_page(client: TestClient) -> None:
    # Regression: `total` was the page size (`/search?q=housing`: 10; with limit=50: 26).
    everything = client.get("/search", params={"q": "housing", "limit": 100}).json()
    assert 10 < everything["total"] == len(everything["items"]) < 100
    for limit in (1, 10, 50):
        page = client.get("/search", params={"q": "housing", "limit": limit}).json()
        assert page["total"] == everything["total"]
        assert page["items"] == everything["items"][:limit]
    filtered = client.get("/search", params={"q": "housing", "type": "CoreOutcome", "limit": 1}).json()
    assert filtered["total"] == len(client.get("/search", params={"q": "housing", "type": "CoreOutcome",
                                                                  "limit": 100}).json()["items"])
    assert client.get("/search", params={"q": "zzzzqqq"}).json()["total"] == 0


def test_search_page_says_how_many_match_beyond_those_shown(client: TestClient) -> None:
    total = client.get("/search", params={"q": "support", "limit": 100}).json()["total"]
    assert total > 50  # more than the page shows (SEARCH_LIMIT)
    html = client.get("/search.html", params={"q": "support"}).text
    assert f"{total} results for <q>support</q> (the first 50 shown)" in html
