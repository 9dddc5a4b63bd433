"""A citizen registers to a meeting, adds it to their calendar with the .ics, and reads the
minutes of a meeting already held, in chromium, in Italian."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from app.extensions import db
from app.models_base import utcnow
from tests import factories
from tests.browser import new_context
from tests.e2e.ui import IT as T
from tests.e2e.ui import button, expect_heading, link, log_in, main
from tests.meetings.helpers import create_meeting

pytestmark = pytest.mark.e2e

UPCOMING = "Forum metropolitano: la mobilità tra i comuni"
HELD = "Tavolo metropolitano: il verde e i Navigli"
MINUTES = "Il Tavolo ha discusso le proposte sui Navigli e sulla rete verde metropolitana."


@pytest.fixture
def world(site):
    proposal = factories.create_proposal(title="Riaprire l'alzaia del Naviglio Martesana")
    upcoming = create_meeting(title=UPCOMING, capacity=2, starts_in=timedelta(days=12))
    held = create_meeting(
        title=HELD,
        kind="tavolo",
        starts_in=timedelta(days=-8),
        minutes=MINUTES,
        minutes_published_at=utcnow() - timedelta(days=6),
    )
    held.discussed_proposals = [proposal]
    citizen = factories.create_user(email="anna.rossi@example.org", display_name="Anna Rossi")
    db.session.commit()
    db.session.rollback()  # the server's writes must be visible to the test's later reads
    return {"citizen": citizen, "upcoming": upcoming, "held": held, "proposal": proposal}


def test_a_citizen_registers_downloads_the_ics_and_reads_the_minutes(site, world, chromium):
    context = new_context(chromium)
    try:
        page = context.new_page()
        log_in(page, site.url, world["citizen"].email)
        link(page, T("Meetings")).first.click()
        expect_heading(page, T("Meetings"))
        link(main(page), UPCOMING).first.click()
        expect_heading(page, UPCOMING)
        expect(main(page)).to_contain_text(T("%(free)d of %(total)d seats free", free=2, total=2))

        button(main(page), T("Register to the meeting")).click()
        expect(page.get_by_text(T("You are registered: your seat is kept.")).first).to_be_visible()
        expect(main(page)).to_contain_text(T("%(free)d of %(total)d seats free", free=1, total=2))

        with page.expect_download() as download_info:
            link(main(page), T("Add to my calendar (.ics)")).click()
        download = download_info.value
        assert download.suggested_filename == f"incontro-{world['upcoming'].id}.ics"
        with open(download.path(), "rb") as handle:
            calendar = Calendar.from_ical(handle.read())
        event = calendar.walk("VEVENT")[0]
        assert str(event["SUMMARY"]) == UPCOMING
        assert event["DTSTART"].params["TZID"] == "Europe/Rome"

        link(page, T("Meetings")).first.click()
        link(main(page), HELD).first.click()
        expect_heading(page, HELD)
        expect(page.locator("#minutes-text")).to_have_text(MINUTES)
        link(main(page), world["proposal"].title).click()
        expect_heading(page, world["proposal"].title)
        expect(main(page)).to_contain_text(T("Discussed at"))
        expect(link(main(page), HELD)).to_be_visible()
    finally:
        context.close()
