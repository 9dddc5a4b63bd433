"""Every page type, opened in chromium as the person who uses it:

- axe-core finds no WCAG 2.1 A/AA violation of impact serious or critical, in Italian and
  again in English;
- at phone width (375 px) nothing makes the page scroll sideways (checked in the same
  browser window, narrowed: one page load for both checks).

One populated site (the demo data, tests/e2e/world.py) serves the whole module; each person's browser
profile logs in once and is reused from page to page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser import DESKTOP, PHONE, new_context
from tests.conftest import _clean_app
from tests.e2e.axe import axe_check
from tests.e2e.conftest import PageProblems, served
from tests.e2e.ui import EN, IT, Catalogue, button, log_in, main
from tests.e2e.world import PASSWORD as DEMO_PASSWORD
from tests.e2e.world import build_world

pytestmark = pytest.mark.e2e


def submit_empty(page: Page, T: Catalogue, label: str) -> None:
    """Send the form as it is, to see the page with its error messages."""
    button(main(page), T(label)).click()
    expect(page.get_by_role("heading", name=T("There is a problem"))).to_be_visible()


def _empty_update(page: Page, T: Catalogue) -> None:
    """Send the progress form with its text left empty."""
    submit_empty(page, T, "Publish the update")


@dataclass(frozen=True)
class PageCase:
    name: str
    role: str
    path: Callable[[dict], str]
    status: int = 200
    # What the person does on the page before it is checked (e.g. send an empty form).
    then: Callable[[Page, Catalogue], None] | None = None

    def __str__(self) -> str:
        return self.name


PAGES = [
    PageCase("home", "visitor", lambda w: "/"),
    PageCase("consultations", "visitor", lambda w: "/consultazioni/"),
    PageCase("consultation", "visitor", lambda w: f"/consultazioni/{w['slug']}"),
    PageCase(
        "consultation-filtered",
        "visitor",
        lambda w: f"/consultazioni/{w['slug']}?q=piste&driver=5&zone=nord-ovest&actor=cittadino#proposals",
    ),
    PageCase("proposal-answered", "visitor", lambda w: f"/proposte/{w['answered']}"),
    PageCase("organisation", "visitor", lambda w: f"/enti/{w['organisation']}"),
    PageCase("comune", "visitor", lambda w: "/comuni/015182"),
    PageCase("public-synthesis", "visitor", lambda w: f"/consultazioni/{w['answered_slug']}/sintesi"),
    PageCase(
        "public-theme", "visitor", lambda w: f"/consultazioni/{w['answered_slug']}/sintesi/temi/{w['theme']}"
    ),
    PageCase("open-data", "visitor", lambda w: "/dati-aperti"),
    PageCase("statistics", "visitor", lambda w: "/statistiche"),
    PageCase(
        "statistics-consultation-zone",
        "visitor",
        lambda w: f"/statistiche?consultazione={w['slug']}&zona=nord-ovest",
    ),
    PageCase("statistics-exact", "analyst", lambda w: "/statistiche"),
    PageCase("plan-actions", "visitor", lambda w: "/dal-forum-al-piano/?stato=in_progress"),
    PageCase("plan-action", "visitor", lambda w: f"/dal-forum-al-piano/azioni/{w['action']}"),
    PageCase("privacy", "visitor", lambda w: "/privacy"),
    PageCase("accessibility-statement", "visitor", lambda w: "/accessibilita"),
    PageCase("login", "visitor", lambda w: "/account/accedi"),
    PageCase("register", "visitor", lambda w: "/account/registrati"),
    PageCase(
        "register-errors",
        "visitor",
        lambda w: "/account/registrati",
        then=lambda page, T: submit_empty(page, T, "Create my account"),
    ),
    PageCase("not-found", "visitor", lambda w: "/pagina-che-non-esiste", status=404),
    PageCase("proposal-own", "citizen", lambda w: f"/proposte/{w['own']}"),
    PageCase("proposal-form", "citizen", lambda w: f"/consultazioni/{w['slug']}/proposte/nuova"),
    PageCase(
        "proposal-form-errors",
        "citizen",
        lambda w: f"/consultazioni/{w['slug']}/proposte/nuova",
        then=lambda page, T: submit_empty(page, T, "Submit"),
    ),
    PageCase("proposal-draft-edit", "citizen", lambda w: f"/proposte/{w['draft']}/modifica"),
    PageCase("flag-form", "citizen", lambda w: f"/proposte/{w['reportable']}/segnala"),
    PageCase("my-proposals", "citizen", lambda w: "/le-mie-proposte"),
    PageCase("profile", "citizen", lambda w: "/account/profilo"),
    PageCase("notification-settings", "citizen", lambda w: "/account/notifiche"),
    PageCase("notifications", "citizen", lambda w: "/notifiche/"),
    PageCase("moderation-queue", "moderator", lambda w: "/moderazione/"),
    PageCase("moderation-review", "moderator", lambda w: f"/moderazione/proposte/{w['submitted']}"),
    PageCase("moderation-flags", "moderator", lambda w: f"/moderazione/segnalazioni/{w['flag']}"),
    PageCase("moderation-comment", "moderator", lambda w: f"/moderazione/commenti/{w['comment']}"),
    PageCase("moderation-log", "moderator", lambda w: "/moderazione/registro"),
    PageCase("synthesis-index", "analyst", lambda w: "/sintesi/"),
    PageCase("synthesis-workspace", "analyst", lambda w: f"/sintesi/consultazioni/{w['slug']}"),
    PageCase("synthesis-theme", "analyst", lambda w: f"/sintesi/temi/{w['theme']}"),
    PageCase("synthesis-run", "analyst", lambda w: f"/sintesi/esecuzioni/{w['run']}"),
    PageCase("crossreadings", "analyst", lambda w: f"/sintesi/consultazioni/{w['slug']}/letture"),
    PageCase(
        "synthesis-publication", "analyst", lambda w: f"/sintesi/consultazioni/{w['slug']}/pubblicazione"
    ),
    PageCase("answers", "analyst", lambda w: f"/sintesi/risposte/{w['slug']}"),
    PageCase("answer-proposal", "analyst", lambda w: f"/sintesi/risposte/proposte/{w['answered']}"),
    PageCase("answer-theme", "analyst", lambda w: f"/sintesi/risposte/temi/{w['theme']}"),
    PageCase("plan-action-manage", "analyst", lambda w: f"/dal-forum-al-piano/azioni/{w['action']}/gestisci"),
    PageCase(
        "plan-action-update-errors",
        "analyst",
        lambda w: f"/dal-forum-al-piano/azioni/{w['action']}/gestisci",
        then=lambda page, T: _empty_update(page, T),
    ),
    PageCase("admin", "admin", lambda w: "/admin/"),
    PageCase("admin-users", "admin", lambda w: "/admin/utenti"),
    PageCase("admin-user", "admin", lambda w: f"/admin/utenti/{w['citizen']}"),
    PageCase("admin-reference", "admin", lambda w: "/admin/dati-di-riferimento"),
    PageCase("admin-driver", "admin", lambda w: "/admin/driver/5"),
    PageCase("admin-audit", "admin", lambda w: "/admin/registro"),
    PageCase("admin-organisations", "admin", lambda w: "/admin/enti"),
    PageCase("admin-comuni", "admin", lambda w: "/admin/comuni"),
    PageCase("admin-representations", "admin", lambda w: "/admin/rappresentanze"),
    PageCase("admin-actions", "admin", lambda w: "/admin/azioni/"),
    PageCase("admin-action-edit", "admin", lambda w: f"/admin/azioni/{w['action']}"),
    PageCase("meetings", "visitor", lambda w: "/incontri/"),
    PageCase("meeting-held", "visitor", lambda w: f"/incontri/{w['meeting_held']}"),
    PageCase("meeting-upcoming", "citizen", lambda w: f"/incontri/{w['meeting_upcoming']}"),
    PageCase("document-upload", "citizen", lambda w: f"/documenti/proposal/{w['own']}/nuovo"),
    PageCase(
        "document-upload-errors",
        "citizen",
        lambda w: f"/documenti/proposal/{w['own']}/nuovo",
        then=lambda page, T: submit_empty(page, T, "Upload"),
    ),
    PageCase("meeting-new", "analyst", lambda w: "/incontri/nuovo"),
    PageCase("meeting-edit", "analyst", lambda w: f"/incontri/{w['meeting_upcoming']}/modifica"),
    PageCase("meeting-minutes", "analyst", lambda w: f"/incontri/{w['meeting_held']}/verbale"),
    PageCase("meeting-registrations", "analyst", lambda w: f"/incontri/{w['meeting_upcoming']}/iscritti"),
    PageCase("consultation-new", "admin", lambda w: "/consultazioni/nuova"),
    # Issue 15: the closed, answered consultation with its synthesis; the zone coordinators' area.
    PageCase("consultation-with-synthesis", "visitor", lambda w: f"/consultazioni/{w['answered_slug']}"),
    PageCase("my-zone", "coordinator", lambda w: "/la-mia-zona/"),
    PageCase("synthesis-workspace-zone", "coordinator", lambda w: f"/sintesi/consultazioni/{w['zone_slug']}"),
    PageCase(
        "crossreadings-zone", "coordinator", lambda w: f"/sintesi/consultazioni/{w['zone_slug']}/letture"
    ),
    PageCase("consultation-new-coordinator", "coordinator", lambda w: "/consultazioni/nuova"),
    PageCase("moderation-queue-zone", "coordinator", lambda w: "/moderazione/"),
    PageCase(
        "moderation-review-zone", "coordinator", lambda w: f"/moderazione/proposte/{w['zone_submitted']}"
    ),
    PageCase("moderation-flags-zone", "coordinator", lambda w: f"/moderazione/segnalazioni/{w['zone_flag']}"),
    PageCase("consultation-edit", "admin", lambda w: f"/consultazioni/{w['slug']}/modifica"),
]


class Browsers:
    """One logged-in browser profile per (person, language), opened on first use."""

    def __init__(self, chromium, site, world):
        self.chromium, self.site, self.world = chromium, site, world
        self.pages: dict[tuple, tuple[Page, PageProblems]] = {}
        self.language_of: dict[object, str] = {}

    def page(self, role: str, T: Catalogue) -> tuple[Page, PageProblems]:
        key = (role, T.locale)
        if key not in self.pages:
            context = new_context(self.chromium)
            page = context.new_page()
            problems = PageProblems(page)
            if role != "visitor":
                log_in(page, self.site.url, self.world["people"][role].email, password=DEMO_PASSWORD)
            self.pages[key] = (page, problems)
        page, problems = self.pages[key]
        # A visitor's language lives in the browser's cookie; a logged-in person's on the
        # profile, shared by all their browsers.
        holder = key if role == "visitor" else role
        if self.language_of.get(holder) != T.locale:
            page.goto(f"{self.site.url}/lingua/{T.locale}?next=/")
            self.language_of[holder] = T.locale
        return page, problems

    def close(self) -> None:
        for page, _problems in self.pages.values():
            page.context.close()


@pytest.fixture(scope="module")
def browsers(_apps, database_template, smtp_server, chromium):
    # One clean database for the whole module: the suite's per-test helper, entered once.
    with _clean_app(_apps, "csrf", database_template), served(_apps["csrf"], smtp_server) as site:
        world = build_world(_apps["csrf"])
        opened = Browsers(chromium, site, world)
        yield opened
        opened.close()
        assert not site.server_errors, site.server_errors


def open_case(browsers: Browsers, case: PageCase, T: Catalogue) -> Page:
    page, problems = browsers.page(case.role, T)
    seen = len(problems.errors)
    response = page.goto(browsers.site.url + case.path(browsers.world))
    assert response.status == case.status, f"{case.name}: HTTP {response.status}"
    if case.then:
        case.then(page, T)
    assert problems.errors[seen:] == [], problems.errors[seen:]
    return page


@pytest.mark.parametrize("case", PAGES, ids=str)
def test_in_italian_axe_passes_and_a_phone_needs_no_sideways_scroll(browsers, case):
    page = open_case(browsers, case, IT)
    expect(page.locator("html")).to_have_attribute("lang", "it")
    axe_check(page, f"{case.name} (it, {case.role})")
    # The same page at phone width (one navigation for both checks keeps the suite short).
    page.set_viewport_size(PHONE)
    try:
        widths = page.evaluate(WIDTHS)
        assert widths["page"] <= widths["screen"], (
            f"{case.name}: {widths['page']} px wide on a 375 px screen; too wide: {page.evaluate(WIDEST)}"
        )
        # Nor is an introduction cut by the box that scrolls its table (issue 15).
        assert page.evaluate(CUT_CAPTIONS) == [], f"{case.name}: captions cut at 375 px"
    finally:
        page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("case", PAGES, ids=str)
def test_in_english_axe_passes(browsers, case):
    page = open_case(browsers, case, EN)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page, f"{case.name} (en, {case.role})")


def test_the_checks_do_see_problems(browsers):
    """axe_check fails on a violation, and the width check on a page too wide."""
    page = open_case(browsers, PAGES[0], IT)
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = '/static/none.png';
        const wide = document.createElement('div');
        wide.textContent = 'x';
        wide.setAttribute('aria-hidden', 'true');
        wide.style.width = '2000px';
        document.querySelector('main').append(img, wide);
    }""")
    with pytest.raises(AssertionError, match="image-alt"):
        axe_check(page)
    assert "div" in " ".join(page.evaluate(WIDEST))
    page.set_viewport_size(PHONE)
    try:
        page.evaluate("""() => {
            const box = document.createElement('div');
            box.className = 'table-responsive';
            box.innerHTML = '<table class="table"><caption>Una didascalia lunga che non entra</caption>'
                + '<tr><td>x</td></tr></table>';
            box.querySelector('td').style.minWidth = '900px';
            box.querySelector('caption').style.maxWidth = 'none';
            document.querySelector('main').append(box);
        }""")
        assert page.evaluate(CUT_CAPTIONS) == ["Una didascalia lunga che non entra"]
    finally:
        page.set_viewport_size(DESKTOP)


