"""The ceiling of identifier resolution: a hello-world FastAPI app, served like `mscos serve`.

`python -m benchmarks.hello_app --port P` runs it under `processes.UVICORN_SETTINGS`, the same
uvicorn settings as the service, so the two differ only in what the application does.
"""

from __future__ import annotations

import argparse

from fastapi import FastAPI


def create_app() -> FastAPI:
    app = FastAPI(title="hello world")

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/hello")
    async def hello() -> dict[str, str]:
        return {"hello": "world"}

    return app


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    from benchmarks.processes import HOST, UVICORN_SETTINGS

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    uvicorn.run(create_app(), host=HOST, port=args.port, **UVICORN_SETTINGS)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
