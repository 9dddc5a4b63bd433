"""The RQ job sending outbox rows (queue ``forum-mail``), imported by name by the worker only.

Under ``flask forum mail-worker`` the job runs in the worker's app; under a bare
``rq worker forum-mail`` it builds the app from the environment once.
"""

from __future__ import annotations

from flask import Flask, current_app, has_app_context

from app import create_app
from app.extensions import db
from app.notifications.delivery import deliver_notifications

_standalone_app: Flask | None = None


def deliver_job(ids: list[int]) -> int:
    """Send the outbox rows ``ids`` that are still waiting.

    :returns: how many e-mails were sent.
    """
    global _standalone_app
    if has_app_context():
        app = current_app._get_current_object()
    else:
        if _standalone_app is None:
            _standalone_app = create_app()
        app = _standalone_app
    with app.app_context():
        try:
            return deliver_notifications(ids)
        finally:
            db.session.remove()
