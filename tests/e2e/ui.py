"""How the browser tests find things on a page: by role and accessible name, in the page's
language, never by CSS class (the markup is restyled under them).

Names are written as the English msgids of the app and translated with the app's own
compiled catalogues, so a test keeps passing when a translation is reworded and still
reads like the page a person sees.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.support import Translations
from playwright.sync_api import Locator, Page, expect

from tests.factories import PASSWORD

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


class Catalogue:
    """``T("Log in")`` is the text the app shows for that msgid in ``locale``."""

    def __init__(self, locale: str):
        self.locale = locale
        self._translations = Translations.load(str(TRANSLATIONS), [locale])

    def __call__(self, msgid: str, **values) -> str:
        text = self._translations.gettext(msgid)
        return text % values if values else text


IT = Catalogue("it")
EN = Catalogue("en")


def named(text: str, exact: bool = False) -> re.Pattern:
    """An accessible name starting with ``text`` (a label may go on with "(required)"),
    or, when ``exact``, only ``text``."""
    end = r"\s*$" if exact else r"(?![\w])"
    return re.compile(r"^\s*" + re.escape(text) + end, re.IGNORECASE)


def field(page: Page | Locator, label: str) -> Locator:
    """The form control labelled ``label`` (a region may carry the same words)."""
    return page.get_by_label(named(label)).and_(page.locator("input, select, textarea"))


def button(page: Page | Locator, name: str, exact: bool = False) -> Locator:
    return page.get_by_role("button", name=named(name, exact))


def link(page: Page | Locator, name: str) -> Locator:
    return page.get_by_role("link", name=named(name))


def tick(control: Locator) -> None:
    """Check a checkbox or radio button. Bootstrap Italia draws the box on the label, which
    covers the real input: a person clicks the label, and so do we. An ordinary click waits
    until the label stops moving (a forced click on the input did not: the password strength
    meter above the privacy box still grows after typing, and the click landed beside it)."""
    control_id = control.get_attribute("id")
    if control_id:
        control.page.locator(f'label[for="{control_id}"]').click()
        expect(control).to_be_checked()
    else:
        control.check(force=True)


def main(page: Page) -> Locator:
    return page.get_by_role("main")


def log_in(page: Page, base_url: str, email: str, T: Catalogue = IT, password: str = PASSWORD) -> None:
    """Log in through the real form (shown in ``T``'s language) and wait to be sent on."""
    page.goto(f"{base_url}/account/accedi")
    form = main(page)
    field(form, T("E-mail address")).fill(email)
    field(form, T("Password")).fill(password)
    button(form, T("Log in")).click()
    # Logged in: sent on from the login page (in the profile's language, maybe another).
    expect(page).not_to_have_url(re.compile(r"/account/accedi"))


def expect_heading(page: Page, text: str, level: int = 1) -> None:
    expect(page.get_by_role("heading", level=level, name=named(text))).to_be_visible()
