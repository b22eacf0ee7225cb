"""End-to-end fixtures: the service on a live uvicorn (127.0.0.1), Debian's headless Chromium.

Chromium comes from Debian (`make browser-deps` installs the `chromium` package with apt-get);
Playwright drives it through `executable_path` and never downloads a browser of its own. The
tests skip, saying why, only when no Chromium binary is there. Screenshots go to
`test-artifacts/screenshots/` (ignored by git); with `MSCOS_UPDATE_SCREENSHOTS=1` the ones
the README shows are also written to `docs/screenshots/`.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from mscos_api.app import create_app
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from mscos_kg.config import Settings
from tests.web.conftest import load_examples

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
#: As the machine notes say: headless, no sandbox as root, and no background traffic to Google.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
    "--disable-default-apps", "--disable-extensions",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("MSCOS_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def live_app() -> FastAPI:
    return create_app(Settings(store="memory"))


@pytest.fixture(scope="session")
def base_url(live_app: FastAPI) -> Iterator[str]:
    """The service on 127.0.0.1 (a free port), with the example partner datasets accepted."""
    config = uvicorn.Config(live_app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="e2e-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not (server.started and server.servers):
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    assert httpx.get(f"{base}/health").status_code == 200
    load_examples(live_app)
    yield base
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if chromium_path() is None:
        pytest.skip("Chromium is not installed and could not be: `make browser-deps` installs Debian's "
                    "chromium package with apt-get (needs root and the Debian mirror)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    assert errors == [], f"the page reported errors: {errors}"


def screenshot(page: Page, name: str, *, docs: bool = False, full_page: bool = True) -> Path:
    """Save a screenshot as a test artefact (and, when asked to, for the README)."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    if docs and os.environ.get("MSCOS_UPDATE_SCREENSHOTS") == "1":
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_SCREENSHOTS / f"{name}.png"), full_page=False)
    return path
