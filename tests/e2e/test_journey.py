"""The main journey of the platform, end to end in chromium, in Italian (the default).

A citizen registers and confirms the address from the real e-mail, submits a proposal; a
moderator publishes it; another person supports and comments on it; an analyst of the plan
office runs the thematic analysis (computed by the in-process worker), publishes the
synthesis and answers the proposal; the author finds the answer on the proposal's page.

Only reference data, the consultation, the staff accounts and the proposals already
under discussion (the themes engine needs a few dozen) are made by factories.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.proposals.models import Proposal
from app.synthesis.models import ThemeMembership
from tests import factories
from tests.browser import new_context
from tests.e2e.ui import IT as T
from tests.e2e.ui import button, expect_heading, field, link, log_in, main, named, tick
from tests.synthesis.run_helpers import add_proposals

pytestmark = pytest.mark.e2e

CITIZEN_EMAIL = "giulia.bianchi@example.org"
TITLE = "Una rete di piste ciclabili tra i comuni del Nord Ovest"
ANSWER = "La proposta entra nel Piano: le piste saranno finanziate nel prossimo triennio."
COMMENT = "Ottima idea: servirebbe anche un parcheggio custodito per le biciclette."
CONFIRM_LINK = re.compile(r"http://127\.0\.0\.1:\d+/account/conferma/\S+")


@pytest.fixture
def people(site):
    consultation = factories.create_consultation(
        title="Piano strategico 2026-2028: le vostre proposte", slug="piano-2026"
    )
    add_proposals(consultation, 23)
    staff = {
        "moderator": factories.create_user(email="moderatrice@example.org", roles=["moderator"]),
        "analyst": factories.create_user(email="ufficio.piano@example.org", roles=["analyst"]),
        "supporter": factories.create_user(email="marco.verdi@example.org", display_name="Marco Verdi"),
    }
    # End the fixture's read transaction: the server's writes must be visible to later reads.
    db.session.rollback()
    return {"consultation": consultation, **staff}


@pytest.fixture
def open_page(chromium):
    """``open_page()``: a page in a new browser profile, one per person of the journey."""
    contexts = []

    def opened():
        context = new_context(chromium)
        contexts.append(context)
        return context.new_page()

    yield opened
    for context in contexts:
        context.close()


def register_and_confirm(page, site) -> None:
    page.goto(site.url)
    link(page, T("Register")).first.click()
    expect_heading(page, T("Register"))
    form = main(page)
    field(form, T("E-mail address")).fill(CITIZEN_EMAIL)
    field(form, T("Public name")).fill("Giulia Bianchi")
    field(form, T("Password")).fill(factories.PASSWORD)
    field(form, T("Repeat the password")).fill(factories.PASSWORD)
    tick(field(form, T("I have read the privacy notice and I accept it")))
    button(form, T("Create my account")).click()
    expect(page).to_have_url(re.compile(r"/account/controlla-email$"))

    mail = site.mailbox.wait_for(CITIZEN_EMAIL)
    confirm = CONFIRM_LINK.search(site.mailbox.text_of(mail)).group(0)
    page.goto(confirm)
    expect(page.get_by_text(T("Thank you: your e-mail address is confirmed."))).to_be_visible()


def submit_proposal(page, consultation) -> int:
    link(page, T("Consultations")).first.click()
    link(main(page), consultation.title).first.click()
    link(main(page), T("Submit a proposal")).first.click()
    form = main(page)
    field(form, T("Title")).fill(TITLE)
    field(form, T("Summary")).fill(
        "Collegare con piste ciclabili protette i comuni del Nord Ovest e le stazioni ferroviarie."
    )
    field(form, T("Need or problem it answers")).fill(
        "Oggi andare in bicicletta da un comune all'altro è pericoloso: mancano percorsi protetti."
    )
    field(form, T("Proposed action")).fill(
        "Progettare 40 km di piste ciclabili protette, con rastrelliere nelle stazioni e segnaletica."
    )
    field(form, T("Expected results")).fill("Meno auto nei tragitti brevi e spostamenti più sicuri.")
    field(form, T("Actors who should be involved")).fill("Comuni, Città metropolitana, associazioni.")
    field(form, T("Driver")).select_option(value=str(factories.driver(5).id))
    button(form, T("Submit"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/proposte/\d+$"))
    expect_heading(page, TITLE)
    return int(re.search(r"/proposte/(\d+)$", page.url).group(1))


def moderator_publishes(page, site, moderator, proposal_id: int) -> None:
    log_in(page, site.url, moderator.email)
    link(page, T("Moderation")).first.click()
    link(main(page), TITLE).first.click()
    button(main(page), T("Publish the proposal")).click()
    expect(page.get_by_role("main")).to_contain_text(T("Published"))
    page.goto(f"{site.url}/proposte/{proposal_id}")
    expect_heading(page, TITLE)


def supporter_supports_and_comments(page, site, supporter, consultation) -> None:
    log_in(page, site.url, supporter.email)
    page.goto(f"{site.url}/consultazioni/{consultation.slug}")
    link(main(page), TITLE).first.click()
    button(main(page), T("Support this proposal")).click()
    expect(page.get_by_text(T("Thank you: you now support this proposal."))).to_be_visible()
    field(main(page), T("Your comment")).fill(COMMENT)
    button(main(page), T("Publish the comment")).click()
    expect(page.get_by_text(T("Your comment has been published."))).to_be_visible()
    expect(main(page)).to_contain_text(COMMENT)


def analyst_runs_themes_and_publishes(page, site, analyst, consultation) -> None:
    log_in(page, site.url, analyst.email)
    link(page, T("Thematic synthesis")).first.click()
    link(main(page), consultation.title).first.click()
    field(main(page), T("Number of themes")).fill("4")
    button(main(page), T("Start the run")).click()
    expect(page.get_by_text(T("The run has started. This page shows its progress."))).to_be_visible()
    # The run page reloads itself until the worker thread has finished the run.
    expect(link(main(page), T("See the themes"))).to_be_visible(timeout=120_000)
    link(main(page), T("See the themes")).click()
    expect(main(page).get_by_role("table").first).to_be_visible()

    # The workspace has no link to the publication page yet (reported): go by address.
    page.goto(f"{site.url}/sintesi/consultazioni/{consultation.slug}/pubblicazione")
    field(main(page), T("Introduction")).fill("Le proposte raccolte, lette per temi dall'ufficio di piano.")
    button(main(page), T("Publish")).click()
    expect(page.get_by_text(T("The synthesis is published."))).to_be_visible()


def analyst_answers(page, site, consultation, proposal_id: int) -> None:
    page.goto(f"{site.url}/consultazioni/{consultation.slug}")
    link(main(page), TITLE).first.click()
    link(main(page), T("Write the official answer")).click()
    tick(main(page).get_by_role("radio", name=named(T("Accepted"), exact=True)))
    field(main(page), T("Text of the answer")).fill(ANSWER)
    button(main(page), T("Save the answer and notify")).click()
    expect(page.get_by_text(T("The answer is saved and the people concerned are notified."))).to_be_visible()


def test_from_registration_to_the_official_answer(site, people, open_page):
    consultation = people["consultation"]
    citizen = open_page()
    register_and_confirm(citizen, site)
    log_in(citizen, site.url, CITIZEN_EMAIL)
    proposal_id = submit_proposal(citizen, consultation)
    expect(main(citizen)).to_contain_text(T("Awaiting moderation"))

    moderator_publishes(open_page(), site, people["moderator"], proposal_id)
    supporter_supports_and_comments(open_page(), site, people["supporter"], consultation)

    analyst = open_page()
    analyst_runs_themes_and_publishes(analyst, site, people["analyst"], consultation)
    # The citizen's proposal is one of the 24 the engine grouped into themes.
    db.session.rollback()
    assert db.session.scalar(select(ThemeMembership.id).where(ThemeMembership.proposal_id == proposal_id))
    analyst_answers(analyst, site, consultation, proposal_id)

    # The author is told by e-mail, and finds the answer, the support and the comment.
    site.mailbox.wait_for(CITIZEN_EMAIL, containing=ANSWER)
    citizen.goto(site.url)
    citizen.get_by_role("button", name=named(T("My account"))).click()  # the account menu
    link(citizen, T("My proposals")).first.click()
    link(main(citizen), TITLE).first.click()
    page = main(citizen)
    expect(page.get_by_role("heading", name=named(T("Official answer")))).to_be_visible()
    expect(page).to_contain_text(ANSWER)
    expect(page).to_contain_text(T("Accepted"))
    expect(page).to_contain_text(COMMENT)

    # Anyone can read the published synthesis.
    citizen.goto(f"{site.url}/consultazioni/{consultation.slug}/sintesi")
    expect(main(citizen)).to_contain_text("Le proposte raccolte, lette per temi")
    db.session.rollback()
    proposal = db.session.get(Proposal, proposal_id)
    assert (proposal.state, proposal.answer_kind, proposal.supports_count) == ("published", "accolta", 1)
