"""The proposal form's help, with its JavaScript running (app/static/js/proposal-form.js):
a Driver suggested from the text and taken with one button, similar published proposals
listed, character counters, and a draft kept in the browser that survives a reload and is
forgotten once the proposal is sent. Element ids are the stable hooks listed in docs/ui.md,
section "Proposal form assist".
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.ui import IT as T
from tests.e2e.ui import button, field, log_in, main

pytestmark = pytest.mark.e2e

TITLE = "Piste ciclabili protette per andare in bicicletta alla stazione"
SUMMARY = "Collegare con piste ciclabili protette i quartieri alle stazioni ferroviarie e alle fermate."
ACTION = "Realizzare percorsi ciclabili separati dal traffico e parcheggi per biciclette nelle stazioni."


@pytest.fixture
def form_page(site, page):
    consultation = factories.create_consultation(title="Piano strategico 2026-2028", slug="piano-2026")
    existing = factories.create_proposal(
        consultation,
        title="Piste ciclabili protette tra i comuni e le stazioni",
        summary="Una rete di piste ciclabili protette che porti alle stazioni ferroviarie.",
        action="Costruire piste ciclabili separate dal traffico verso le stazioni.",
        driver_number=5,
    )
    citizen = factories.create_user(email="scrive@example.org")
    log_in(page, site.url, citizen.email)
    page.goto(f"{site.url}/consultazioni/{consultation.slug}/proposte/nuova")
    return page, existing


# True once the stored draft holds the Driver chosen with "Use this Driver".
DRAFT_HAS_DRIVER = """([key, driver]) => {
  const stored = window.localStorage.getItem(key);
  return stored !== null && JSON.parse(stored).values.driver_id === driver;
}"""


def draft_key(page) -> str:
    return page.locator("#proposal-form").get_attribute("data-draft-key")


def stored_draft(page) -> str | None:
    return page.evaluate("(key) => window.localStorage.getItem(key)", draft_key(page))


def test_suggestions_counters_and_a_draft_that_survives_a_reload(form_page):
    page, existing = form_page
    form_url = page.url
    form = main(page)
    title = field(form, T("Title"))
    title.fill(TITLE)
    expect(page.locator("#title-counter")).to_contain_text(str(len(TITLE)))
    field(form, T("Summary")).fill(SUMMARY)
    field(form, T("Proposed action")).fill(ACTION)

    suggestion = page.locator("#driver-suggestion")
    expect(suggestion).to_be_visible()
    mobility = str(factories.driver(5).id)
    expect(suggestion).to_have_attribute("data-driver-id", mobility)
    button(form, T("Use this Driver")).click()
    driver = field(form, T("Driver"))
    expect(driver).to_have_value(mobility)
    expect(driver).to_be_focused()
    expect(page.locator("#driver-suggestion-use")).to_be_hidden()

    similar = page.locator("#similar-proposals-list > li")
    expect(similar.filter(has_text=existing.title)).to_have_count(1)
    expect(similar.first).to_have_attribute("data-proposal-id", str(existing.id))

    # The draft is saved a moment after the last change, and put back after a reload.
    page.wait_for_function(DRAFT_HAS_DRIVER, arg=[draft_key(page), mobility], timeout=5_000)
    page.reload()
    expect(page.locator("#draft-notice")).to_be_visible()
    expect(title).to_have_value(TITLE)
    expect(field(form, T("Summary"))).to_have_value(SUMMARY)
    expect(field(form, T("Driver"))).to_have_value(mobility)
    expect(page.locator("#title-counter")).to_contain_text(str(len(TITLE)))

    key = draft_key(page)
    button(form, T("Submit"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/proposte/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # Once sent, the draft leaves the browser with the page that confirms it (its scripts
    # have run once the page has loaded), not later: the form is empty again, with no notice,
    # and no check with the server is left pending that could still put the text back.
    page.wait_for_load_state("load")
    assert page.evaluate("(key) => window.localStorage.getItem(key)", key) is None
    page.goto(form_url)
    assert stored_draft(page) is None
    expect(title).to_have_value("")
    expect(page.locator("#draft-notice")).to_be_hidden()
