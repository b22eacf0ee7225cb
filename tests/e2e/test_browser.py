"""The web front in a real browser (headless Chromium) against the live service.

What a person does: open the home page, search and follow a result, upload the invalid example
spreadsheet and see the missing core outcomes, run a named query and download its CSV. Each
step leaves a screenshot in test-artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import ARTIFACTS, screenshot
from tests.web.conftest import INVALID_SPREADSHEET

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_home_page_shows_the_seven_core_outcomes_and_the_practice_model(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_title(re.compile("Modern Slavery Core Outcome Set"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Modern Slavery Core Outcome Set")
    expect(page.get_by_role("img", name="The MSCOS practice model")).to_be_visible()
    expect(page.locator(".core-list li")).to_have_count(7)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    screenshot(page, "home", docs=True)
    page.keyboard.press("Tab")  # keyboard users start with the skip link
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_search_then_follow_a_result(page: Page) -> None:
    page.goto("/")
    search = page.get_by_role("combobox", name="Search the outcome set")  # the enhanced search field
    search.fill("registered with a GP")
    expect(page.locator("#suggestions-2 [role=option], .suggestions [role=option]").first).to_be_visible()
    page.get_by_role("button", name="Search").nth(1).click()
    expect(page).to_have_url(re.compile(r"/search\?q=registered\+with\+a\+GP"))
    first = page.locator(".hit h3 a").first  # the published outcome, then its indicator
    expect(first).to_contain_text("Access to medical treatment")
    expect(page.locator(".hit h3 a").nth(1)).to_contain_text("GP registration")
    screenshot(page, "search")
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CO6 Access to medical treatment")
    expect(page.get_by_role("img", name=re.compile("Lineage of CO6"))).to_be_visible()
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == "https://w3id.org/mscos/id/000106"
    screenshot(page, "concept", docs=True)


def test_autocomplete_works_from_the_keyboard(page: Page) -> None:
    page.goto("/coverage")
    field = page.locator("#site-search")
    field.press_sequentially("Secure and sui", delay=20)
    option = page.get_by_role("option").first
    expect(option).to_contain_text("Secure and suitable housing")
    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", re.compile(r"-0$"))
    field.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Secure and suitable housing")


def test_upload_the_invalid_spreadsheet_and_see_the_missing_core_outcomes(page: Page) -> None:
    page.goto("/validate")
    page.get_by_label("Dataset file").set_input_files(INVALID_SPREADSHEET)
    page.get_by_role("button", name="Check the dataset").click()
    expect(page.get_by_role("status")).to_contain_text("cannot be accepted yet")
    missing = page.locator(".coverage-check.missing")
    expect(missing.get_by_role("heading", name="Missing core outcomes")).to_be_visible()
    expect(missing.locator(".missing-list li")).to_have_text([
        "CO2 Safety from any trafficker or other abuser", "CO3 Long-term, consistent support",
        "CO4 Compassionate, trauma-informed services", "CO5 Finding purpose in life and self-actualisation",
        "CO7 Access to education",
    ])
    expect(page.get_by_text("row 48, column 'Timepoint'").first).to_be_visible()
    screenshot(page, "validate-report", docs=True)


def test_run_a_named_query_and_download_its_csv(page: Page) -> None:
    page.goto("/queries")
    page.get_by_role("link", name="Lineage of a final outcome").click()
    page.get_by_label("Outcome").fill("000105")
    page.get_by_role("button", name="Run the query").click()
    expect(page).to_have_url(re.compile(r"/queries/outcome_lineage\?outcome=000105"))
    table = page.locator("table.results-table")
    expect(table).to_be_visible()
    shown = table.locator("tbody tr").count()
    assert shown > 0
    screenshot(page, "query", docs=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    download = info.value
    target = ARTIFACTS / "downloads" / "outcome_lineage.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(target)
    rows = list(csv.DictReader(Path(target).read_text(encoding="utf-8").splitlines()))
    assert len(rows) == shown
    assert {r["outcome"] for r in rows} == {"https://w3id.org/mscos/id/000105"}


def test_coverage_and_differences_pages(page: Page) -> None:
    page.goto("/coverage")
    expect(page.get_by_role("img", name="Core outcomes reported by each evaluation")).to_be_visible()
    expect(page.get_by_role("img", name="Evaluations reporting each core outcome")).to_be_visible()
    screenshot(page, "coverage", docs=True)
    page.get_by_role("link", name="Differences between sources").click()
    expect(page.locator(".difference")).to_have_count(10)  # vocabulary 1.1.0: 7 + 3 (decision 13)
    screenshot(page, "differences")


def test_pages_work_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/id/000101")
    expect(page.locator("button.copy")).to_be_hidden()
    page.locator("#site-search").fill("sleep")
    page.locator("#site-search").press("Enter")
    expect(page.locator(".hit").first).to_be_visible()
    expect(page.locator(".suggestions")).to_have_count(0)
    context.close()


def test_sparql_form_runs_a_query_and_shows_a_table(page: Page) -> None:
    page.goto("/sparql")
    expect(page.get_by_role("heading", level=1)).to_have_text("SPARQL query")
    page.get_by_role("button", name="Run the query").click()  # the form starts with the seven core outcomes
    expect(page).to_have_url(re.compile(r"/sparql\?query=.*&results=table"))
    rows = page.locator("table.results-table tbody tr")
    expect(rows).to_have_count(7)
    expect(rows.first).to_contain_text("CO1")
    screenshot(page, "sparql", docs=True)
    page.get_by_role("link", name="Core outcomes with definitions and indicators").click()
    starter = re.compile(r"SELECT (DISTINCT )?\?notation \?outcome \?label \?definition")
    expect(page.get_by_label("Query")).to_have_value(starter)
    page.get_by_label("Show the results as").select_option("csv")
    with page.expect_download() as info:
        page.get_by_role("button", name="Run the query").click()
    assert info.value.suggested_filename == "results.csv"


def test_unknown_identifier_is_a_page_with_a_way_back(context: BrowserContext) -> None:
    page = context.new_page()  # not the `page` fixture: the browser logs the 404 itself as an error
    response = page.goto("/id/999999")
    assert response is not None and response.status == 404
    expect(page).to_have_title(re.compile("^Page not found"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("alert")).to_contain_text("is not an identifier of the MSCOS vocabulary")
    screenshot(page, "error-not-found")
    page.get_by_role("link", name=re.compile("^Search for .?999999")).click()
    expect(page).to_have_url(re.compile(r"/search\?q=999999"))


def test_sparql_form_works_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/sparql")
    page.get_by_label("Query").fill("ASK { ?s ?p ?o }")
    page.get_by_role("button", name="Run the query").click()
    expect(page.locator(".answer")).to_have_text("Yes")
    context.close()
