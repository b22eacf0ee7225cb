"""mscos-kg: the linked-data knowledge graph of the Modern Slavery Core Outcome Set."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is read when asked for, so `import mscos_kg` (the first step of `mscos`) is instant.
    if name != "__version__":
        raise AttributeError(f"module 'mscos_kg' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mscos-kg")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0+unknown"
