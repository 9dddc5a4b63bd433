"""When the stored figures change: the writes' changes counted in batches, and the full refresh.

**The writes' changes** (:mod:`app.statistics.live`) are counted by :func:`process_changes`:
after a write commits, in a background thread of the process (at most every
``STATISTICS_PROCESS_EVERY_S``), and before a statistics page reads the figures when changes
are waiting (:func:`ensure_fresh`), so a reader sees every write committed before it.

**The full refresh** is rare: the first computation, a write no service announced
(:mod:`app.statistics.watch`), the comuni moved to other zones. A request that finds the
figures stale (:func:`services.is_fresh`) asks for it and is answered with the figures it
has, marked not to be cached. It runs in a background thread of the process (a row
lock-like claim in ``statistics_state`` keeps the workers of every host from computing the
same figures at once) and commits its own transaction, like a batch job.
``STATISTICS_REFRESH_INLINE`` (tests) refreshes during the request instead. A database with
no figures yet shows zeros and "being counted" until the first refresh ends (never a request
that waits a minute at metropolitan scale: gunicorn would kill it). ``flask forum
statistics-refresh`` does it from the shell (cron, after a bulk load).

Both write the documents from one snapshot of the data, so they take turns:
:func:`processing_lock` (a PostgreSQL advisory lock on a connection of its own, taken
before the snapshot is; a lock of the process on SQLite, which has one writer anyway).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from threading import Lock
from time import monotonic

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.extensions import db
from app.statistics import live, queries, services

log = logging.getLogger(__name__)
_executor: ThreadPoolExecutor | None = None
_counting_executor: ThreadPoolExecutor | None = None
_executor_lock = Lock()
_processed_at = 0.0
# pg_advisory_xact_lock(namespace, key) of the counting and the full refresh.
PROCESSING_LOCK = (0x5354, 1)
_sqlite_lock = Lock()
# How long a page waits for the counting (or a full refresh) under way before it shows the
# figures it has, marked not to be cached.
READER_WAIT_S = 2.0


def ensure_fresh() -> bool:
    """Ask for a refresh if the figures are stale, else count the changes waiting; True
    when the figures read now are current.

    Commits the request's session when changes are waiting (call it before the page has
    anything of its own to write)."""
    state = queries.get_state()
    app = current_app._get_current_object()
    if services.is_fresh(state):
        return not live.changes_waiting() or _count_before_reading()
    if app.config.get("STATISTICS_REFRESH_INLINE"):
        run_refresh()
        return True
    _executor_for().submit(_in_background, app)
    return False


def _count_before_reading() -> bool:
    try:
        return process_changes(wait_s=READER_WAIT_S) is not None
    except DBAPIError:  # the page shows the figures it has; the next write or page counts
        log.exception("statistics: counting the writes' changes failed")
        db.session.rollback()
        return False


@contextmanager
def processing_lock(wait_s: float | None) -> Iterator[bool]:
    """Hold the lock of the counting and the full refresh; yields False when it was not
    free within ``wait_s`` seconds (None: wait as long as it takes, 0: do not wait)."""
    if db.engine.dialect.name != "postgresql":
        got = _sqlite_lock.acquire(timeout=-1 if wait_s is None else wait_s)
        try:
            yield got
        finally:
            if got:
                _sqlite_lock.release()
        return
    with db.engine.connect() as conn, conn.begin():
        yield _advisory_lock(conn, wait_s)


def _advisory_lock(conn, wait_s: float | None) -> bool:
    namespace, key = PROCESSING_LOCK
    if wait_s == 0:
        return bool(conn.scalar(text(f"SELECT pg_try_advisory_xact_lock({namespace}, {key})")))
    if wait_s is not None:
        conn.execute(text(f"SET LOCAL lock_timeout = {int(wait_s * 1000)}"))
    conn.execute(text("SAVEPOINT waiting"))
    try:
        conn.execute(text(f"SELECT pg_advisory_xact_lock({namespace}, {key})"))
    except DBAPIError:  # lock_timeout: someone else is counting
        conn.execute(text("ROLLBACK TO SAVEPOINT waiting"))
        return False
    return True


def process_changes(wait_s: float | None = 0) -> int | None:
    """Count the writes' changes into the documents and commit (a batch step: the caller's
    session is committed first).

    :param wait_s: how long to wait for a counting or refresh under way (0: do not).
    :returns: how many changes were counted; None when the lock was not free.
    """
    db.session.commit()
    with processing_lock(wait_s) as got:
        if not got:
            return None
        # The changes and the data they concern, read as of one moment.
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        else:
            db.session.connection(execution_options={"sqlite_begin_immediate": True})
        try:
            counted = live.process_changes()
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return counted


def run_refresh() -> bool:
    """Claim, recompute and commit; False when another refresh is already running.

    Commits (it is a batch step): call it with no pending changes of a request.
    """
    claimed = services.claim_refresh()
    db.session.commit()
    if not claimed:
        return False
    try:
        with processing_lock(None):
            services.refresh_statistics()
            db.session.commit()
    except Exception:
        db.session.rollback()
        services.release_refresh()
        db.session.commit()
        raise
    return True


# --- in the background -----------------------------------------------------------------


def install() -> None:
    """Count the changes in the background after the writes that record them (once per
    process; not with ``STATISTICS_REFRESH_INLINE``: tests count what is waiting when a
    page reads it, or when they ask)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)


def _after_commit(session: Session) -> None:
    if not session.info.pop(live.COMMITTED_CHANGE, False) or not has_app_context():
        return
    app = current_app._get_current_object()
    if app.config.get("STATISTICS_REFRESH_INLINE"):
        return
    global _processed_at
    now = monotonic()
    with _executor_lock:
        if now - _processed_at < app.config.get("STATISTICS_PROCESS_EVERY_S", 5.0):
            return
        _processed_at = now
    _counting_executor_for().submit(_process_in_background, app)


def _process_in_background(app: Flask) -> None:
    with app.app_context():
        try:
            process_changes(wait_s=0)
        except Exception:  # logged; the next write or page asks again
            log.exception("statistics: counting the writes' changes failed")
            db.session.rollback()
        finally:
            db.session.remove()


def _counting_executor_for() -> ThreadPoolExecutor:
    global _counting_executor
    with _executor_lock:
        if _counting_executor is None:
            _counting_executor = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="forum-statistics-counting"
            )
        return _counting_executor


def _executor_for() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="forum-statistics")
        return _executor


def _in_background(app: Flask) -> Future | None:
    with app.app_context():
        try:
            if not services.is_fresh(queries.get_state()):
                run_refresh()
        except Exception:  # logged; the next stale request tries again
            log.exception("statistics refresh failed")
        finally:
            db.session.remove()
    return None
