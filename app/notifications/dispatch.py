"""Who sends the outbox: an RQ worker when ``REDIS_URL`` is set, else a thread of this process.

After a request commits outbox rows, :func:`dispatch_committed` hands their ids to the
background: the request itself never talks to the mail server, so it answers in the
same time whatever mail it queued (or whether it queued any).

- RQ: queue ``forum-mail`` (``MAIL_QUEUE``), job ``app.notifications.jobs.deliver_job``;
  run ``flask --app wsgi forum mail-worker`` or
  ``rq worker --worker-class app.worker.Worker forum-mail --url $REDIS_URL``.
- In-process: one background thread per process sends the mails in order (``make demo``
  prints them on the console when ``MAIL_SERVER`` is unset). A mail queued there when the
  process stops stays unsent in the outbox: ``flask forum send-notifications`` sends it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from threading import Lock

from flask import Flask, current_app
from redis.exceptions import RedisError
from rq import Queue

from app.extensions import db
from app.notifications.delivery import deliver_notifications, take_committed, take_committed_events
from app.notifications.events import expand_events
from app.synthesis.runs.jobs import redis_connection, uses_rq

QUEUE_NAME = "forum-mail"
DELIVER_JOB = "app.notifications.jobs.deliver_job"
EXPAND_JOB = "app.notifications.jobs.expand_job"

logger = logging.getLogger("forum.notifications")
_executor: ThreadPoolExecutor | None = None
_executor_lock = Lock()
_pending: set[Future] = set()


def queue_name(app: Flask) -> str:
    return app.config.get("MAIL_QUEUE") or QUEUE_NAME


def mail_queue(app: Flask) -> Queue:
    return Queue(queue_name(app), connection=redis_connection(app))


def dispatch_committed() -> None:
    """Send, in the background, the outbox rows this session committed since the last call,
    and expand (then send) the events it committed."""
    ids = take_committed()
    if ids:
        dispatch(ids)
    event_ids = take_committed_events()
    if event_ids:
        dispatch(event_ids, events=True)


def dispatch(ids: Iterable[int], events: bool = False) -> None:
    """Have the outbox rows ``ids`` (or the events ``ids``, first expanded into rows) sent by
    the worker (RQ) or by this process's mail thread.

    Never raises: with Redis unreachable the rows stay in the outbox for
    ``flask forum send-notifications``.
    """
    ids = list(ids)
    app = current_app._get_current_object()
    if uses_rq(app):
        try:
            mail_queue(app).enqueue_call(
                EXPAND_JOB if events else DELIVER_JOB,
                args=(ids,),
                timeout=300,
                result_ttl=0,
                failure_ttl=7 * 24 * 3600,
            )
        except RedisError:
            logger.exception("Could not queue %d e-mails; `forum send-notifications` sends them", len(ids))
        return
    future = _thread_executor().submit(_deliver_in_thread, app, ids, events)
    with _executor_lock:
        _pending.add(future)
    future.add_done_callback(_forget)


def wait_for_deliveries(timeout: float = 10.0) -> bool:
    """Wait until this process's mail thread has sent what it was given (tests, shutdown).

    :returns: whether there was anything to wait for.
    """
    with _executor_lock:
        pending = set(_pending)
    if pending:
        wait(pending, timeout=timeout)
    return bool(pending)


def _forget(future: Future) -> None:
    with _executor_lock:
        _pending.discard(future)


def _thread_executor() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            # One thread: mails leave in order, and SMTP servers dislike bursts of connections.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=QUEUE_NAME)
        return _executor


def _deliver_in_thread(app: Flask, ids: list[int], events: bool = False) -> None:
    """Deliver in its own app context (so its own database session), like an RQ worker."""
    with app.app_context():
        try:
            if events:
                ids = expand_events(ids)
            if ids:
                deliver_notifications(ids)
        except Exception:  # never kill the mail thread; the rows stay for send-notifications
            logger.exception("Could not deliver %d e-mails; `forum send-notifications` will retry", len(ids))
            db.session.rollback()
        finally:
            db.session.remove()
