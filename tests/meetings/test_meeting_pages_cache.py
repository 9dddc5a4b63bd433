"""The meeting pages join the page cache: visitors get replays, and a registration or the
minutes show at once."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models_base import utcnow
from tests.factories import create_user, login
from tests.meetings.helpers import create_meeting


def _get(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_visitors_get_meeting_pages_from_the_cache_and_see_every_change(app, client):
    visitor = app.test_client()
    meeting = create_meeting(capacity=10, title="Forum plenario di primavera")
    for path in ("/incontri/", f"/incontri/{meeting.id}"):
        assert _get(visitor, path).headers["X-Cache"] == "miss", path
        again = _get(visitor, path)
        assert again.headers["X-Cache"] == "hit", path
        assert "Set-Cookie" not in again.headers
    # A registration changes the seats shown: the next visitor sees it.
    login(client, create_user())
    client.post(f"/incontri/{meeting.id}/iscrizione")
    page = _get(visitor, f"/incontri/{meeting.id}")
    assert page.headers["X-Cache"] == "miss"
    assert "9 posti liberi su 10" in page.get_data(as_text=True)


def test_published_minutes_replace_a_cached_page_at_once(app, client):
    visitor = app.test_client()
    meeting = create_meeting(starts_in=timedelta(days=-1))
    _get(visitor, f"/incontri/{meeting.id}")
    login(client, create_user(roles=["analyst"]))
    client.post(f"/incontri/{meeting.id}/verbale", data={"minutes": "Verbale della seduta."})
    assert "Verbale della seduta." in _get(visitor, f"/incontri/{meeting.id}").get_data(as_text=True)


def test_calendars_are_replayed_whole_and_follow_a_change_of_the_meeting(app, client):
    visitor = app.test_client()
    meeting = create_meeting(title="Forum plenario di primavera")
    for path in (f"/incontri/{meeting.id}/calendario.ics", "/incontri/calendario.ics"):
        first = _get(visitor, path)
        again = _get(visitor, path)
        assert (first.headers["X-Cache"], again.headers["X-Cache"]) == ("miss", "hit"), path
        assert again.data == first.data and b"SUMMARY:Forum plenario di primavera" in again.data
        # What makes it a calendar download survives the replay.
        assert again.headers["Content-Type"] == first.headers["Content-Type"]
        assert again.headers["Content-Disposition"] == first.headers["Content-Disposition"]
        assert "Set-Cookie" not in again.headers
    meeting.cancelled_at = utcnow()
    db.session.commit()
    cancelled = _get(visitor, f"/incontri/{meeting.id}/calendario.ics")
    assert cancelled.headers["X-Cache"] == "miss" and b"STATUS:CANCELLED" in cancelled.data
