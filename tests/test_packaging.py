"""pyproject.toml lists every package and data folder the wheel needs, once each.

setuptools warns (and will drop the files) when a folder holding package data is not in
`packages`; the mapped data folders (ontology/, shapes/, sparql/, sources/, api/) cannot be
discovered, so they are listed by hand. This test names the folder missing from the list.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
IGNORED = {"__pycache__"}


def _config() -> dict:  # type: ignore[type-arg]
    with (REPO / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"]["setuptools"]  # type: ignore[no-any-return]


def expected_packages() -> set[str]:
    """Every folder under a mapped root (or under src/mscos_kg) that holds a file, as a dotted name."""
    mapping: dict[str, str] = _config()["package-dir"]
    roots = {name: REPO / folder for name, folder in mapping.items() if name}
    roots["mscos_kg"] = REPO / mapping[""] / "mscos_kg"
    found = set()
    for name, root in roots.items():
        for folder in [root, *root.rglob("*")]:
            if not folder.is_dir() or IGNORED & set(folder.relative_to(root).parts):
                continue
            if any(child.is_file() for child in folder.iterdir()):
                found.add(".".join([name, *folder.relative_to(root).parts]))
    return found


def test_packages_lists_every_package_and_data_folder_once() -> None:
    listed = _config()["packages"]
    assert len(listed) == len(set(listed)), "a package is listed twice in pyproject.toml"
    expected = expected_packages()
    assert sorted(expected - set(listed)) == [], "add these to [tool.setuptools] packages in pyproject.toml"
    assert sorted(set(listed) - expected) == [], "these listed packages have no folder"


def test_make_run_installs_the_package_without_extras() -> None:
    """Issue 15 item 1: `make run` installs only what running needs; `make test` adds the extras."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("$(RUN_STAMP): pyproject.toml\n", 1)[1].split("\n\n", 1)[0]
    installs = [line.split("pip install", 1)[1].split() for line in recipe.splitlines() if "pip install" in line]
    assert [words for words in installs if "pip" not in words] == [["--quiet", "-e", "."]]
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "$(RUN_STAMP)" in run and "$(STAMP)" not in run.replace("$(RUN_STAMP)", "")
