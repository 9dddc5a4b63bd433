"""Where theme runs are executed: an RQ worker when ``REDIS_URL`` is set, else a thread.

Jobs are named by dotted path (``app.synthesis.runs.engine:run_theme_job``) rather than passed
as functions: RQ needs a path anyway, and resolving it only when the job starts keeps
:mod:`nlp` (spaCy, scikit-learn: ~170 MB) out of web workers that merely queue runs.

- RQ: queue ``forum-nlp`` (``SYNTHESIS_QUEUE``); start a worker with
  ``flask --app wsgi synthesis worker`` or ``rq worker forum-nlp --url $REDIS_URL``.
- In-process: one background thread per web process runs the jobs one at a time (good
  for the demo and small installations; a job queued there is lost if the process
  stops — the next run of the scope then marks it failed, see ``runs.STALE_AFTER``).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from threading import Lock

from flask import Flask, current_app
from redis import Redis
from rq import Queue

from app.extensions import db

QUEUE_NAME = "forum-nlp"
# Generous: 10,000 proposals take a few minutes; a stuck job is stopped after this.
JOB_TIMEOUT_SECONDS = 3600
RUN_JOB = "app.synthesis.runs.engine.run_theme_job"
SPLIT_JOB = "app.synthesis.runs.engine.run_split_job"

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


def enqueue(job_path: str, *args, job_id: str | None = None) -> Future | str:
    """Run ``job_path(*args)`` in the background; call it after the commit that made the
    rows the job reads.

    :returns: the RQ job id, or the in-process :class:`Future` (tests wait on it).
    :raises redis.exceptions.ConnectionError: when Redis is configured but unreachable.
    """
    app = current_app._get_current_object()
    if uses_rq(app):
        job = rq_queue(app).enqueue_call(
            job_path,
            args=args,
            job_id=job_id,
            timeout=app.config.get("SYNTHESIS_JOB_TIMEOUT", JOB_TIMEOUT_SECONDS),
            result_ttl=24 * 3600,
            failure_ttl=7 * 24 * 3600,
        )
        return job.id
    return _thread_executor().submit(_run_in_thread, app, job_path, args)


def resolve(job_path: str) -> Callable:
    """The function named ``package.module.function``."""
    module_name, _, name = job_path.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def _thread_executor() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            # One worker: runs are CPU- and memory-heavy, so they queue rather than compete.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=QUEUE_NAME)
        return _executor


def _run_in_thread(app: Flask, job_path: str, args: tuple) -> None:
    """The job in its own app context (so its own database session), like an RQ worker."""
    with app.app_context():
        try:
            resolve(job_path)(*args)
        except Exception:  # the job records its own failure; never kill the worker thread
            log.exception("background job %s%r failed", job_path, args)
        finally:
            db.session.remove()
