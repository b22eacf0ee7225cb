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
    parser.add_argument("--workers", type=int, default=1, help="processes, as `mscos serve --workers`")
    args = parser.parse_args(argv)
    if args.workers > 1:  # each worker process builds the app, as the service's do
        uvicorn.run("benchmarks.hello_app:create_app", factory=True, host=HOST, port=args.port,
                    workers=args.workers, **UVICORN_SETTINGS)  # type: ignore[arg-type]
        return
    uvicorn.run(create_app(), host=HOST, port=args.port, **UVICORN_SETTINGS)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
