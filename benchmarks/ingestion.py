"""One ingestion step in a fresh process: `python -m benchmarks.ingestion STEP FILE WORKDIR`.

Prints one JSON line: the step's seconds (imports and the vocabulary's loading included, as a
command would pay them) and the process's peak resident memory in MB. Steps:

* `validate`: what `mscos validate FILE` does (`intake.check_path`, streamed);
* `load`: what `mscos load --store DIR FILE` does into a fresh directory store (vocabulary, check,
  store);
* `bulk`: the floor, pyoxigraph's `Store.bulk_load` of the same file into a fresh directory store,
  no validation.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import time
from pathlib import Path


def _validate(path: Path, workdir: Path) -> None:
    from mscos_kg.validation.intake import IntakeOptions, check_path

    checked = check_path(path, options=IntakeOptions(max_bytes=1 << 31, whole_graph=False))
    if not checked.conforms:
        raise SystemExit(f"{path} does not conform")


def _load(path: Path, workdir: Path) -> None:
    from mscos_kg.resources import ontology_file
    from mscos_kg.store import EmbeddedStore
    from mscos_kg.store.loading import LoadOptions, load_partner_file, load_vocabulary

    store = EmbeddedStore(workdir / "load-store")
    try:
        load_vocabulary(store, Path(str(ontology_file())))
        load_partner_file(store, path, LoadOptions(submitter="benchmarks", max_bytes=1 << 31))
    finally:
        store.close()


def _bulk(path: Path, workdir: Path) -> None:
    from pyoxigraph import NamedNode, RdfFormat, Store

    store = Store(str(workdir / "bulk-store"))
    store.bulk_load(path=str(path), format=RdfFormat.TURTLE, to_graph=NamedNode("https://example.org/g"))
    store.flush()


STEPS = {"validate": _validate, "load": _load, "bulk": _bulk}


def main(argv: list[str]) -> int:
    step, path, workdir = argv[0], Path(argv[1]), Path(argv[2])
    for name in ("load-store", "bulk-store"):
        shutil.rmtree(workdir / name, ignore_errors=True)
        shutil.rmtree(workdir / f"{name}.writing.json", ignore_errors=True)
    started = time.perf_counter()
    STEPS[step](path, workdir)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name in ("load-store", "bulk-store"):
        shutil.rmtree(workdir / name, ignore_errors=True)
    print(json.dumps({"step": step, "seconds": seconds, "peak_mb": peak_mb}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
