"""`pip install mscos-kg` (the wheel, no extras) in a clean venv gives a `mscos` whose commands work.

The clean venv gets the wheel and exactly the runtime dependency closure of its metadata (no
extras): each distribution of that closure is linked from this environment into a folder the
clean venv reads through a `.pth` file. A runtime import missing from `dependencies` (such as
`pyshacl_turbo` sitting only in the `test` extra) therefore fails here, offline, as it would
after `pip install` from the index.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
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


def _link_distributions(names: set[str], target: Path, bin_dir: Path) -> None:
    """Symlink the top-level files of each distribution (modules, packages, dist-info) into target,
    and its native executables (``oxigraph``, the store server) into the clean venv's bin_dir, where
    pip would install them. Python entry-point scripts are left out: they name this environment's
    interpreter."""
    target.mkdir()
    for name in names:
        dist = metadata.distribution(name)
        base = Path(str(dist.locate_file("")))
        for top in {f.parts[0] for f in dist.files or () if f.parts and f.parts[0] != ".."}:
            link = target / top
            if not link.exists() and (base / top).exists():
                link.symlink_to(base / top)
        for file in dist.files or ():
            path = Path(str(dist.locate_file(file))).resolve()
            if file.parts[:1] == ("..",) and path.parent.name == "bin" and _is_native(path):
                (bin_dir / path.name).symlink_to(path)


def _is_native(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) == b"\x7fELF"


_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
                                     "test-artifacts", "node_modules")


def _not_source(folder: str, names: list[str]) -> set[str]:
    """What the wheel is not built from: tool output, and data/ (a local store) at the top."""
    skipped = set(_NOT_SOURCE(folder, names))
    return skipped | {"data"} if Path(folder) == REPO else skipped


#: What building the wheel printed (the module's fixture fills it).
BUILD_OUTPUT: list[str] = []


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
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(source)],
                           check=True, capture_output=True, text=True, timeout=600)
    BUILD_OUTPUT.append(built.stdout + built.stderr)
    (wheel,) = dist.glob("mscos_kg-*.whl")
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True, timeout=600)
    requires = metadata.PathDistribution(zipfile.Path(wheel) / "mscos_kg-0.1.0.dist-info").requires
    _link_distributions(_closure([r for r in requires or () if "extra ==" not in r]), tmp / "deps", env_dir / "bin")
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
def test_building_the_wheel_prints_no_setuptools_warning(wheel_venv: tuple[Path, Path]) -> None:
    """Issue 15: about 390 lines of setuptools warnings came from the packaging config
    (`project.license` as a table, data packages absent from `packages`)."""
    (output,) = BUILD_OUTPUT
    assert "Successfully built" in output
    warned = [line for line in output.splitlines() if "Setuptools" in line and "Warning" in line]
    assert warned == []


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


def _serve(bin_dir: Path, store: str, cwd: Path) -> tuple[subprocess.Popen[str], str]:
    """`mscos serve --store STORE` from the clean venv, once it answers; (the process, its base URL)."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSCOS_")}
    env["PATH"] = os.defpath  # the store server must come from the clean venv, not this environment
    server = subprocess.Popen([str(bin_dir / "mscos"), "serve", "--store", store, "--port", str(port),
                               "--log-level", "warning"], cwd=cwd, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            assert server.poll() is None, server.communicate()[0]
            try:
                health = httpx.get(f"{base}/health", timeout=5)
                if health.status_code == 200 and health.json()["vocabulary_loaded"]:
                    return server, base
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "mscos serve did not answer within 120 s"
            time.sleep(0.5)
    except BaseException:
        _stop(server)
        raise


def _stop(server: subprocess.Popen[str]) -> int:
    server.terminate()
    try:
        return server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        raise


def _children(pid: int) -> set[int]:
    """The processes `pid` started (Linux /proc), e.g. the store server `mscos serve` supervises."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = task / "children"
        if children.exists():
            found |= {int(c) for c in children.read_text().split()}
    return found


def _still_running(pids: set[int], within_s: float) -> set[int]:
    """Those of `pids` still alive (not zombies) after waiting up to within_s for them to end."""
    deadline = time.monotonic() + within_s
    while True:
        alive = set()
        for pid in pids:
            try:
                if b"zombie" not in Path(f"/proc/{pid}/status").read_bytes().lower():
                    alive.add(pid)
            except FileNotFoundError:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


@pytest.mark.slow
@pytest.mark.server
def test_wheel_serves_over_http(wheel_venv: tuple[Path, Path], tmp_path: Path) -> None:
    bin_dir, _ = wheel_venv
    server, base = _serve(bin_dir, "memory", tmp_path)
    try:
        concept = httpx.get(f"{base}/id/000101", headers={"Accept": "application/ld+json"}, timeout=10)
        assert concept.status_code == 200
        assert "000101" in concept.text
    finally:
        _stop(server)


@pytest.mark.slow
@pytest.mark.server
def test_wheel_loads_a_directory_store_and_serves_it_through_the_store_server(
    wheel_venv: tuple[Path, Path], tmp_path: Path
) -> None:
    """`mscos load` into a directory, then `mscos serve` of it: the service supervises `oxigraph
    serve` (a runtime dependency) from the clean venv, answers, and stops with its store server."""
    bin_dir, _ = wheel_venv
    assert (bin_dir / "oxigraph").exists(), "the store server binary is not in the clean venv"
    store = tmp_path / "store"
    loaded = _mscos(bin_dir, "load", "--store", str(store), "--submitter", "wheel-test", str(EXAMPLE), cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    server, base = _serve(bin_dir, str(store), tmp_path)
    try:
        supervised = _children(server.pid)
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") for pid in supervised]
        assert any(Path(c[0].decode()).name == "oxigraph" and b"serve" in c for c in commands), commands
        outcome = httpx.get(f"{base}/id/000101", headers={"Accept": "application/ld+json"}, timeout=10)
        assert outcome.status_code == 200 and "000101" in outcome.text
        coverage = httpx.get(f"{base}/queries/core_outcome_coverage", params={"format": "csv"}, timeout=60)
        assert coverage.status_code == 200, coverage.text
        evaluations = list(csv.DictReader(io.StringIO(coverage.text)))
        assert any("example" in row["evaluation"] for row in evaluations), evaluations  # the loaded dataset's
    finally:
        code = _stop(server)
    # It re-raises the SIGTERM as exit status 128 + 15 once its store server is stopped (serve_cmd.py).
    assert code == 128 + signal.SIGTERM, server.stdout.read() if server.stdout else ""
    left = _still_running(supervised, within_s=15)
    for pid in left:  # never leave them behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == set(), "processes of `mscos serve` outlived it"
    # The store server let go of the directory: it opens again.
    queried = _mscos(bin_dir, "query", "core_outcome_coverage", "--store", str(store), "--format", "csv", cwd=tmp_path)
    assert queried.returncode == 0, queried.stderr
    assert len(queried.stdout.splitlines()) == len(evaluations) + 1


def test_runtime_closure_follows_extras_and_leaves_out_the_rest() -> None:
    # The closure helper resolves real installed distributions, extras included.
    names = _closure(["uvicorn[standard]>=0.30"])
    assert {"uvicorn", "uvloop", "httptools", "click"} <= names
    assert "pytest" not in names
