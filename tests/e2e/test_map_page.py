"""The /map page in Chromium: upload a list, change one suggestion, search for another, accept and
download; and the same without JavaScript (the state round-trips in the form)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ROOT, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.server]
NAMES = ROOT / "examples" / "mapping" / "local-outcomes.csv"


def _review(page: Page) -> None:
    page.goto("/map")
    page.get_by_label("List of outcome names, or a mapping file to continue").set_input_files(NAMES)
    page.get_by_role("button", name="Suggest MSCOS outcomes").click()
    expect(page.get_by_role("heading", name="Your outcomes (6, 0 confirmed)")).to_be_visible()


def _map_round_trip(page: Page, tmp_path: Path, shot: str | None) -> str:
    _review(page)
    # accept a suggestion: CO1 for "Stable accommodation", as a close match
    housing = page.get_by_role("group", name="Stable accommodation")
    housing.get_by_role("radio", name="Secure and suitable housing").check()
    housing.get_by_label("How it matches").select_option("close")
    # change one: today's ranking offers "Self-compassion..." (a word of its definition) first for
    # "Currently in paid employment"; choose "meaningful employment" among the candidates instead
    work = page.get_by_role("group", name="Currently in paid employment")
    work.get_by_role("radio", name="Obtaining and maintaining meaningful employment").check()
    work.get_by_label("How it matches").select_option("close")
    # search for another outcome for "Sense of purpose" and accept the first result
    purpose = page.get_by_role("group", name="Sense of purpose")
    purpose.get_by_label("Search for another MSCOS outcome").fill("access to education")
    purpose.get_by_role("button", name="Search for Sense of purpose").click()
    purpose = page.get_by_role("group", name="Sense of purpose")
    expect(purpose.get_by_text("Results of your search")).to_be_visible()
    purpose.get_by_role("radio").first.check()
    purpose.get_by_label("How it matches").select_option("related")
    page.get_by_label("Your name or ORCID (recorded with confirmed mappings, optional)").fill("Ana Example")
    page.get_by_role("button", name="Save choices").first.click()
    expect(page.get_by_role("heading", name="Your outcomes (6, 3 confirmed)")).to_be_visible()
    expect(page.get_by_role("group", name="Currently in paid employment confirmed")).to_be_visible()
    expect(page.get_by_role("heading", name="Core outcomes covered: 1 of 7")).to_be_visible()
    if shot:
        screenshot(page, shot, docs=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the mapping (SSSOM)").click()
    path = tmp_path / "mapping.sssom.tsv"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    manual = [line for line in text.splitlines() if "semapv:ManualMappingCuration" in line]
    assert [line.split("\t")[:4] for line in manual] == [
        ["local:Stable-accommodation", "Stable accommodation", "skos:closeMatch", "mscos:000101"],
        ["local:Currently-in-paid-employment", "Currently in paid employment", "skos:closeMatch", "mscos:000419"],
        ["local:Sense-of-purpose", "Sense of purpose", "skos:relatedMatch", "mscos:000107"],
    ]
    assert all("Ana Example" in line for line in manual)
    return text


def test_upload_change_accept_and_download(page: Page, tmp_path: Path) -> None:
    text = _map_round_trip(page, tmp_path, "map")
    # the downloaded file continues where it left off
    page.goto("/map")
    path = tmp_path / "again.sssom.tsv"
    path.write_text(text, encoding="utf-8")
    page.get_by_label("List of outcome names, or a mapping file to continue").set_input_files(path)
    page.get_by_role("button", name="Suggest MSCOS outcomes").click()
    expect(page.get_by_role("heading", name="Your outcomes (6, 3 confirmed)")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the pre-filled template (CSV)").click()
    template = Path(download.value.path()).read_text(encoding="utf-8")
    assert ",Stable accommodation,close," in template


@pytest.fixture()
def no_script_page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_works_without_javascript(no_script_page: Page, tmp_path: Path) -> None:
    _map_round_trip(no_script_page, tmp_path, None)
