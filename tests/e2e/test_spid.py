"""SPID/CIE sign-in in a real browser, against the test OpenID Connect provider over HTTP
(issue 18): the happy path from the login page to "identità verificata", and the new pages
(login with the button, complete the account, link an existing account, refusal) through
axe-core in both languages and at phone width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser import DESKTOP, PHONE
from tests.e2e.axe import axe_check
from tests.e2e.ui import EN, IT, Catalogue, button, field, link, main, tick
from tests.identity.conftest import configure
from tests.oidc_provider import running_provider

pytestmark = pytest.mark.e2e

WIDTHS = "() => ({page: document.documentElement.scrollWidth, screen: document.documentElement.clientWidth})"


@pytest.fixture
def gateway(site):
    with running_provider(f"{site.url}/account/spid-cie/ritorno") as provider:
        configure(site.app, provider)
        yield provider


def accessible_at_any_width(page: Page, where: str) -> None:
    axe_check(page, where)
    page.set_viewport_size(PHONE)
    try:
        widths = page.evaluate(WIDTHS)
        assert widths["page"] <= widths["screen"], f"{where}: {widths['page']} px wide on a 375 px screen"
    finally:
        page.set_viewport_size(DESKTOP)


def start_at_login(page: Page, site, T: Catalogue) -> None:
    page.goto(f"{site.url}/account/accedi")
    link(main(page), T("Sign in with SPID or CIE")).click()


def test_a_citizen_signs_in_with_spid_and_carries_the_verified_identity_mark(site, gateway, page):
    start_at_login(page, site, IT)
    # Through the gateway and back: the Forum asks only for the public name and the privacy notice.
    expect(page.get_by_role("heading", level=1, name=IT("Complete your account"))).to_be_visible()
    form = main(page)
    expect(field(form, IT("Public name"))).to_have_value("Maria R.")
    tick(field(form, IT("I have read the privacy notice and I accept it")))
    button(form, IT("Open my account")).click()
    expect(page.get_by_text(IT("Your account is open and your identity is verified."))).to_be_visible()

    page.goto(f"{site.url}/account/profilo")
    expect(main(page).get_by_text(IT("verified identity"), exact=True)).to_be_visible()

    # Next time the same identity signs straight in.
    page.locator("#account-menu-button").click()
    page.get_by_role("button", name=IT("Log out"), exact=True).click()
    start_at_login(page, site, IT)
    welcome = IT("Welcome back, %(name)s: you signed in with SPID or CIE.", name="Maria R.")
    expect(page.get_by_text(welcome)).to_be_visible()


@pytest.mark.parametrize("T", [IT, EN], ids=["it", "en"])
def test_the_spid_pages_pass_axe_and_fit_a_phone(site, gateway, page, T):
    if T is EN:
        page.goto(f"{site.url}/lingua/en")
    page.goto(f"{site.url}/account/accedi")
    accessible_at_any_width(page, f"login with SPID ({T.locale})")

    start_at_login(page, site, T)
    expect(page.get_by_role("heading", level=1, name=T("Complete your account"))).to_be_visible()
    button(main(page), T("Open my account")).click()  # without the privacy box: the errors shown
    expect(page.get_by_role("heading", name=T("There is a problem"))).to_be_visible()
    accessible_at_any_width(page, f"complete the account, with errors ({T.locale})")

    factories.create_user(email="maria.rossi@example.org")
    start_at_login(page, site, T)
    expect(page.get_by_role("heading", level=1, name=T("Link your identity to your account"))).to_be_visible()
    accessible_at_any_width(page, f"link an account ({T.locale})")

    gateway.behaviour.person.pop("fiscal_number")
    start_at_login(page, site, T)
    expect(
        page.get_by_role("heading", level=1, name=T("Sign-in with SPID or CIE not completed"))
    ).to_be_visible()
    accessible_at_any_width(page, f"refusal ({T.locale})")
