"""Events that may concern many people, expanded into notifications by the worker.

A service that answers a theme with hundreds of supporters, publishes a synthesis or
adds a comment calls :func:`announce`: one ``notification_events`` row in the same
transaction (a rolled-back action announces nothing). After the commit the row's id goes
to the background (:mod:`app.notifications.dispatch`), where :func:`expand_events` writes
one notification per person concerned, in their language, and the mails leave. The
request never renders a message nor counts recipients. ``flask forum send-notifications``
expands whatever a stopped worker left behind.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import select, update

from app.actions.models import PlanAction
from app.actions.notify import notify_action_status_changed, notify_proposals_linked
from app.extensions import db
from app.models_base import utcnow
from app.notifications import fanout, services
from app.notifications.models import Notification, NotificationEvent
from app.notifications.outbox import remember_event, take_committed, take_committed_events
from app.proposals.models import Comment, Proposal
from app.synthesis.models import Synthesis

logger = logging.getLogger("forum.notifications")
MAX_ATTEMPTS = 5


def announce(kind: str, **payload) -> NotificationEvent:
    """Record an event to be expanded into notifications once the caller commits.

    :param kind: ``proposals_answered`` (``proposal_ids``), ``synthesis_published``
        (``synthesis_id``), ``comment_posted`` (``comment_id``), ``phase_started``
        (``consultation_id``, ``phase``), ``action_linked`` (``link_id``: a proposal or a
        theme linked to a plan action) or ``action_status_changed`` (``action_id``,
        ``previous``, ``status``).
    """
    if kind not in EXPANDERS:
        raise ValueError(f"unknown notification event {kind!r}")
    event = NotificationEvent(kind=kind, payload=payload, attempts=0)
    db.session.add(event)
    db.session.flush()
    remember_event(event.id)
    return event


def announce_answers(proposals: Iterable[Proposal]) -> NotificationEvent | None:
    ids = sorted({p.id for p in proposals})
    return announce("proposals_answered", proposal_ids=ids) if ids else None


def expand_events(ids: Iterable[int] | None = None) -> list[int]:
    """Turn waiting events (those in ``ids``, or all) into notifications, each committed.

    :returns: the ids of the immediate notifications written (to be delivered).
    """
    query = select(NotificationEvent.id).where(
        NotificationEvent.expanded_at.is_(None), NotificationEvent.attempts < MAX_ATTEMPTS
    )
    if ids is not None:
        query = query.where(NotificationEvent.id.in_(list(ids)))
    written: list[int] = []
    for event_id in list(db.session.scalars(query.order_by(NotificationEvent.id))):
        written += _expand_one(event_id)
    return written


def _expand_one(event_id: int) -> list[int]:
    if db.session().in_transaction():
        db.session.commit()  # see delivery._write_afresh: no stale read before a write on SQLite
    # Claim and expand in one transaction: two workers never expand the same event twice,
    # and a crash in the middle leaves it unclaimed for the next try.
    claimed = db.session.execute(
        update(NotificationEvent)
        .where(NotificationEvent.id == event_id, NotificationEvent.expanded_at.is_(None))
        .values(expanded_at=utcnow(), attempts=NotificationEvent.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return []
    event = db.session.get(NotificationEvent, event_id)
    try:
        added = EXPANDERS[event.kind](event.payload)
    except Exception:
        logger.exception("Could not expand notification event %s", event_id)
        db.session.rollback()
        db.session.execute(
            update(NotificationEvent)
            .where(NotificationEvent.id == event_id)
            .values(attempts=NotificationEvent.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        return []
    db.session.commit()
    take_committed()  # the caller delivers the rows returned here, not twice
    take_committed_events()
    return [n.id for n in added if isinstance(n, Notification) and n.is_emailed and not n.is_digest]


def _proposals_answered(payload: dict) -> list[Notification]:
    proposals = db.session.scalars(select(Proposal).where(Proposal.id.in_(payload["proposal_ids"])))
    return services.notify_proposals_answered(list(proposals))


def _synthesis_published(payload: dict) -> list[Notification]:
    synthesis = db.session.get(Synthesis, payload["synthesis_id"])
    if synthesis is None or synthesis.status != "published":
        return []
    return services.notify_synthesis_published(synthesis)


def _comment_posted(payload: dict) -> list[Notification]:
    comment = db.session.get(Comment, payload["comment_id"])
    return fanout.notify_comment_posted(comment) if comment is not None else []


def _phase_started(payload: dict) -> list[Notification]:
    return fanout.notify_phase_started(payload["consultation_id"], payload["phase"])


def _action_linked(payload: dict) -> list[Notification]:
    return notify_proposals_linked(payload["link_id"])


def _action_status_changed(payload: dict) -> list[Notification]:
    action = db.session.get(PlanAction, payload["action_id"])
    if action is None:
        return []
    return notify_action_status_changed(action, payload["previous"], payload["status"])


EXPANDERS = {
    "action_linked": _action_linked,
    "action_status_changed": _action_status_changed,
    "proposals_answered": _proposals_answered,
    "synthesis_published": _synthesis_published,
    "comment_posted": _comment_posted,
    "phase_started": _phase_started,
}
