"""Issue 15, sections 1-3, as journeys in chromium (Italian, the default):

1. a newcomer finds the published synthesis from the home page and from the consultation,
   and reads in words how its themes were computed;
2. on a closed consultation a participant meets a clear "consultazione chiusa" note instead
   of the buttons, and dates written in full;
3. a zone coordinator reaches "La mia zona" from the menu, opens the themes of their zone's
   consultation, and is told on the form — with the text kept — that a metropolitan
   consultation is not theirs to open; from there they reach the moderation queue, which
   lists their zone's proposals only, and publish one.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests import factories
from tests.e2e.ui import IT as T
from tests.e2e.ui import button, expect_heading, field, link, log_in, main, tick
from tests.synthesis.factories import add_members, create_run, create_synthesis, create_theme

pytestmark = pytest.mark.e2e

CLOSED_TITLE = "Agenda Adda Martesana: acqua, verde e servizi"
ZONE_TITLE = "Agenda della zona Nord Ovest"
ZONE_PROPOSAL = "Navetta serale per la stazione di Rho Fiera"
ELSEWHERE_PROPOSAL = "Una proposta per tutta l'area metropolitana"


@pytest.fixture
def loop_world(site):
    nord_ovest = factories.zone("nord-ovest")
    closed = factories.create_consultation(phase="closed", slug="agenda-adda", title=CLOSED_TITLE)
    proposals = [
        factories.create_proposal(consultation=closed, title=f"Proposta numero {n} per i Navigli")
        for n in range(1, 4)
    ]
    for proposal in proposals:
        proposal.answer_kind = "accepted"
        proposal.answer_text = "Accolta nel Piano."
    closed.published_count = 3
    db.session.commit()
    run = create_run(
        closed,
        params={"k": 2, "seed": 0, "n_documents": 3, "n_usable": 3, "k_chosen_automatically": True},
    )
    add_members(run, create_theme(run, "Navigli e canali"), proposals[:2])
    add_members(run, create_theme(run, "Parchi di quartiere"), proposals[2:])
    create_synthesis(closed, run)
    zone_consultation = factories.create_consultation(
        slug="agenda-nord-ovest", title=ZONE_TITLE, scope="zone", zone=nord_ovest
    )
    factories.create_proposal(consultation=zone_consultation, state="submitted", title=ZONE_PROPOSAL)
    factories.create_proposal(
        consultation=factories.create_consultation(slug="piano-metropolitano"),
        state="submitted",
        title=ELSEWHERE_PROPOSAL,
    )
    people = {
        "citizen": factories.create_user(email="paola.neri@example.org", display_name="Paola Neri"),
        "coordinator": factories.create_user(
            email="coordinatore@example.org", roles=["zone_coordinator"], zone=nord_ovest
        ),
    }
    world = {"closed": closed, "proposal": proposals[0].id, "zone": zone_consultation, **people}
    # End the fixture's read transaction: the server's writes must be visible to later reads.
    db.session.rollback()
    return world


def test_a_newcomer_finds_the_synthesis_and_how_it_was_made(page, site, loop_world):
    page.goto(site.url)
    results = page.get_by_role("region", name=T("Results: the published syntheses"))
    link(results, T("Synthesis: %(title)s", title=CLOSED_TITLE)).click()
    expect(page).to_have_url(re.compile(r"/consultazioni/agenda-adda/sintesi$"))
    expect(main(page)).to_contain_text("Navigli e canali")
    page.get_by_text(T("How the themes were computed")).click()
    expect(main(page)).to_contain_text(T("Proposals read"))
    expect(main(page)).not_to_contain_text("{")

    # The consultation's own page leads there too, with the facts of the synthesis.
    page.goto(f"{site.url}/consultazioni/agenda-adda")
    callout = page.get_by_role("region", name=T("The synthesis is published"))
    expect(callout).to_contain_text("2 temi")
    expect(callout).to_contain_text(
        T("%(answered)s of %(total)s proposals answered", answered="3", total="3")
    )
    link(callout, T("Read the synthesis of this consultation")).click()
    expect(page).to_have_url(re.compile(r"/consultazioni/agenda-adda/sintesi$"))

    # And the list marks it.
    page.goto(f"{site.url}/consultazioni/")
    link(main(page), T("Read the published synthesis")).first.click()
    expect(page).to_have_url(re.compile(r"/consultazioni/agenda-adda/sintesi$"))


def test_a_closed_consultation_says_so_instead_of_offering_buttons(page, site, loop_world):
    log_in(page, site.url, loop_world["citizen"].email)
    page.goto(f"{site.url}/proposte/{loop_world['proposal']}")
    note = T("This consultation is closed: supports, comments and reports are no longer accepted.")
    expect(main(page).get_by_text(note).first).to_be_visible()
    expect(button(main(page), T("Support this proposal"))).to_have_count(0)
    expect(button(main(page), T("Publish the comment"))).to_have_count(0)
    expect(link(main(page), T("Report this proposal"))).to_have_count(0)
    # The phases are written with four-digit years, never as 11/27/26.
    page.goto(f"{site.url}/consultazioni/agenda-adda")
    phases = page.get_by_role("region", name=T("Phases"))
    expect(phases).to_contain_text(re.compile(r"\b20\d\d\b"))
    expect(phases).not_to_contain_text(re.compile(r"\d+/\d+/\d\d\b"))


def test_a_zone_coordinator_is_at_home_in_their_zone(page, site, loop_world):
    log_in(page, site.url, loop_world["coordinator"].email)
    link(page, T("My zone")).first.click()
    expect_heading(page, T("My zone"))
    expect(main(page)).to_contain_text(ZONE_TITLE)
    expect(main(page)).not_to_contain_text(CLOSED_TITLE)
    link(main(page), T("Themes")).first.click()
    expect(page).to_have_url(re.compile(r"/sintesi/consultazioni/agenda-nord-ovest$"))
    expect_heading(page, T("Themes of “%(title)s”", title=ZONE_TITLE))

    # A new consultation starts from their zone; choosing the whole area is a form error
    # that keeps what they typed.
    page.goto(f"{site.url}/la-mia-zona/")
    link(main(page), T("Open a new consultation")).click()
    form = main(page)
    expect(field(form, T("One zone"))).to_be_checked()
    expect(field(form, T("Zone"))).to_have_value(str(loop_world["zone"].zone_id))
    field(form, T("Title")).fill("Una consultazione per tutta l'area")
    field(form, T("Description")).fill("Un testo scritto con cura che non deve andare perso.")
    tick(field(form, T("Whole metropolitan area")))
    tick(form.get_by_label(re.compile(r"^D5 ")))
    for label, day in (
        ("Information phase starts", "2027-01-11"),
        ("Collection of proposals starts", "2027-01-18"),
        ("Discussion starts", "2027-02-15"),
        ("Synthesis starts", "2027-03-01"),
        ("Answers (restituzione) start", "2027-03-15"),
        ("Consultation closes", "2027-04-30"),
    ):
        field(form, T(label)).fill(f"{day}T00:00")
    button(form, T("Create the consultation")).click()
    expect(main(page)).to_contain_text(
        T("Consultations for the whole metropolitan area are opened by the plan office: choose your zone.")
    )
    expect(field(main(page), T("Description"))).to_have_value(
        "Un testo scritto con cura che non deve andare perso."
    )


def test_a_zone_coordinator_moderates_their_zone_consultation(page, site, loop_world):
    log_in(page, site.url, loop_world["coordinator"].email)
    link(page, T("My zone")).first.click()
    link(main(page), T("Go to the moderation queue")).click()
    expect_heading(page, T("Moderation queue"))
    expect(main(page)).to_contain_text(
        T(
            "As the coordinator of your zone you see, and decide on, the content of your zone's "
            "consultations only. Your own proposals and comments, and the reports you made, are "
            "decided by someone else."
        )
    )
    expect(main(page)).not_to_contain_text(ELSEWHERE_PROPOSAL)
    link(main(page), ZONE_PROPOSAL).click()
    button(main(page), T("Publish the proposal")).click()
    expect(page.get_by_role("status").filter(has_text=T("The proposal has been published."))).to_be_visible()
    page.goto(f"{site.url}/consultazioni/agenda-nord-ovest")
    expect(main(page)).to_contain_text(ZONE_PROPOSAL)
