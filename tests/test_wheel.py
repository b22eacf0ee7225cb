"""The wheel carries the ontology, shapes, queries and sources, and they load from an install."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

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


@pytest.mark.slow
def test_wheel_installs_in_a_clean_venv_and_loads_the_ontology(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = dist.glob("mscos_kg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for required in ("mscos_kg/ontology/mscos.ttl", "mscos_kg/shapes/vocabulary.ttl",
                     "mscos_kg/shapes/vocpub/validator.ttl", "mscos_kg/sources/toolkit.txt",
                     "mscos_kg/ontology/src/model.ttl", "mscos_api/__init__.py"):
        assert required in names, f"{required} missing from the wheel"
    # Every Python package of the source tree is in the wheel (pyproject lists them explicitly).
    for root, prefix in ((REPO / "src" / "mscos_kg", "mscos_kg"), (REPO / "api", "mscos_api")):
        for init in root.rglob("__init__.py"):
            if "__pycache__" in init.parts:
                continue
            member = prefix + "/" + init.relative_to(root).as_posix()
            assert member in names, f"{member} missing from the wheel: add its package to pyproject.toml"

    # A clean venv gets the wheel alone; its dependencies come from this environment's
    # site-packages, appended *after* the venv's own, so mscos_kg can only come from the wheel.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True, timeout=600)
    site = sysconfig.get_paths()["purelib"]
    code = f"import sys; sys.path.append({site!r})\n" + CHECK
    proc = subprocess.run([str(py), "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok")
