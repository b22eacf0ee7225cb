"""The rdflib baseline: rdflib-endpoint over RDF files, served like `mscos serve`.

`python -m benchmarks.rdflib_server --port P FILE...` loads the files into one rdflib Dataset
whose default graph is the union (as in the project's store), serves SPARQL at `/sparql` and
adds `/health`, answered once loading is over, so start-up waits for the data like the others.
`rdflib-endpoint serve` itself cannot take the uvicorn settings, hence this launcher.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    from benchmarks.processes import HOST, UVICORN_SETTINGS

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    dataset = Dataset(default_union=True)
    for path in args.files:
        dataset.parse(path, format="turtle")
    triples = len(dataset)  # counted once: /health is polled while the others wait
    app = SparqlEndpoint(graph=dataset, path="/sparql", title="rdflib-endpoint baseline")

    @app.get("/health")
    async def health() -> dict[str, int]:
        return {"triples": triples}

    uvicorn.run(app, host=HOST, port=args.port, **UVICORN_SETTINGS)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
