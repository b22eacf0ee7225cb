"""mscos-kg: the linked-data knowledge graph of the Modern Slavery Core Outcome Set."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mscos-kg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