WIDTHS = "() => ({page: document.documentElement.scrollWidth, screen: document.documentElement.clientWidth})"
# Visible table captions that stick out of the box scrolling their table: the words past its edge
# cannot be read (the moderation queue's introduction was cut so at 375 px).
CUT_CAPTIONS = """() => [...document.querySelectorAll('caption')].filter((caption) => {
  const box = caption.closest('.table-responsive, .table-scroll');
  if (!box || caption.getBoundingClientRect().width <= 1) return false;  // no scroller, or visually hidden
  const inner = caption.getBoundingClientRect(), outer = box.getBoundingClientRect();
  return inner.left < outer.left - 1 || inner.right > outer.right + 1;
}).map((caption) => caption.textContent.trim().slice(0, 60))"""
# The elements that stick out on the right and that no scrolling box of theirs clips (an
# absolutely positioned element escapes a box that does not contain its containing block).
WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].slice(0, 2).join('.') : '');
  const clipped = (el) => {
    const positioned = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
    for (let box = el.parentElement; box; box = box.parentElement) {
      const clips = getComputedStyle(box).overflowX !== 'visible';
      if (clips && (!positioned || box === el.offsetParent || box.contains(el.offsetParent))) return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > limit + 1 && !clipped(el))
    .slice(-5)
    .map((el) => describe(el) + ' in ' + describe(el.parentElement)
      + ' (' + Math.round(el.getBoundingClientRect().right) + ' px)');
}"""
