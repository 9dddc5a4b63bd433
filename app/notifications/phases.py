"""Noticing that a consultation entered a new phase, to tell its followers.

Phases follow the calendar (and an early close): nothing happens in a request when one
starts, so ``flask forum send-notifications`` (run from cron) calls
:func:`announce_phase_starts`. Each phase of each consultation is announced once
(``phase_announcements``), and only if it started recently: a late cron, or the first
run after an upgrade, does not tell people about phases that began weeks ago.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models_base import utcnow
from app.notifications import queries
from app.notifications.events import announce
from app.notifications.models import PhaseAnnouncement

# A phase that started longer ago than this is not news any more.
RECENT = timedelta(days=2)


def phase_started_at(consultation, phase: str) -> datetime | None:
    if phase == "closed":
        return consultation.closed_early_at or consultation.closes_at
    return dict(consultation.phase_starts()).get(phase)


def announce_phase_starts(now: datetime | None = None) -> int:
    """Announce (as events, expanded by the worker) the phases that started recently in
    consultations that have followers. Flushes; the caller commits.

    :returns: how many phase starts were announced.
    """
    now = now or utcnow()
    announced = 0
    for consultation in queries.list_consultations_with_followers():
        phase = consultation.state_at(now)
        started = phase_started_at(consultation, phase)
        if phase == "upcoming" or started is None or now - started > RECENT:
            continue
        if queries.get_phase_announcement(consultation.id, phase) is not None:
            continue
        try:
            with db.session.begin_nested():
                db.session.add(PhaseAnnouncement(consultation_id=consultation.id, phase=phase))
                db.session.flush()
        except IntegrityError:
            continue  # another process announced it at the same moment
        announce("phase_started", consultation_id=consultation.id, phase=phase)
        announced += 1
    return announced
