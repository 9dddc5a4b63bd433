"""Bump the content generation (and the reference version) after a commit that wrote
public content.

SQLAlchemy session events see every write the application makes, whatever service made
it: ``after_flush`` the rows flushed by the ORM, ``do_orm_execute`` the bulk
``UPDATE``/``DELETE``/``INSERT`` statements (the counters ``SET n = n + 1``) and any
textual SQL. The session only notes which kinds of tables were written; the counters are
bumped in ``after_commit`` of the outermost transaction, i.e. once the rows are visible
to other connections: bumping earlier would let a reader cache the old rows under the
new generation. A rolled-back transaction bumps nothing.

The rule is deliberately coarse and errs towards invalidating: any written table counts
as public except the few below that no public page shows, and a user row counts unless
only its private columns changed (a login writes ``last_login_at``).

Everyday participation bumps the *activity* generation instead of the *content* one
(pages may lag behind it by a few seconds, see :mod:`app.pagecache.store`): new rows of
:data:`ACTIVITY_TABLES`, supports given or taken back, and changes of only the counter
columns (``supports_count = supports_count + 1``). A moderator's hide, an edit, a state
change of an existing proposal, an answer — everything else — bumps the content
generation and shows at once. A transaction doing both bumps both.
"""

from __future__ import annotations

import logging

from flask import current_app, has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.elements import TextClause

from app.pagecache.versions import ACTIVITY, CONTENT, REFERENCE, VersionsUnavailable

log = logging.getLogger(__name__)

# Tables no public page reads.
PRIVATE_TABLES = frozenset(
    {"audit_entries", "notifications", "notification_preferences", "consents", "follows"}
    # Pre-aggregated figures: written by their refresh, which must not announce a change.
    | {"statistics_snapshots", "statistics_state", "statistics_changes"}
    | {"user_sessions", "rate_limit_counters"}
    # Notification events are expanded by the worker into each person's notifications; what
    # people follow and which phases and action links were announced show on no public page.
    | {"notification_events", "proposal_follows", "phase_announcements", "action_announcements"}
)
# Reference data, cached per process by app.reference.snapshot.
REFERENCE_TABLES = frozenset(
    {
        "drivers",
        "missions",
        "components",
        "driver_missions",
        "vision_keywords",
        "zones",
        "comuni",
        "actor_types",
    }
)
# Columns of users that no public page shows.
PRIVATE_USER_COLUMNS = frozenset(
    {"last_login_at", "password_hash", "session_token", "locale", "email", "confirmed_at"}
)
# Rows whose insertion is everyday participation (a new proposal comes with its
# missions, keywords, comuni and first history rows).
ACTIVITY_TABLES = frozenset(
    {"supports", "comments", "proposals", "proposal_missions", "proposal_keywords", "proposal_comuni"}
    | {"proposal_state_changes"}
)
# Tables whose rows participation also deletes (a support taken back).
ACTIVITY_DELETES = frozenset({"supports"})
# Columns that participation changes on existing rows: the denormalised counters.
COUNTER_COLUMNS = frozenset({"supports_count", "comments_count", "published_count", "updated_at"})
# Textual SQL starting with these only reads.
READ_ONLY_KEYWORDS = ("SELECT", "WITH", "SHOW", "EXPLAIN", "PRAGMA", "SET")

_PENDING = "pagecache_pending"


def install() -> None:
    """Listen on every SQLAlchemy session (once per process)."""
    if event.contains(Session, "after_flush", _after_flush):
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _on_execute)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)


def counters_for_tables(tables: set[str]) -> set[str]:
    """Which counters a write to ``tables`` must bump (``"*"`` stands for unknown SQL)."""
    if "*" in tables:
        return {CONTENT, REFERENCE}
    counters = set()
    if tables - PRIVATE_TABLES:
        counters.add(CONTENT)
    if tables & REFERENCE_TABLES:
        counters.add(REFERENCE)
    return counters


def _note(session: Session, tables: set[str], activity: bool = False) -> None:
    """Remember what the transaction wrote: ``tables`` (content), or, with ``activity``,
    the tables of everyday participation."""
    if activity:
        counters = {ACTIVITY} if tables - PRIVATE_TABLES else set()
    else:
        counters = counters_for_tables(tables)
    if counters:
        session.info.setdefault(_PENDING, set()).update(counters)


def _after_flush(session: Session, _flush_context) -> None:
    content: set[str] = set()
    activity: set[str] = set()
    for obj in session.new:
        table = _table_of(obj)
        (activity if table in ACTIVITY_TABLES else content).add(table)
    for obj in session.deleted:
        table = _table_of(obj)
        (activity if table in ACTIVITY_DELETES else content).add(table)
    for obj in session.dirty:
        table = _table_of(obj)
        changed = _changed_columns(obj)
        if not changed or (table == "users" and changed <= PRIVATE_USER_COLUMNS):
            continue
        (activity if changed <= COUNTER_COLUMNS else content).add(table)
    _note(session, content)
    _note(session, activity, activity=True)


def _table_of(obj) -> str:
    return inspect(obj).mapper.local_table.name


def _changed_columns(obj) -> set[str]:
    """The attributes of ``obj`` this flush writes (the mapped attribute of
    ``users.display_name`` is ``_display_name``: public)."""
    state = inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


def _on_execute(state: ORMExecuteState) -> None:
    if state.is_select:
        return
    statement = state.statement
    if isinstance(statement, TextClause):
        words = statement.text.split(None, 1)
        if words and words[0].upper() in READ_ONLY_KEYWORDS:
            return
        _note(state.session, {"*"})
        return
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(getattr(statement, "table", None), "name", "*")
        _note(state.session, {table}, activity=_is_participation(state, table))


def _is_participation(state: ORMExecuteState, table: str) -> bool:
    """A bulk statement of everyday participation: a support's ``INSERT … ON CONFLICT``
    (or its removal), or an ``UPDATE`` of the counter columns only."""
    if state.is_insert:
        return table in ACTIVITY_TABLES
    if state.is_delete:
        return table in ACTIVITY_DELETES
    # The columns an UPDATE sets; a statement not built with .values() counts as content.
    values = getattr(state.statement, "_values", None) or {}
    columns = {getattr(column, "key", column) for column in values}
    return bool(columns) and all(isinstance(c, str) for c in columns) and columns <= COUNTER_COLUMNS


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a SAVEPOINT released: the outer transaction may still roll back
    pending = session.info.pop(_PENDING, None)
    if pending and has_app_context():
        bump(current_app, *sorted(pending))


def _after_rollback(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_PENDING, None)


def bump(app, *counters: str) -> None:
    """Announce that committed data changed: cached pages (and reference snapshots) of
    the previous generation are no longer served."""
    versions = app.extensions.get("pagecache_versions")
    if versions is None:
        return
    try:
        versions.bump(*counters)
    except VersionsUnavailable as error:
        # The commit is done and cannot be undone; pages cached before the outage may be
        # served until PAGE_CACHE_TTL expires them.
        log.error("could not bump the page cache generation: %s", error)
