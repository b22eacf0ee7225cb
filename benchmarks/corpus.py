"""The data every benchmark shares: synthetic partner datasets (`mscos synth`) and stores holding them.

Files and stores are made once per run in the scratch directory and reused by the benchmarks
that need them (named queries, start-up and memory). A store is filled the one way the project
allows, `mscos_kg.store.loading` (which validates the data before storing it), into a directory,
so that `mscos serve --store DIR` serves exactly what was loaded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from mscos_kg.resources import ontology_file
from mscos_kg.store import EmbeddedStore
from mscos_kg.store.loading import LoadOptions, load_partner_file, load_vocabulary
from mscos_kg.synth import SynthOptions, write_synthetic_file

SUBMITTER = "benchmarks"


def vocabulary_file() -> Path:
    """ontology/mscos.ttl, the vocabulary the service serves."""
    return Path(str(ontology_file()))


def synth_file(workdir: Path, evaluations: int, seed: int) -> Path:
    """A deterministic synthetic dataset of `evaluations` evaluations (written once per run)."""
    path = workdir / f"synth-{evaluations}-seed{seed}.ttl"
    if not path.exists():
        partial = path.with_suffix(".partial")
        write_synthetic_file(partial, SynthOptions(evaluations=evaluations, seed=seed))
        partial.rename(path)
    return path


@dataclass(frozen=True)
class PreparedStore:
    path: Path
    evaluations: int
    data: Path  # the synthetic file it holds (besides the vocabulary)
    load_s: float  # validating and storing the synthetic file


def prepared_store(workdir: Path, evaluations: int, seed: int) -> PreparedStore:
    """A store directory with the vocabulary and `evaluations` synthetic evaluations (closed again)."""
    data = synth_file(workdir, evaluations, seed)
    path = workdir / f"store-{evaluations}-seed{seed}"
    marker = path / ".bench-load-seconds"
    if marker.exists():
        return PreparedStore(path, evaluations, data, float(marker.read_text()))
    store = EmbeddedStore(path)
    try:
        load_vocabulary(store, vocabulary_file())
        started = time.perf_counter()
        load_partner_file(store, data, LoadOptions(submitter=SUBMITTER, dataset_id=f"synth-{evaluations}",
                                                   max_bytes=1 << 30))
        load_s = time.perf_counter() - started
    finally:
        store.close()  # one process at a time may open a store directory: the server opens it next
    marker.write_text(f"{load_s:.3f}")
    return PreparedStore(path, evaluations, data, load_s)


def vocabulary_store(workdir: Path) -> Path:
    """A store directory holding the vocabulary only (as `mscos serve` makes it on first use)."""
    path = workdir / "store-vocabulary"
    if not path.exists():
        store = EmbeddedStore(path)
        try:
            load_vocabulary(store, vocabulary_file())
        finally:
            store.close()
    return path
