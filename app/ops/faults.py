"""Fault injection for the crash tests (never active outside ``TESTING``).

With ``FORUM_TEST_SLOW_WRITE_SECONDS`` set (config ``TEST_SLOW_WRITE_SECONDS``) and
``TESTING`` on, every transaction sleeps that long right after its first flush that
inserts rows (or its first INSERT statement): the rows are written but not committed,
so a test can kill the worker at that moment and check that the database kept nothing
of the request.
"""

from __future__ import annotations

import time

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

_FLAG = "forum_slow_write_done"


def install_fault_injection(app: Flask) -> None:
    """Install the configured faults; does nothing unless ``TESTING`` is on."""
    seconds = float(app.config.get("TEST_SLOW_WRITE_SECONDS") or 0)
    if not app.config.get("TESTING") or seconds <= 0:
        return

    @event.listens_for(Session, "after_flush")
    def _sleep_after_first_insert(session, flush_context):
        if session.new and not session.info.get(_FLAG):
            session.info[_FLAG] = True
            time.sleep(seconds)

    @event.listens_for(Session, "do_orm_execute")
    def _sleep_after_first_insert_statement(state):
        # The same for an INSERT run as a statement (a support: INSERT ... ON CONFLICT).
        if state.is_insert and not state.session.info.get(_FLAG):
            result = state.invoke_statement()
            state.session.info[_FLAG] = True
            time.sleep(seconds)
            return result
        return None

    @event.listens_for(Session, "after_transaction_end")
    def _reset(session, transaction):
        if transaction.parent is None:
            session.info.pop(_FLAG, None)
