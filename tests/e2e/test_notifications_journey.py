"""Notifications a participant expects, in chromium (Italian, the default).

Someone comments on a proposal: its author gets the e-mail (read on the real SMTP server)
and finds the news on the Notifiche page, with the count in the header; opening it leads
to the comment and clears the count. The author then switches comment e-mails off: the
next comment comes only on the site. A third person follows the proposal and hears of
the next comment too.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests import factories
from tests.browser import new_context
from tests.e2e.axe import axe_check
from tests.e2e.ui import IT as T
from tests.e2e.ui import button, expect_heading, field, log_in, main, named, tick

pytestmark = pytest.mark.e2e

FIRST = "Servirebbe anche una fermata del bus vicino alla scuola."
SECOND = "Concordo, e aggiungerei una pista ciclabile protetta."


@pytest.fixture
def people(site):
    consultation = factories.create_consultation(phase="discussion", title="Scuole e quartieri")
    author = factories.create_user(email="autrice.scuole@example.org", display_name="Paola Rossi")
    proposal = factories.create_proposal(
        consultation=consultation, author=author, title="Scuole aperte il pomeriggio"
    )
    commenter = factories.create_user(email="luca.neri@example.org", display_name="Luca Neri")
    follower = factories.create_user(email="sara.gialli@example.org", display_name="Sara Gialli")
    db.session.rollback()  # the server's writes must be visible to the fixture's later reads
    return {"proposal": proposal.id, "author": author, "commenter": commenter, "follower": follower}


@pytest.fixture
def open_page(chromium):
    contexts = []

    def opened():
        context = new_context(chromium)
        contexts.append(context)
        return context.new_page()

    yield opened
    for context in contexts:
        context.close()


def write_comment(page, site, proposal_id: int, text: str) -> None:
    page.goto(f"{site.url}/proposte/{proposal_id}")
    field(main(page), T("Your comment")).fill(text)
    button(main(page), T("Publish the comment")).click()
    expect(page.get_by_text(T("Your comment has been published."))).to_be_visible()


def notifications_link(page):
    return page.locator("#notifications-link")


def test_a_participant_hears_of_comments_on_the_site_and_by_email(site, open_page, people):
    proposal_id = people["proposal"]
    commenter = open_page()
    log_in(commenter, site.url, people["commenter"].email)
    write_comment(commenter, site, proposal_id, FIRST)

    mail = site.mailbox.wait_for(people["author"].email, containing=FIRST)
    assert "Scuole aperte il pomeriggio" in site.mailbox.text_of(mail)

    author = open_page()
    log_in(author, site.url, people["author"].email)
    author.goto(site.url)
    expect(notifications_link(author)).to_have_accessible_name(
        re.compile(re.escape(T("Notifications")) + r".*1")
    )
    notifications_link(author).click()
    expect_heading(author, T("Notifications"))
    axe_check(author, "notifications (it, author)")
    news = main(author).get_by_role("link", name=named("Nuovo commento alla tua proposta"))
    expect(news).to_have_count(1)
    news.click()
    expect(author).to_have_url(re.compile(rf"/proposte/{proposal_id}#comment-\d+$"))
    expect(author.locator(".unread-count")).to_have_count(0)

    # Comment e-mails off: the next comment is only on the site.
    author.goto(f"{site.url}/account/notifiche")
    group = author.get_by_role("group", name=named(T("Comments and replies")))
    tick(group.get_by_label(named(T("No e-mails (only on the Notifications page)"))))
    button(main(author), T("Save")).click()
    expect(author.get_by_text(T("Your notification preferences are saved."))).to_be_visible()

    # A third person follows the proposal.
    follower = open_page()
    log_in(follower, site.url, people["follower"].email)
    follower.goto(f"{site.url}/proposte/{proposal_id}")
    button(main(follower), T("Follow this proposal")).click()
    expect(
        follower.get_by_text(
            T("You are following this proposal: we will tell you about new comments and its answer.")
        )
    ).to_be_visible()
    expect(button(main(follower), T("Stop following this proposal"))).to_be_visible()

    write_comment(commenter, site, proposal_id, SECOND)
    site.mailbox.wait_for(people["follower"].email, containing=SECOND)
    assert not [
        m
        for m in site.mailbox.server.messages
        if people["author"].email in m["To"] and SECOND in site.mailbox.text_of(m)
    ]
    author.goto(f"{site.url}/notifiche/")
    one_unread = T._translations.ngettext(
        "You have %(num)d unread notification.", "You have %(num)d unread notifications.", 1
    ) % {"num": 1}
    expect(main(author).locator("#unread-summary")).to_have_text(one_unread)
