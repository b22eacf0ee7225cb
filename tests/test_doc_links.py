"""Every relative link in every Markdown file of the repository resolves inside the repository.

A cloner has only the repository: a link to `../shared/...` (outside it) or to a file that is
not there is dead for them. Anchors (`file.md#heading`) must name a heading of the target.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SKIP = {".git", ".venv", "build", "dist", "node_modules", "test-artifacts", ".pytest_cache", ".mypy_cache"}
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_CODE = re.compile(r"`[^`\n]*`")
_INLINE = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def markdown_files() -> list[Path]:
    return sorted(p for p in REPO.rglob("*.md") if not SKIP & set(p.relative_to(REPO).parts))


def links(text: str) -> list[str]:
    prose = _CODE.sub("", _FENCE.sub("", text))
    return _INLINE.findall(prose) + _REFERENCE.findall(prose)


def anchors(path: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    out = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", _FENCE.sub("", path.read_text(encoding="utf-8")), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        out.add(slug)
    out |= set(re.findall(r"<a (?:name|id)=\"([^\"]+)\"", path.read_text(encoding="utf-8")))
    return out


def test_the_helpers_find_links_and_anchors(tmp_path: Path) -> None:
    text = "See [a](docs/x.md#the-json-report), ![b](img.png \"t\") and `[c](code.md)`.\n[d]: ../out.md\n"
    assert links(text) == ["docs/x.md#the-json-report", "img.png", "../out.md"]
    page = tmp_path / "x.md"
    page.write_text("## The JSON report (schema version 1)\n", encoding="utf-8")
    assert anchors(page) == {"the-json-report-schema-version-1"}


@pytest.mark.parametrize("doc", markdown_files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_relative_link_resolves_inside_the_repository(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    assert "../shared" not in text and "/work/" not in text, f"{doc.name} points outside the repository"
    for target in links(text):
        if _EXTERNAL.match(target):
            continue
        path_part, _, anchor = target.partition("#")
        resolved = (doc.parent / path_part).resolve() if path_part else doc
        assert resolved.is_relative_to(REPO), f"{doc.name}: {target} leaves the repository"
        assert resolved.exists(), f"{doc.name}: {target} does not exist"
        if anchor and resolved.suffix == ".md":
            assert anchor in anchors(resolved), f"{doc.name}: {target}: no such heading in {resolved.name}"
