"""Partner tokens: `mscos token add|remove|list`, stored hashed, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from mscos_kg.cli import cli
from mscos_kg.tokens import (
    PartnerIdError,
    TokenFileError,
    TokenRegistry,
    check_partner_id,
    hash_token,
    load_registry,
)


def add(path: Path, partner: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["token", "add", partner, "--tokens-file", str(path), *extra])
    return result.exit_code, result.stdout


def test_datasets_token_add_prints_the_token_once_and_stores_only_its_hash(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    code, out = add(path, "acme-refuge")
    assert code == 0
    token = out.strip()
    assert token.startswith("mscos_") and len(token) > 40
    text = path.read_text()
    assert token not in text
    assert json.loads(text) == {"acme-refuge": hashlib.sha256(token.encode()).hexdigest()}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_registry(path).partner_for(token) == "acme-refuge"


def test_datasets_token_add_refuses_a_second_token_unless_replacing(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    _, first = add(path, "acme")
    code, _ = add(path, "acme")
    assert code != 0
    assert load_registry(path).partner_for(first.strip()) == "acme"
    code, second = add(path, "acme", "--replace")
    assert code == 0
    registry = load_registry(path)
    assert registry.partner_for(second.strip()) == "acme"
    assert registry.partner_for(first.strip()) is None  # the old token no longer works


def test_datasets_token_remove_and_list(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    add(path, "acme")
    _, beacon = add(path, "beacon")
    listed = CliRunner().invoke(cli, ["token", "list", "--tokens-file", str(path)])
    assert listed.stdout.split() == ["acme", "beacon"]
    removed = CliRunner().invoke(cli, ["token", "remove", "beacon", "--tokens-file", str(path)])
    assert removed.exit_code == 0
    assert load_registry(path).partner_for(beacon.strip()) is None
    assert CliRunner().invoke(cli, ["token", "remove", "beacon", "--tokens-file", str(path)]).exit_code != 0


@pytest.mark.parametrize("partner", ["A", "Acme", "acme_refuge", "-acme", "acme-", "a" * 65, "../x"])
def test_datasets_token_partner_ids_are_strict(tmp_path: Path, partner: str) -> None:
    with pytest.raises(PartnerIdError):
        check_partner_id(partner)
    code, _ = add(tmp_path / "tokens.json", partner)
    assert code != 0
    assert not (tmp_path / "tokens.json").exists()


@pytest.mark.parametrize(
    "content", ['["a"]', '{"acme": "abc"}', '{"Acme!": "' + "0" * 64 + '"}', "not json"]
)
def test_datasets_token_file_of_the_wrong_shape_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "tokens.json"
    path.write_text(content)
    with pytest.raises(TokenFileError):
        load_registry(path)


def test_datasets_token_check_compares_every_digest_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = TokenRegistry({"acme": hash_token("t1"), "beacon": hash_token("t2"), "civic": hash_token("t3")})
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr("mscos_kg.tokens.hmac.compare_digest", spy)
    assert registry.partner_for("t1") == "acme"
    assert len(calls) == 3  # no early exit on the first match
    calls.clear()
    assert registry.partner_for("nope") is None
    assert len(calls) == 3


def test_datasets_token_missing_file_means_nobody_may_write(tmp_path: Path) -> None:
    assert load_registry(tmp_path / "absent.json").partner_for("anything") is None
    assert load_registry(None).partners() == []


# ------------------------------------------------------------------ namespaces (issue 14)
def test_datasets_token_namespaces_are_registered_listed_and_kept_on_rotation(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    assert add(path, "acme", "--namespace", "https://acme.example/data/")[0] == 0
    assert add(path, "acme", "--replace")[0] == 0
    registry = load_registry(path)
    assert registry.namespaces == {"acme": ("https://acme.example/data/",)}
    listed = CliRunner().invoke(cli, ["token", "list", "--tokens-file", str(path)])
    assert listed.stdout.split() == ["acme", "https://acme.example/data/"]
    entry = json.loads(path.read_text())["acme"]
    assert entry["namespaces"] == ["https://acme.example/data/"] and len(entry["sha256"]) == 64


@pytest.mark.parametrize(
    "namespace",
    ["https://acme.example/data/", "https://acme.example/", "https://acme.example/data/2023/"],
    ids=["same", "containing", "inside"],
)
def test_datasets_token_two_partners_never_share_a_namespace(tmp_path: Path, namespace: str) -> None:
    path = tmp_path / "tokens.json"
    add(path, "acme", "--namespace", "https://acme.example/data/")
    code, _ = add(path, "beacon", "--namespace", namespace)
    assert code != 0 and "beacon" not in load_registry(path).digests


@pytest.mark.parametrize("namespace", ["acme", "https://acme.example", "ftp://acme.example/x/", "https://acme.example/x"])
def test_datasets_token_namespaces_must_be_http_namespaces(tmp_path: Path, namespace: str) -> None:
    assert add(tmp_path / "tokens.json", "acme", "--namespace", namespace)[0] != 0


def test_datasets_token_namespace_rules() -> None:
    registry = TokenRegistry({"acme": hash_token("a"), "beacon": hash_token("b"), "civic": hash_token("c")})
    registry = registry.with_namespaces("acme", ("https://acme.example/data/",))
    assert registry.may_use("acme", "https://acme.example/data/2023/")
    assert not registry.may_use("acme", "https://elsewhere.example/data/")  # outside its registered namespaces
    assert not registry.may_use("beacon", "https://acme.example/data/")  # acme's
    assert not registry.may_use("beacon", "https://acme.example/")  # contains acme's
    assert registry.may_use("civic", "https://civic.example/")  # unregistered: held by the first dataset stored
