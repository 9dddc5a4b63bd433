"""The language switch: Italian by default, English on request, Italian again; the choice
stays on the page where it was made and is remembered on the next pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.ui import EN, IT, Catalogue, link, log_in, main, named

pytestmark = pytest.mark.e2e


def switch_language(page: Page, current: Catalogue, language_name: str) -> None:
    """Open the language menu (a button named after the current language) and choose."""
    page.get_by_role("button", name=named(current("Language"))).click()
    page.get_by_role("link", name=language_name, exact=True).click()


def expect_language(page: Page, T: Catalogue) -> None:
    expect(page.locator("html")).to_have_attribute("lang", T.locale)
    expect(link(page, T("Skip to main content"))).to_have_count(1)
    expect(page.get_by_role("navigation", name=T("Main navigation"))).to_be_visible()


def test_italian_english_italian_remembered_from_page_to_page(site, page):
    consultation = factories.create_consultation(title="Piano strategico 2026-2028", slug="piano-2026")
    page.goto(f"{site.url}/consultazioni/{consultation.slug}")
    expect_language(page, IT)

    switch_language(page, IT, "English")
    expect_language(page, EN)
    assert page.url.endswith(f"/consultazioni/{consultation.slug}")  # still on the same page
    link(page, EN("Consultations")).first.click()
    expect_language(page, EN)
    expect(page.get_by_role("heading", level=1)).to_have_text(EN("Consultations"))

    switch_language(page, EN, "Italiano")
    expect_language(page, IT)
    page.goto(site.url + "/privacy")
    expect_language(page, IT)


def test_a_logged_in_person_finds_their_language_on_another_device(site, page, browser_context):
    person = factories.create_user(email="lingua@example.org")
    log_in(page, site.url, person.email)
    switch_language(page, IT, "English")
    expect_language(page, EN)

    other_device = browser_context.browser.new_context(locale="it-IT")
    try:
        elsewhere = other_device.new_page()
        log_in(elsewhere, site.url, person.email)  # the form is Italian: not logged in yet
        elsewhere.goto(site.url + "/le-mie-proposte")
        expect_language(elsewhere, EN)
        expect(main(elsewhere)).to_contain_text(EN("My proposals"))
    finally:
        other_device.close()
