"""The app that background jobs run in, for workers started outside ``flask``.

``rq worker --worker-class app.worker.Worker forum-nlp forum-mail --url $REDIS_URL`` builds the
app once from the environment (like ``wsgi.py``) and runs every job inside its app context, with
a database session of its own. ``flask synthesis worker`` and ``flask forum mail-worker`` run
inside the app they were started with and need no such class. Nothing in :mod:`app` imports this
module: it sits on top, next to ``wsgi.py``.
"""

from __future__ import annotations

from flask import Flask
from rq import Worker as RQWorker

from app import create_app
from app.extensions import db


class Worker(RQWorker):
    """An RQ worker whose jobs run in the Forum's app context."""

    def __init__(self, *args, app: Flask | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.app = app if app is not None else create_app()

    def perform_job(self, job, queue, *args, **kwargs):
        with self.app.app_context():
            try:
                return super().perform_job(job, queue, *args, **kwargs)
            finally:
                db.session.remove()
