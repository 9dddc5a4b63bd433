"""The comuni of a proposal on a phone: checkboxes with a filter box, by touch or keyboard,
no Ctrl/Cmd; hidden while the scope is not "one or more comuni"; axe-clean at 375 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser import PHONE, new_context
from tests.e2e.axe import axe_check
from tests.e2e.conftest import PageProblems
from tests.e2e.ui import IT as T
from tests.e2e.ui import field, log_in, main, named, tick

pytestmark = pytest.mark.e2e


def test_choosing_comuni_on_a_phone(site, chromium):
    consultation = factories.create_consultation(title="Piano strategico", slug="piano-comuni")
    citizen = factories.create_user(email="telefono@example.org")
    context = new_context(chromium, viewport=PHONE)
    page = context.new_page()
    problems = PageProblems(page)
    try:
        log_in(page, site.url, citizen.email)
        page.goto(f"{site.url}/consultazioni/{consultation.slug}/proposte/nuova")
        picker = page.locator("#comuni-picker")
        expect(picker).to_be_hidden()  # the scope is the whole area by default

        tick(main(page).get_by_label(named(T("One or more comuni"))))
        expect(picker).to_be_visible()
        search = field(picker, T("Find a comune"))
        search.fill("rho")
        rho = picker.get_by_label(named("Rho", exact=True))
        expect(rho).to_be_visible()
        expect(picker.get_by_label(named("Magenta", exact=True))).to_be_hidden()
        search.press("Tab")
        page.keyboard.press("Space")  # the first comune left in sight is ticked by keyboard
        expect(rho).to_be_checked()
        expect(page.locator("#comuni-filter-status")).to_contain_text(f"{T('1 comune chosen:')} Rho.")

        search.fill("")
        expect(picker.get_by_label(named("Magenta", exact=True))).to_be_visible()
        widths = page.evaluate("() => document.documentElement.scrollWidth")
        assert widths <= 375, f"{widths} px wide on a 375 px screen"
        axe_check(page, "proposal form, comuni picker (it, phone)")
        assert not problems.errors, problems.errors
    finally:
        context.close()
