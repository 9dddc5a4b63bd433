"""Keyboard only: the skip link, and the proposal form completed and sent with Tab,
Shift-Tab, typing, Space and Enter, never a click; every element that takes the focus on
the way shows it (an outline or a focus ring), and a missing field is reported by an error
summary that takes the focus and leads to the field.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests import factories
from tests.e2e.ui import IT as T
from tests.e2e.ui import button, field, log_in, main, named

pytestmark = pytest.mark.e2e

# The focused element and whether something shows it: an outline, or a box-shadow ring
# (Bootstrap Italia draws the ring of a checkbox or radio on its label).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shows = (style) => (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || (style.boxShadow && style.boxShadow !== 'none');
  let visible = shows(getComputedStyle(el));
  if (!visible && el.labels && el.labels.length) {
    visible = [...el.labels].some((label) => shows(getComputedStyle(label))
      || shows(getComputedStyle(label, '::before')) || shows(getComputedStyle(label, '::after')));
  }
  const name = el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].innerText)
    || el.innerText || el.id || el.tagName;
  return {visible, name: name.trim().slice(0, 60), tag: el.tagName.toLowerCase(), id: el.id};
}"""


class Keyboard:
    """Moves the focus with the keys only, noting each element that showed no focus."""

    def __init__(self, page: Page):
        self.page = page
        self.unseen_focus: list[str] = []

    def press(self, key: str) -> dict | None:
        self.page.keyboard.press(key)
        focused = self.page.evaluate(FOCUSED)
        if focused and not focused["visible"]:
            self.unseen_focus.append(f"{focused['tag']}#{focused['id']} “{focused['name']}”")
        return focused

    def send(self, key: str) -> None:
        """Press ``key`` on a focused submit button and wait for the page it loads."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def tab_to(self, target: Locator, backwards: bool = False, limit: int = 120) -> None:
        """Tab (or Shift-Tab) until ``target`` has the focus."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(limit):
            self.press(key)
            if target.evaluate("el => el === document.activeElement"):
                return
        raise AssertionError(f"{limit} × {key} never reached {target}")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)


def has_focus(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement || el.contains(document.activeElement)")


@pytest.fixture
def citizen_on_form(site, page):
    consultation = factories.create_consultation(title="Piano strategico 2026-2028", slug="piano-2026")
    citizen = factories.create_user(email="tastiera@example.org")
    log_in(page, site.url, citizen.email)
    page.goto(f"{site.url}/consultazioni/{consultation.slug}/proposte/nuova")
    return page


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(site, page):
    page.goto(site.url)
    keys = Keyboard(page)
    first = keys.press("Tab")
    assert first is not None and first["tag"] == "a", first
    skip = page.get_by_role("link", name=named(T("Skip to main content")))
    assert has_focus(skip)
    expect(skip).to_be_in_viewport()  # hidden until focused, then shown
    keys.press("Enter")
    assert has_focus(page.get_by_role("main")), page.evaluate(FOCUSED)
    assert not keys.unseen_focus, keys.unseen_focus


def test_the_proposal_form_with_the_keyboard_only(citizen_on_form):
    page = citizen_on_form
    form = main(page)
    keys = Keyboard(page)
    keys.press("Tab")
    keys.press("Enter")  # the skip link

    # Everything but the title: it will be missing.
    texts = {
        "Summary": "Aprire i cortili delle scuole superiori al quartiere nel pomeriggio e d'estate.",
        "Need or problem it answers": "Nei quartieri mancano spazi sicuri per i ragazzi dopo la scuola.",
        "Proposed action": "Un accordo tra Città metropolitana, scuole e associazioni per la custodia.",
        "Expected results": "Più spazi di incontro e meno vandalismo.",
        "Actors who should be involved": "Scuole, Comuni, associazioni sportive.",
    }
    for label, text in texts.items():
        keys.tab_to(field(form, T(label)))
        keys.type(text)
    driver = field(form, T("Driver"))
    keys.tab_to(driver)
    keys.type("D7")  # a closed list selects the option whose text starts with what is typed
    expect(driver).to_have_value(str(factories.driver(7).id))

    submit = button(form, T("Submit"), exact=True)
    keys.tab_to(submit)
    keys.press("Shift+Tab")  # one step back, and forward again
    keys.tab_to(submit)
    keys.send("Enter")

    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name=T("There is a problem")))
    expect(summary).to_be_visible()
    assert has_focus(summary), f"the error summary should take the focus, not {page.evaluate(FOCUSED)}"
    to_title = summary.get_by_role("link", name=named(T("Title")))
    keys.tab_to(to_title)
    keys.press("Enter")
    title = field(form, T("Title"))
    assert has_focus(title), f"the summary's link should focus the title, not {page.evaluate(FOCUSED)}"
    expect(title).to_have_attribute("aria-invalid", "true")
    described_by = title.get_attribute("aria-describedby") or ""
    assert any(page.locator(f"#{id_}").is_visible() for id_ in described_by.split()), described_by

    keys.type("Cortili scolastici aperti ai quartieri")
    keys.tab_to(submit)
    keys.send("Space")
    expect(page).to_have_url(re.compile(r"/proposte/\d+(#.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cortili scolastici aperti ai quartieri")
    assert not keys.unseen_focus, f"focus not visible on: {keys.unseen_focus}"
