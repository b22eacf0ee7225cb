"""`mscos load` and `mscos query` as scripts call them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mscos_kg.cli import cli
from mscos_kg.store.server import OxigraphServer
from mscos_kg.synth import SynthOptions, write_synthetic

PERSON = '<https://example.org/mscos-synth/evaluation0> <http://xmlns.com/foaf/0.1/name> "Jane Doe" .\n'


@pytest.fixture(scope="module")
def partner_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    buffer = io.StringIO()
    write_synthetic(buffer, SynthOptions(evaluations=6, seed=11))
    path = tmp_path_factory.mktemp("data") / "partner.ttl"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory, partner_file: Path) -> Path:
    store = tmp_path_factory.mktemp("store") / "db"
    result = CliRunner().invoke(cli, ["load", "--store", str(store), "--submitter", "tester", str(partner_file)])
    assert result.exit_code == 0, result.output
    return store


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_load_stores_the_vocabulary_then_the_dataset(tmp_path: Path, partner_file: Path) -> None:
    code, out, _ = run("load", "--store", str(tmp_path / "db"), "--submitter", "tester", str(partner_file))
    assert code == 0
    assert "loaded the vocabulary" in out
    assert "graph/dataset/example.org-mscos-synth-dataset" in out
    code, out, _ = run("load", "--store", str(tmp_path / "db"), "--submitter", "tester", str(partner_file))
    assert code == 0 and "replaced" in out and "vocabulary" not in out


def test_load_refuses_data_that_does_not_conform(tmp_path: Path, partner_file: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(partner_file.read_text(encoding="utf-8") + PERSON, encoding="utf-8")
    code, _, err = run("load", "--store", str(tmp_path / "db"), str(bad))
    assert code == 1
    assert "rejected" in err and "Person-level data" in err
    code, out, _ = run("query", "evaluations_all_core", "--store", str(tmp_path / "db"), "--format", "json")
    assert json.loads(out)["results"]["bindings"] == []


def test_query_prints_a_json_document(loaded_store: Path) -> None:
    code, out, _ = run("query", "core_outcome_coverage", "--store", str(loaded_store), "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["head"]["vars"][:3] == ["evaluation", "intervention", "CO1"]
    synthetic = [b for b in document["results"]["bindings"] if "mscos-synth" in b["evaluation"]["value"]]
    assert len(synthetic) == 6  # and the evaluations the toolkit describes, without measurements


def test_query_with_parameters_as_csv_and_table(loaded_store: Path) -> None:
    code, out, _ = run(
        "query",
        "interventions_for_outcome",
        "--store",
        str(loaded_store),
        "--param",
        "outcome=000101",
        "--format",
        "csv",
    )
    assert code == 0 and out.splitlines()[0] == "outcome,intervention,label,primary,stated,evaluations"
    code, out, _ = run("query", "core_outcomes", "--store", str(loaded_store))
    assert code == 0 and "CO1" in out and out.rstrip().endswith("rows)")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["gap_analysis"], "intervention"),
        (["gap_analysis", "--param", "intervention=not-an-iri"], "intervention"),
        (["reporting_frequency", "--param", "year=MMXXI"], "year"),
        (["reporting_frequency", "--param", "colour=red"], "colour"),
        (["reporting_frequency", "--param", "country"], "name=value"),
    ],
)
def test_a_missing_or_ill_typed_parameter_is_exit_2(loaded_store: Path, args: list[str], named: str) -> None:
    code, _, err = run("query", *args, "--store", str(loaded_store))
    assert code == 2
    assert named in err


@pytest.mark.parametrize("outcome", ["000106", "CO6", "id:000106", "mscosid:000106", "https://w3id.org/mscos/id/000106"])
def test_an_identifier_in_each_printed_form_gives_the_same_answer(loaded_store: Path, outcome: str) -> None:
    code, out, err = run("query", "interventions_for_outcome", "--store", str(loaded_store),
                         "--param", f"outcome={outcome}", "--format", "csv")
    assert code == 0, err
    code, expected, _ = run("query", "interventions_for_outcome", "--store", str(loaded_store),
                            "--param", "outcome=000106", "--format", "csv")
    assert out == expected and len(out.splitlines()) > 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["interventions_for_outcome", "--param", "outcome=000999"], "holds nothing identified by 'https://w3id.org/mscos/id/000999'"),
        (["interventions_for_outcome", "--param", "outcome=foo:000106"], "unknown prefix 'foo:'"),
        (["gap_analysis", "--param", "intervention=000101"], "/id/000101' is a core outcome"),
    ],
)
def test_an_unknown_or_wrong_kind_identifier_is_exit_2_saying_so(loaded_store: Path, args: list[str],
                                                                  says: str) -> None:
    code, out, err = run("query", *args, "--store", str(loaded_store))
    assert code == 2 and says in err and out == ""


def test_an_unknown_query_is_exit_2(loaded_store: Path) -> None:
    code, _, err = run("query", "no_such_query", "--store", str(loaded_store))
    assert code == 2 and "no named query" in err


def test_an_ad_hoc_query_file(loaded_store: Path, tmp_path: Path) -> None:
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(?e) AS ?n) WHERE { ?e a <https://w3id.org/mscos/def/Evaluation> }", "utf-8")
    code, out, _ = run("query", "--file", str(query), "--store", str(loaded_store), "--format", "csv")
    assert code == 0 and out.splitlines()[1] != "0"


def test_an_ad_hoc_update_is_refused(loaded_store: Path, tmp_path: Path) -> None:
    update = tmp_path / "drop.rq"
    update.write_text("DROP ALL", encoding="utf-8")
    code, _, err = run("query", "--file", str(update), "--store", str(loaded_store))
    assert code == 1 and "update" in err
    code, out, _ = run("query", "dropped_round0_outcomes", "--store", str(loaded_store), "--format", "csv")
    assert code == 0 and len(out.splitlines()) > 2


def test_query_on_a_missing_directory_says_so(tmp_path: Path) -> None:
    code, _, err = run("query", "core_outcomes", "--store", str(tmp_path / "nothing"))
    assert code == 1 and "no store" in err


def test_query_list_names_every_query() -> None:
    code, out, _ = run("query", "--list")
    assert code == 0 and "gap_analysis" in out and "check_s14_one_preflabel_per_language" in out


@pytest.mark.server
def test_load_and_query_a_remote_server(partner_file: Path) -> None:
    with OxigraphServer() as server:
        code, out, _ = run("load", "--store", server.url, "--submitter", "tester", str(partner_file))
        assert code == 0, out
        code, out, _ = run("query", "evaluations_all_core", "--store", server.url, "--format", "json")
        assert code == 0
        assert json.loads(out)["head"]["vars"] == ["evaluation", "intervention", "year", "coreOutcomes"]
