"""Where theme runs are executed: an RQ worker when ``REDIS_URL`` is set, else a thread.

Jobs are passed as functions (``engine.run_theme_job``), so a reader and a tool can follow
them; importing :mod:`.engine` costs nothing because ``import nlp`` is lazy: spaCy and
scikit-learn (~170 MB) load only in the process that runs the job.

- RQ: queue ``forum-nlp`` (``SYNTHESIS_QUEUE``); start a worker with
  ``flask --app wsgi synthesis worker`` or
  ``rq worker --worker-class app.worker.Worker forum-nlp --url $REDIS_URL`` (:mod:`app.worker`
  builds the app the jobs run in).
- In-process: one background thread per web process runs the jobs one at a time (good
  for the demo and small installations; a job queued there is lost if the process
  stops — the next run of the scope then marks it failed, see ``runs.STALE_AFTER``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from threading import Lock

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

from app.errors import DomainError
from app.extensions import db

QUEUE_NAME = "forum-nlp"
# Generous: 10,000 proposals take a few minutes; a stuck job is stopped after this.
JOB_TIMEOUT_SECONDS = 3600

log = logging.getLogger(__name__)
_executor: ThreadPoolExecutor | None = None
_executor_lock = Lock()


def uses_rq(app: Flask) -> bool:
    return bool(app.config.get("REDIS_URL"))


def queue_name(app: Flask) -> str:
    return app.config.get("SYNTHESIS_QUEUE") or QUEUE_NAME


def redis_connection(app: Flask) -> Redis:
    return Redis.from_url(app.config["REDIS_URL"])


def rq_queue(app: Flask) -> Queue:
    return Queue(queue_name(app), connection=redis_connection(app))


class QueueUnavailable(DomainError):
    """The job queue could not be reached; the work it was for is recorded as failed."""

    status = 503

    def __init__(self, subject_id: int):
        super().__init__(_l("The job queue is unreachable."))
        self.subject_id = subject_id


def queue_run(job: Callable[[int], str], subject_id: int, fail: Callable[[str], None], job_id=None) -> None:
    """The one way to hand work to the background: commit, enqueue, or record the failure.

    The caller has flushed the row the job reads (a queued :class:`ThemeRun`, a requested
    split); it is committed first, because the job reads it from another connection. If the
    queue is unreachable, ``fail(reason)`` marks that row failed and that is committed too,
    so the page shows why instead of a run that stays queued for ever. Used for theme runs
    (``engine.run_theme_job``) and splits (``engine.run_split_job``).

    :param subject_id: the id the job is called with.
    :raises QueueUnavailable: when Redis is configured but unreachable (after ``fail``).
    """
    db.session.flush()
    db.session.commit()
    try:
        enqueue(job, subject_id, job_id=job_id)
    except RedisError as error:
        fail(f"The job queue is unreachable: {error}")
        db.session.commit()
        raise QueueUnavailable(subject_id) from error


@contextmanager
def job_session() -> Iterator[Flask]:
    """A job's own app context (so its own database session), in the app of the worker that
    runs it: ``flask synthesis worker``, :class:`app.worker.Worker` or the in-process thread."""
    app = current_app._get_current_object()
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()


def enqueue(job: Callable, *args, job_id: str | None = None) -> Future | str:
    """Run ``job(*args)`` in the background; call it after the commit that made the rows
    the job reads (:func:`queue_run` does).

    :returns: the RQ job id, or the in-process :class:`Future` (tests wait on it).
    :raises redis.exceptions.ConnectionError: when Redis is configured but unreachable.
    """
    app = current_app._get_current_object()
    if uses_rq(app):
        queued = rq_queue(app).enqueue_call(
            job,
            args=args,
            job_id=job_id,
            timeout=app.config.get("SYNTHESIS_JOB_TIMEOUT", JOB_TIMEOUT_SECONDS),
            result_ttl=24 * 3600,
            failure_ttl=7 * 24 * 3600,
        )
        return queued.id
    return _thread_executor().submit(_run_in_thread, app, job, args)


def _thread_executor() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            # One worker: runs are CPU- and memory-heavy, so they queue rather than compete.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=QUEUE_NAME)
        return _executor


def _run_in_thread(app: Flask, job: Callable, args: tuple) -> None:
    """The job in its own app context (so its own database session), like an RQ worker."""
    with app.app_context():
        try:
            job(*args)
        except Exception:  # the job records its own failure; never kill the worker thread
            log.exception("background job %s%r failed", job.__name__, args)
        finally:
            db.session.remove()
