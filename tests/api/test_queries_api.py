"""/queries: the named-query catalog over HTTP, typed parameters, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from mscos_api.sparql_results import capped_json

from mscos_kg.config import Settings
from mscos_kg.queries import Catalog
from mscos_kg.store import StoreError

CO1 = "https://w3id.org/mscos/id/000101"


def test_queries_api_lists_every_named_query_with_its_metadata(client: TestClient) -> None:
    response = client.get("/queries")
    assert response.status_code == 200
    listed = {q["name"]: q for q in response.json()["queries"]}
    assert sorted(listed) == Catalog.load().names()
    one = listed["interventions_for_outcome"]
    assert one["title"] and one["description"] and one["examples"]
    assert one["form"] == "SELECT" and one["check"] is False and one["href"] == "/queries/interventions_for_outcome"
    assert one["parameters"] == [
        {"name": "outcome", "type": "outcome", "required": True,
         "description": "The outcome, e.g. 000101 or its full IRI.",
         "expected": "an outcome of the MSCOS (core or longlist): a six-digit MSCOS id (000101), a notation "
                     "(CO1), a prefixed name (id:000101) or a full IRI"}
    ]
    assert listed["check_s13_disjoint_labels"]["check"] is True


def test_queries_api_runs_a_query_as_compact_json(client: TestClient) -> None:
    response = client.get("/queries/core_outcomes")
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "core_outcomes" and body["parameters"] == {} and body["truncated"] is False
    assert body["variables"][:3] == ["notation", "outcome", "label"]
    notations = {row["notation"] for row in body["rows"]}
    assert notations == {f"CO{i}" for i in range(1, 8)}
    first = next(row for row in body["rows"] if row["notation"] == "CO1")
    assert first["outcome"] == CO1 and first["label"] == "Secure and suitable housing"


@pytest.mark.parametrize("how", ["format", "accept"])
def test_queries_api_runs_a_query_as_csv(client: TestClient, how: str) -> None:
    if how == "format":
        response = client.get("/queries/core_outcomes", params={"format": "csv"})
    else:
        response = client.get("/queries/core_outcomes", headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["notation"] for r in rows} == {f"CO{i}" for i in range(1, 8)}


def test_queries_api_sparql_json_on_request(client: TestClient) -> None:
    response = client.get("/queries/core_outcomes", params={"format": "srj"})
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert response.json()["head"]["vars"][0] == "notation"


@pytest.mark.parametrize("value", ["000101", CO1])
def test_queries_api_binds_typed_parameters_by_get_and_post(client: TestClient, value: str) -> None:
    by_get = client.get("/queries/interventions_for_outcome", params={"outcome": value})
    by_json = client.post("/queries/interventions_for_outcome", json={"outcome": value})
    by_form = client.post("/queries/interventions_for_outcome", data={"outcome": value})
    assert by_get.status_code == by_json.status_code == by_form.status_code == 200
    assert by_get.json()["rows"] == by_json.json()["rows"] == by_form.json()["rows"]
    assert by_get.json()["rows"], "CO1 has interventions in the vocabulary"
    assert {row["outcome"] for row in by_get.json()["rows"]} == {CO1}


@pytest.mark.parametrize(
    ("params", "code", "parameter"),
    [
        ({}, "missing_parameter", "outcome"),
        ({"outcome": "not an iri"}, "invalid_parameter", "outcome"),
        ({"outcome": "000101", "colour": "red"}, "unknown_parameter", "colour"),
    ],
)
def test_queries_api_parameter_errors_are_400_naming_the_parameter(
    client: TestClient, params: dict[str, str], code: str, parameter: str
) -> None:
    for response in (
        client.get("/queries/interventions_for_outcome", params=params),
        client.post("/queries/interventions_for_outcome", json=params),
        client.post("/queries/interventions_for_outcome", data=params),
        client.get("/queries/interventions_for_outcome", params={**params, "format": "csv"}),
    ):
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == code and error["parameter"] == parameter
        assert parameter in error["message"]


@pytest.mark.parametrize(
    ("query", "params", "status", "code", "says"),
    [
        ("interventions_for_outcome", {"outcome": "000999"}, 404, "unknown_identifier", "holds nothing"),
        ("interventions_for_outcome", {"outcome": "CO99"}, 404, "unknown_identifier", "holds nothing"),
        ("interventions_for_outcome", {"outcome": "foo:000101"}, 400, "invalid_parameter", "unknown prefix"),
        ("gap_analysis", {"intervention": "000101"}, 400, "wrong_kind", "is a core outcome"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "srj", "csv"])
def test_queries_api_unknown_or_wrong_kind_identifiers_are_refused_saying_so(
    client: TestClient, query: str, params: dict[str, str], status: int, code: str, says: str, fmt: str
) -> None:
    response = client.get(f"/queries/{query}", params={**params, "format": fmt})
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and says in error["message"] and error["parameter"] in params


@pytest.mark.parametrize("value", ["000101", "CO1", "id:000101", "mscosid:000101", CO1])
def test_queries_api_accepts_every_printed_form_of_an_identifier(client: TestClient, value: str) -> None:
    response = client.get("/queries/interventions_for_outcome", params={"outcome": value})
    assert response.status_code == 200
    assert {row["outcome"] for row in response.json()["rows"]} == {CO1}


@pytest.mark.parametrize("value", ["twenty", "21", "2021-01-01"])
def test_queries_api_typed_values_are_checked_by_type(client: TestClient, value: str) -> None:
    response = client.get("/queries/reporting_frequency", params={"year": value})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["parameter"]) == ("invalid_parameter", "year")
    assert "a year such as 2021" in error["message"]
    assert client.get("/queries/reporting_frequency", params={"year": "2021"}).status_code == 200


@pytest.mark.parametrize(
    ("request_args", "status", "code"),
    [
        ({"method": "GET", "url": "/queries/no_such_query"}, 404, "not_found"),
        ({"method": "GET", "url": "/queries/Bad-Name"}, 400, "invalid_parameter"),
        ({"method": "GET", "url": "/queries/core_outcomes", "params": {"format": "xlsx"}}, 400, "unknown_format"),
        ({"method": "GET", "url": "/queries/core_outcomes", "headers": {"Accept": "text/turtle"}},
         406, "not_acceptable"),
        ({"method": "POST", "url": "/queries/core_outcomes", "content": b"[1]",
          "headers": {"Content-Type": "application/json"}}, 400, "invalid_parameters"),
        ({"method": "POST", "url": "/queries/core_outcomes", "content": b"{",
          "headers": {"Content-Type": "application/json"}}, 400, "bad_json"),
        ({"method": "POST", "url": "/queries/core_outcomes", "content": b"x",
          "headers": {"Content-Type": "text/plain"}}, 415, "unsupported_media_type"),
        ({"method": "GET", "url": "/queries/interventions_for_outcome",
          "params": [("outcome", "000101"), ("outcome", "000102")]}, 400, "repeated_parameter"),
    ],
)
def test_queries_api_errors_are_structured(
    client: TestClient, request_args: dict[str, object], status: int, code: str
) -> None:
    response = client.request(**request_args)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert "Traceback" not in response.text


def test_queries_api_caps_rows(make_client: Callable[..., TestClient]) -> None:
    capped = make_client(Settings(store="memory", max_result_rows=3))
    response = capped.get("/queries/outcomes_by_domain")
    body = response.json()
    assert len(body["rows"]) == 3 and body["truncated"] is True
    assert response.headers["x-mscos-truncated"] == "true"


def test_queries_api_results_match_the_store(client: TestClient) -> None:
    """The API adds nothing and loses nothing: same rows as the SPARQL endpoint."""
    query = Catalog.load().get("outcomes_by_domain")
    via_api = client.get("/queries/outcomes_by_domain", params={"format": "srj"}).json()
    via_sparql = client.post("/sparql", content=query.text, headers={"Content-Type": "application/sparql-query"}).json()
    assert via_api == via_sparql


@pytest.mark.parametrize("cap", [1, 43, 44, 45, 10_000])
def test_queries_api_caps_sparql_json_as_the_compact_json(make_client: Callable[..., TestClient], cap: int) -> None:
    """SPARQL JSON is written by the store, under a LIMIT one over the cap: cut exactly where the compact JSON is."""
    full = make_client().get("/queries/outcomes_by_domain").json()["rows"]
    assert len(full) == 44
    capped = make_client(Settings(store="memory", max_result_rows=cap))
    srj = capped.get("/queries/outcomes_by_domain", headers={"Accept": "application/sparql-results+json"})
    compact = capped.get("/queries/outcomes_by_domain")
    assert srj.status_code == compact.status_code == 200
    bindings = srj.json()["results"]["bindings"]
    assert [{k: v["value"] for k, v in b.items()} for b in bindings] == [
        {k: str(v) for k, v in row.items() if v is not None} for row in full[:cap]
    ]
    cut = cap < len(full)
    assert ("x-mscos-truncated" in srj.headers) is cut and compact.json()["truncated"] is cut
    assert srj.headers.get("x-sparql-maxrows") == (str(cap) if cut else None)


@pytest.mark.parametrize("rows", range(5))
@pytest.mark.parametrize("cap", range(1, 5))
def test_capped_json_counts_solutions_however_short(rows: int, cap: int) -> None:
    """Empty solutions ({}) are the shortest: the byte bound that skips parsing must still be exact for them."""
    data = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{}] * rows}},
                      separators=(",", ":")).encode()
    out, truncated = capped_json(data, cap)
    assert truncated is (rows > cap)
    assert json.loads(out)["results"]["bindings"] == [{}] * min(rows, cap)
    assert out == data or truncated


def test_capped_json_names_an_unreadable_store_answer() -> None:
    with pytest.raises(StoreError, match="unreadable SPARQL JSON"):
        capped_json(b"{" + b" " * 100, 2)


@pytest.mark.parametrize(("value", "status"), [("000999", 404), ("000101", 400)])
def test_query_page_says_why_an_identifier_is_refused(client: TestClient, value: str, status: int) -> None:
    """The web form runs the same check: an unknown or wrong-kind identifier is a page saying so, not a 500."""
    response = client.get("/queries/gap_analysis.html", params={"intervention": value})
    assert response.status_code == status
    assert "parameter &#39;intervention&#39;" in response.text or "parameter 'intervention'" in response.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_openapi_says_named_query_parameter_errors_are_400_not_422(client: TestClient, method: str) -> None:
    responses = client.get("/openapi.json").json()["paths"]["/queries/{name}"][method]["responses"]
    assert "422" not in responses
    assert "parameter" in responses["400"]["description"]
    assert responses["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert responses["404"]["description"].startswith("No named query")


@pytest.mark.parametrize("path", ["/queries/Bad-Name", "/queries/Bad-Name.html", "/queries/" + "a" * 101])
def test_request_validation_of_named_query_paths_is_400(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "invalid_parameter"


def test_request_validation_elsewhere_stays_422(client: TestClient) -> None:
    """Only the named queries' paths changed (issue 15 item 8); /outcomes keeps 422 as documented."""
    assert client.get("/outcomes", params={"limit": 0}).status_code == 422
