"""Which outbox rows a transaction wrote, known once it commits.

Services call :func:`remember_enqueued` after adding rows; the rows move to the
"committed" list when the session commits (and are forgotten if it rolls back), and
:func:`take_committed` hands them to whoever sends them (:mod:`app.notifications.dispatch`
after a request, or the caller itself).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db

_ENQUEUED = "forum.notifications.enqueued"
_COMMITTED = "forum.notifications.committed"
_EVENTS = "forum.notifications.events"
_COMMITTED_EVENTS = "forum.notifications.committed_events"


def remember_enqueued(notifications: Iterable) -> None:
    """Note the immediate rows of the current transaction (sent once it commits)."""
    ids = [n.id for n in notifications if not n.is_digest and n.is_emailed is not False]
    if ids:
        db.session.info.setdefault(_ENQUEUED, []).extend(ids)


def remember_event(event_id: int) -> None:
    """Note an event row of the current transaction (expanded once it commits)."""
    db.session.info.setdefault(_EVENTS, []).append(event_id)


def take_committed_events() -> list[int]:
    """The event rows committed by this session since the last call."""
    return db.session.info.pop(_COMMITTED_EVENTS, None) or []


def take_committed() -> list[int]:
    """The immediate rows committed by this session since the last call."""
    return db.session.info.pop(_COMMITTED, None) or []


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    ids = session.info.pop(_ENQUEUED, None)
    if ids:
        session.info.setdefault(_COMMITTED, []).extend(ids)
    events = session.info.pop(_EVENTS, None)
    if events:
        session.info.setdefault(_COMMITTED_EVENTS, []).extend(events)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session) -> None:
    session.info.pop(_ENQUEUED, None)
    session.info.pop(_EVENTS, None)
