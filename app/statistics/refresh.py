"""When the stored figures are recomputed in full: never inside a page request.

Every announced write keeps them exact (:mod:`app.statistics.live`), so this is rare: the
first computation, a write no service announced (:mod:`app.statistics.watch`), the comuni
moved to other zones. A request that finds them stale (:func:`services.is_fresh`) asks for a
refresh and is answered with the figures it has, marked not to be cached. The
refresh runs in a background thread of the process (one at a time; a row lock-like claim in
``statistics_state`` keeps the workers of every host from computing the same figures at
once) and commits its own transaction, like a batch job. ``STATISTICS_REFRESH_INLINE``
(tests) refreshes during the request instead. A database with no figures yet shows zeros
and "being counted" until the first refresh ends (never a request that waits a minute at
metropolitan scale: gunicorn would kill it). ``flask forum statistics-refresh`` does it from
the shell (cron, after a bulk load).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from threading import Lock
from time import monotonic

from flask import Flask, current_app

from app.extensions import db
from app.statistics import live, queries, services

log = logging.getLogger(__name__)
_executor: ThreadPoolExecutor | None = None
_executor_lock = Lock()
# Changes left by the writes are folded into the documents at most this often per process.
FOLD_EVERY_S = 2.0
_folded_at = 0.0


def ensure_fresh() -> bool:
    """Ask for a refresh if the figures are stale; True when the figures read now are current.

    Also asks, every :data:`FOLD_EVERY_S` seconds at most per process, for the changes the
    writes left (:mod:`app.statistics.live`) to be folded into the documents: readers add
    them up until then, so the fewer the cheaper."""
    state = queries.get_state()
    app = current_app._get_current_object()
    if services.is_fresh(state):
        _fold_now_and_then(app)
        return True
    if app.config.get("STATISTICS_REFRESH_INLINE"):
        run_refresh()
        return True
    _executor_for().submit(_in_background, app)
    return False


def run_refresh() -> bool:
    """Claim, recompute and commit; False when another refresh is already running.

    Commits (it is a batch step): call it with no pending changes of a request.
    """
    claimed = services.claim_refresh()
    db.session.commit()
    if not claimed:
        return False
    try:
        services.refresh_statistics()
        db.session.commit()
    except Exception:
        db.session.rollback()
        services.release_refresh()
        db.session.commit()
        raise
    return True


def _fold_now_and_then(app: Flask) -> None:
    global _folded_at
    now = monotonic()
    with _executor_lock:
        if now - _folded_at < FOLD_EVERY_S:
            return
        _folded_at = now
    if app.config.get("STATISTICS_REFRESH_INLINE"):
        run_fold()
    else:
        _executor_for().submit(_fold_in_background, app)


def run_fold() -> int:
    """Fold the writes' changes into the documents and commit (a batch step)."""
    folded = live.fold()
    db.session.commit()
    return folded


def _fold_in_background(app: Flask) -> None:
    with app.app_context():
        try:
            run_fold()
        except Exception:  # logged; the next page asks again
            log.exception("statistics fold failed")
            db.session.rollback()
        finally:
            db.session.remove()


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
