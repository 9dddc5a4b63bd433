"""Registrations stay exact when many people ask for the last seats at once (PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.meetings.models import MeetingRegistration
from tests.factories import create_user
from tests.meetings.helpers import create_meeting
from tests.reliability.live import at_once, live_server, post, postgres_only, session_cookie

pytestmark = postgres_only


def _statuses(meeting_id: int) -> list[str]:
    db.session.expire_all()
    return sorted(
        db.session.scalars(
            select(MeetingRegistration.status).where(MeetingRegistration.meeting_id == meeting_id)
        )
    )


def test_thirty_people_asking_for_ten_seats_at_once_give_ten_seats_and_twenty_waiting(app):
    meeting = create_meeting(capacity=10)
    cookies = [session_cookie(app, create_user()) for _ in range(30)]
    url = f"/incontri/{meeting.id}/iscrizione"
    with live_server(app) as port:
        answers = at_once(30, lambda i: post(port, url, cookie=cookies[i]))
    assert [getattr(a, "status", a) for a in answers] == [302] * 30
    assert _statuses(meeting.id) == ["confirmed"] * 10 + ["waiting"] * 20


def test_one_person_clicking_register_many_times_at_once_holds_one_seat(app):
    meeting = create_meeting(capacity=3)
    cookie = session_cookie(app, create_user())
    url = f"/incontri/{meeting.id}/iscrizione"
    with live_server(app) as port:
        answers = at_once(12, lambda i: post(port, url, cookie=cookie))
    assert [getattr(a, "status", a) for a in answers] == [302] * 12
    assert _statuses(meeting.id) == ["confirmed"]


def test_withdrawals_and_registrations_at_once_never_exceed_the_seats(app):
    meeting = create_meeting(capacity=5)
    seated = [create_user() for _ in range(5)]
    for person in seated:
        db.session.add(MeetingRegistration(meeting_id=meeting.id, user_id=person.id, status="confirmed"))
    db.session.commit()
    leaving = [session_cookie(app, person) for person in seated[:3]]
    arriving = [session_cookie(app, create_user()) for _ in range(10)]
    requests = [(f"/incontri/{meeting.id}/ritiro", c) for c in leaving]
    requests += [(f"/incontri/{meeting.id}/iscrizione", c) for c in arriving]
    with live_server(app) as port:
        answers = at_once(len(requests), lambda i: post(port, requests[i][0], cookie=requests[i][1]))
    assert [getattr(a, "status", a) for a in answers] == [302] * len(requests)
    statuses = _statuses(meeting.id)
    assert statuses.count("confirmed") == 5
    assert statuses.count("cancelled") == 3
    assert statuses.count("waiting") == 7  # 10 arrived for the 3 seats freed
