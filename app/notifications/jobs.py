"""The RQ job sending outbox rows (queue ``forum-mail``), imported by name by the worker only.

Under ``flask forum mail-worker`` the job runs in the worker's app; under a bare
``rq worker forum-mail`` it builds the app from the environment once.
"""

from __future__ import annotations

from flask import Flask, current_app, has_app_context

from app import create_app
from app.extensions import db
from app.notifications.delivery import deliver_notifications
from app.notifications.events import expand_events

_standalone_app: Flask | None = None


def deliver_job(ids: list[int]) -> int:
    """Send the outbox rows ``ids`` that are still waiting.

    :returns: how many e-mails were sent.
    """
    with _app().app_context():
        try:
            return deliver_notifications(ids)
        finally:
            db.session.remove()


def expand_job(event_ids: list[int]) -> int:
    """Expand the events ``event_ids`` into notifications, then send those due at once.

    :returns: how many e-mails were sent.
    """
    with _app().app_context():
        try:
            ids = expand_events(event_ids)
            return deliver_notifications(ids) if ids else 0
        finally:
            db.session.remove()


def _app() -> Flask:
    global _standalone_app
    if has_app_context():
        return current_app._get_current_object()
    if _standalone_app is None:
        _standalone_app = create_app()
    return _standalone_app
