"""Issue 13, finding 14: the drafts of the proposal form kept in the browser's localStorage
leave with the login. Logging out sends ``Clear-Site-Data: "storage"`` and the next page
runs static/js/forget-drafts.js; each alone clears them (the second test removes the
header, as a browser ignoring it would)."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests import factories
from tests.e2e.ui import IT as T
from tests.e2e.ui import field, log_in, main

pytestmark = pytest.mark.e2e

DRAFTS = """() => Object.keys(window.localStorage).filter((key) => key.startsWith("proposal-draft:"))"""
OTHER_KEY = "not-a-draft"


def _write_a_draft(site, page) -> None:
    consultation = factories.create_consultation()
    citizen = factories.create_user(email="bozza@example.org")
    log_in(page, site.url, citizen.email)
    page.goto(f"{site.url}/consultazioni/{consultation.slug}/proposte/nuova")
    field(main(page), T("Title")).fill("Una bozza che non deve restare su un computer condiviso")
    page.wait_for_function(f"() => ({DRAFTS})().length === 1", timeout=5_000)
    page.evaluate(f"() => window.localStorage.setItem('{OTHER_KEY}', 'x')")


def _log_out(page) -> None:
    page.locator("#account-menu-button").click()
    page.get_by_role("button", name=T("Log out")).click()
    expect(page.get_by_text(T("You are logged out."))).to_be_visible()
    page.wait_for_load_state("load")  # the scripts at the end of the page have run


def _drafts_left(page) -> list[str]:
    try:
        page.wait_for_function(f"() => ({DRAFTS})().length === 0", timeout=5_000)
    except PlaywrightTimeout:
        pass
    return page.evaluate(DRAFTS)


def test_logging_out_clears_the_drafts_kept_in_the_browser(site, page):
    _write_a_draft(site, page)
    _log_out(page)
    assert _drafts_left(page) == []


def test_the_logout_page_clears_them_also_where_clear_site_data_is_ignored(site, page):
    _write_a_draft(site, page)

    def without_clear_site_data(route):
        response = route.fetch(max_redirects=0)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "clear-site-data"}
        route.fulfill(response=response, headers=headers)

    page.route("**/account/esci", without_clear_site_data)
    _log_out(page)
    assert _drafts_left(page) == []
    # Only the drafts: anything else the site keeps is left alone by the script.
    assert page.evaluate(f"() => window.localStorage.getItem('{OTHER_KEY}')") == "x"
