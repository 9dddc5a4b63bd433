"""A callable factory for meetings (rows built directly, as in tests/factories.py)."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.meetings.models import Meeting, MeetingRegistration
from app.models_base import utcnow


def create_meeting(starts_in: timedelta = timedelta(days=7), hours: float = 2, **overrides) -> Meeting:
    starts_at = overrides.pop("starts_at", utcnow() + starts_in)
    values = {
        "kind": "forum",
        "title": "Forum metropolitano: assemblea plenaria",
        "agenda": "1. Apertura\n2. Mobilità",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=hours),
        "location": "Palazzo Isimbardi, via Vivaio 1, Milano",
        "online_url": "",
        "capacity": None,
        "sequence": 0,
        **overrides,
    }
    meeting = Meeting(**values)
    db.session.add(meeting)
    db.session.commit()
    return meeting


def register(meeting: Meeting, user, status: str = "confirmed", **overrides) -> MeetingRegistration:
    registration = MeetingRegistration(meeting_id=meeting.id, user_id=user.id, status=status, **overrides)
    db.session.add(registration)
    db.session.commit()
    return registration
