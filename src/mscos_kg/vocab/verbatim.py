"""Checks that quoted text is verbatim from the source document it cites.

The source texts were extracted from PDFs: table residue (<p>, <b>, ---) and line breaks
are extraction artefacts, so both sides are compared after removing tags and folding
white space. Nothing else is normalised: quote marks, spelling and typos must match.
"""

from __future__ import annotations

import re
import sys
from functools import cache

from mscos_kg.resources import source_document

SOURCE_KEYS = ("summary", "toolkit", "taxonomy", "grant", "workshops")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Remove extraction residue and fold white space."""
    text = _TAG.sub(" ", text).replace("**", "")
    return _SPACE.sub(" ", text).strip()


@cache
def folded_document(key: str) -> str:
    if key not in SOURCE_KEYS:
        raise KeyError(f"unknown source document {key!r}; expected one of {', '.join(SOURCE_KEYS)}")
    return fold(source_document(key).read_text(encoding="utf-8"))


def is_verbatim(doc_key: str, text: str) -> bool:
    """True when `text` occurs in the document after folding."""
    return fold(text) in folded_document(doc_key)


def main(argv: list[str]) -> int:
    """Check every definition/quote in the given YAML tables: `python -m mscos_kg.vocab.verbatim FILE...`."""
    import yaml

    failures = 0

    def walk(node: object, where: str) -> None:
        nonlocal failures
        if isinstance(node, dict):
            src = node.get("source")
            for field in ("definition", "quote"):
                text = node.get(field)
                if isinstance(text, str) and isinstance(src, str) and "#" in src:
                    doc = src.split("#", 1)[0]
                    if doc in SOURCE_KEYS and not is_verbatim(doc, text):
                        failures += 1
                        print(f"{where}: {field} not verbatim in {doc}: {text[:90]!r}")
            for key, value in node.items():
                walk(value, f"{where}.{key}" if not node.get("id") else f"{where}[{node['id']}].{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{where}[{i}]")

    for path in argv:
        with open(path, encoding="utf-8") as fh:
            walk(yaml.safe_load(fh), path)
    print(f"{failures} non-verbatim field(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
