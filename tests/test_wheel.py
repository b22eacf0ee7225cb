"""`pip install mscos-kg` (the wheel, no extras) in a clean venv gives a `mscos` whose commands work.

The clean venv gets the wheel and exactly the runtime dependency closure of its metadata (no
extras): each distribution of that closure is linked from this environment into a folder the
clean venv reads through a `.pth` file. A runtime import missing from `dependencies` (such as
`pyshacl_turbo` sitting only in the `test` extra) therefore fails here, offline, as it would
after `pip install` from the index.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import venv
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import httpx
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "complete-evaluation.ttl"

CHECK = """
import sys, mscos_kg
from pathlib import Path
assert Path(mscos_kg.__file__).is_relative_to(Path(sys.prefix)), mscos_kg.__file__
from rdflib import Graph
from mscos_kg import resources
from mscos_kg.vocab.export import load_vocabulary
g = load_vocabulary()
assert len(g) > 1000, len(g)
shapes = [p.name for p in resources.shapes_dir().iterdir() if p.name.endswith('.ttl')]
assert 'vocabulary.ttl' in shapes, shapes
Graph().parse(data=(resources.shapes_dir() / 'vocabulary.ttl').read_text(), format='turtle')
queries = [p for p in resources.sparql_dir().iterdir() if p.name.endswith('.rq')]
assert queries, 'no .rq in the wheel'
assert 'Modern Slavery Core Outcome Set Toolkit' in resources.source_document('toolkit').read_text()
import mscos_api
print('ok', len(g), len(queries))
"""


def _closure(requirements: list[str]) -> set[str]:
    """Names of the installed distributions that `requirements` pull in (with their extras)."""
    seen: set[tuple[str, str]] = set()
    pending = [(Requirement(text), "") for text in requirements]
    while pending:
        req, extra = pending.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        dist = metadata.distribution(req.name)  # PackageNotFoundError: this environment lacks it
        for wanted in ("", *sorted(req.extras)):
            key = (canonicalize_name(req.name), wanted)
            if key not in seen:
                seen.add(key)
                pending.extend((Requirement(text), wanted) for text in dist.requires or ())
    return {name for name, _ in seen}


def _link_distributions(names: set[str], target: Path) -> None:
    """Symlink the top-level files of each distribution (modules, packages, dist-info) into target."""
    target.mkdir()
    for name in names:
        dist = metadata.distribution(name)
        base = Path(str(dist.locate_file("")))
        for top in {f.parts[0] for f in dist.files or () if f.parts and f.parts[0] != ".."}:
            link = target / top
            if not link.exists() and (base / top).exists():
                link.symlink_to(base / top)


_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
                                     "test-artifacts", "node_modules")


def _not_source(folder: str, names: list[str]) -> set[str]:
    """What the wheel is not built from: tool output, and data/ (a local store) at the top."""
    skipped = set(_NOT_SOURCE(folder, names))
    return skipped | {"data"} if Path(folder) == REPO else skipped


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(the clean venv's bin folder, the wheel)."""
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    # Built from a clean copy: setuptools packs whatever a stale build/lib holds, and the test
    # should not write into the checkout.
    source = tmp / "source"
    shutil.copytree(REPO, source, ignore=_not_source)
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(source)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = dist.glob("mscos_kg-*.whl")
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True, timeout=600)
    requires = metadata.PathDistribution(zipfile.Path(wheel) / "mscos_kg-0.1.0.dist-info").requires
    _link_distributions(_closure([r for r in requires or () if "extra ==" not in r]), tmp / "deps")
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "runtime-deps.pth").write_text(str(tmp / "deps") + "\n", encoding="utf-8")
    yield env_dir / "bin", wheel


def _mscos(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSCOS_")}
    return subprocess.run([str(bin_dir / "mscos"), *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env=env)


@pytest.mark.slow
def test_wheel_carries_every_package_and_data_file(wheel_venv: tuple[Path, Path]) -> None:
    _, wheel = wheel_venv
    names = zipfile.ZipFile(wheel).namelist()
    for required in ("mscos_kg/ontology/mscos.ttl", "mscos_kg/shapes/vocabulary.ttl",
                     "mscos_kg/shapes/vocpub/validator.ttl", "mscos_kg/sources/toolkit.txt",
                     "mscos_kg/ontology/src/model.ttl", "mscos_api/__init__.py",
                     "mscos_api/templates/base.html", "mscos_api/static/site.css"):
        assert required in names, f"{required} missing from the wheel"
    # Every Python package of the source tree is in the wheel (pyproject lists them explicitly).
    for root, prefix in ((REPO / "src" / "mscos_kg", "mscos_kg"), (REPO / "api", "mscos_api")):
        for init in root.rglob("__init__.py"):
            if "__pycache__" in init.parts:
                continue
            member = prefix + "/" + init.relative_to(root).as_posix()
            assert member in names, f"{member} missing from the wheel: add its package to pyproject.toml"


@pytest.mark.slow
def test_wheel_installs_in_a_clean_venv_and_loads_the_ontology(wheel_venv: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    bin_dir, _ = wheel_venv
    proc = subprocess.run([str(bin_dir / "python"), "-c", CHECK], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok")


@pytest.mark.slow
def test_wheel_runs_validate_load_query_export(wheel_venv: tuple[Path, Path], tmp_path: Path) -> None:
    bin_dir, _ = wheel_venv
    validated = _mscos(bin_dir, "validate", str(EXAMPLE), cwd=tmp_path)
    assert validated.returncode == 0, validated.stderr
    assert "conforms" in validated.stdout.lower()

    store = tmp_path / "store"
    loaded = _mscos(bin_dir, "load", "--store", str(store), "--submitter", "wheel-test", str(EXAMPLE), cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert f"loaded {EXAMPLE}" in loaded.stdout

    queried = _mscos(bin_dir, "query", "core_outcome_coverage", "--store", str(store), "--format", "csv",
                     cwd=tmp_path)
    assert queried.returncode == 0, queried.stderr
    assert len(queried.stdout.splitlines()) > 1, queried.stdout

    exported = _mscos(bin_dir, "export", "--format", "nt", "-o", str(tmp_path / "out" / "mscos.nt"), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert sum(1 for _ in (tmp_path / "out" / "mscos.nt").open()) > 1000


@pytest.mark.slow
@pytest.mark.server
def test_wheel_serves_over_http(wheel_venv: tuple[Path, Path], tmp_path: Path) -> None:
    bin_dir, _ = wheel_venv
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSCOS_")}
    server = subprocess.Popen([str(bin_dir / "mscos"), "serve", "--store", "memory", "--port", str(port),
                               "--log-level", "warning"], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.communicate()[0]
            try:
                health = httpx.get(f"{base}/health", timeout=5)
                if health.status_code == 200 and health.json()["vocabulary_loaded"]:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "mscos serve did not answer within 120 s"
            time.sleep(0.5)
        concept = httpx.get(f"{base}/id/000101", headers={"Accept": "application/ld+json"}, timeout=10)
        assert concept.status_code == 200
        assert "000101" in concept.text
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_runtime_closure_follows_extras_and_leaves_out_the_rest() -> None:
    # The closure helper resolves real installed distributions, extras included.
    names = _closure(["uvicorn[standard]>=0.30"])
    assert {"uvicorn", "uvloop", "httptools", "click"} <= names
    assert "pytest" not in names
