"""From the Forum to the plan, in chromium and in Italian: an analyst links a whole theme to
an action of the plan and posts an update with a document; the proposal's author gets the
e-mails (the proposal flowed into the action; the action is under way), finds
"Confluita in: <action> (in corso, 40 %)" on the proposal's page and downloads the document
from the action's timeline.

The consultation, the proposals, their theme (no themes engine run: tests/e2e/test_journey.py
covers it) and the action are made by factories.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests import factories
from tests.actions.factories import create_action
from tests.browser import new_context
from tests.documents.helpers import PDF
from tests.e2e.ui import IT as T
from tests.e2e.ui import button, expect_heading, field, link, log_in, main, named, tick
from tests.synthesis.factories import create_run, create_theme

pytestmark = pytest.mark.e2e

AUTHOR_EMAIL = "chiara.navigli@example.org"
TITLE = "Riaprire alla navigazione il Naviglio Martesana fino a Cassano"
ACTION = "Vie d'acqua come driver di sviluppo"
UPDATE = "Approvato il piano d'azione per il sistema dei Navigli: partono i cantieri di Gorgonzola."
DOCUMENT = "piano-navigli.pdf"


@pytest.fixture
def world(site):
    consultation = factories.create_consultation(phase="synthesis", title="Acque e Navigli")
    author = factories.create_user(email=AUTHOR_EMAIL, display_name="Chiara Navigli")
    proposals = [factories.create_proposal(consultation=consultation, author=author, title=TITLE)]
    proposals += [factories.create_proposal(consultation=consultation) for _ in range(2)]
    run = create_run(consultation)
    theme = create_theme(run, members=proposals, label="Navigli e vie d'acqua")
    db.session.commit()
    action = create_action(ACTION, code="PO-5.1")
    analyst = factories.create_user(email="ufficio.piano@example.org", roles=["analyst"])
    # End the fixture's read transaction: the server's writes must be visible to later reads.
    db.session.rollback()
    return {"theme": theme.id, "action": action.id, "proposal": proposals[0].id, "analyst": analyst.email}


def test_an_analyst_links_a_theme_and_reports_progress_and_the_author_is_told(site, world, chromium):
    analyst_context, author_context = new_context(chromium), new_context(chromium)
    try:
        analyst = analyst_context.new_page()
        log_in(analyst, site.url, world["analyst"])
        analyst.goto(f"{site.url}/sintesi/temi/{world['theme']}")
        panel = main(analyst)
        field(panel, T("Action of the plan")).select_option(value=str(world["action"]))
        field(panel, T("Note (optional)")).last.fill("Il tema intero confluisce nel progetto.")
        button(panel, T("Link the theme to this action")).click()
        expect(analyst.get_by_text(T("The theme is linked to the action."))).to_be_visible()

        link(main(analyst), f"PO-5.1 · {ACTION}").click()
        expect_heading(analyst, ACTION)
        link(main(analyst), T("Link proposals and report progress")).click()
        form = main(analyst)
        tick(form.get_by_role("radio", name=named(T("In progress"), exact=True)))
        field(form, T("Progress (%)")).fill("40")
        field(form, T("What happened")).fill(UPDATE)
        field(form, T("Document (optional)")).set_input_files(
            files=[{"name": DOCUMENT, "mimeType": "application/pdf", "buffer": PDF}]
        )
        button(form, T("Publish the update")).click()
        expect(
            analyst.get_by_text(
                T("The update is published; the people of the linked proposals are told of a new status.")
            )
        ).to_be_visible()
        expect(main(analyst)).to_contain_text(UPDATE)

        expect(main(analyst)).to_contain_text(DOCUMENT)

        linked = site.mailbox.wait_for(
            AUTHOR_EMAIL, containing=T("Linked through the theme “%(label)s”.", label="Navigli e vie d'acqua")
        )
        assert TITLE in site.mailbox.text_of(linked)
        mail = site.mailbox.wait_for(AUTHOR_EMAIL, containing="→")
        text = site.mailbox.text_of(mail)
        assert TITLE in text and f"/dal-forum-al-piano/azioni/{world['action']}" in text

        author = author_context.new_page()
        log_in(author, site.url, AUTHOR_EMAIL)
        author.goto(f"{site.url}/proposte/{world['proposal']}")
        expect_heading(author, TITLE)
        expect(main(author)).to_contain_text(f"{T('Flowed into:')} {ACTION}")
        expect(main(author)).to_contain_text("in corso, 40 %")
        link(main(author), ACTION).first.click()
        expect(main(author)).to_contain_text(UPDATE)
        href = link(main(author), DOCUMENT).get_attribute("href")
        download = author.request.get(f"{site.url}{href}")
        assert download.status == 200 and download.body() == PDF
        assert download.headers["content-disposition"].startswith("attachment")
    finally:
        analyst_context.close()
        author_context.close()
