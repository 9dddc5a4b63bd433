"""The demo holds a few past meetings with minutes and a few upcoming ones."""

from __future__ import annotations

from markupsafe import escape
from sqlalchemy import select

from app.demo.services import load_demo
from app.extensions import db
from app.meetings.models import Meeting
from app.models_base import utcnow


def test_the_demo_has_past_meetings_with_minutes_and_upcoming_ones(client):
    load_demo()
    db.session.commit()
    meetings = list(db.session.scalars(select(Meeting)))
    now = utcnow()
    past = [m for m in meetings if m.ends_at < now]
    upcoming = [m for m in meetings if m.starts_at > now]
    assert len(past) >= 2 and all(m.has_minutes and m.discussed_proposals for m in past)
    assert len(upcoming) >= 2
    page = client.get("/incontri/").get_data(as_text=True)
    assert all(str(escape(m.title)) in page for m in meetings)  # titles hold apostrophes
    minutes_page = client.get(f"/incontri/{past[0].id}").get_data(as_text=True)
    assert str(escape(past[0].discussed_proposals[0].title)) in minutes_page
