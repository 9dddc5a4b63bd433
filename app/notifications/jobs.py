"""The RQ job sending outbox rows (queue ``forum-mail``).

It runs in the worker's app: ``flask forum mail-worker``, or
``rq worker --worker-class app.worker.Worker forum-mail`` (see :mod:`app.worker`).
"""

from __future__ import annotations

from app.notifications.delivery import deliver_notifications
from app.notifications.events import expand_events
from app.synthesis.runs.jobs import job_session


def deliver_job(ids: list[int]) -> int:
    """Send the outbox rows ``ids`` that are still waiting.

    :returns: how many e-mails were sent.
    """
    with job_session():
        return deliver_notifications(ids)


def expand_job(event_ids: list[int]) -> int:
    """Expand the events ``event_ids`` into notifications, then send those due at once.

    :returns: how many e-mails were sent.
    """
    with job_session():
        ids = expand_events(event_ids)
        return deliver_notifications(ids) if ids else 0
