"""The safety net of the figures kept by each write: notice the writes nobody announced.

The services announce what they change (:mod:`app.statistics.live`). A write that changes
what is counted without announcing it — a script, a test factory, a bulk load, a service
added later and forgotten — is seen here through the same SQLAlchemy session events the
page cache listens to (``after_flush`` for ORM rows, ``do_orm_execute`` for bulk
statements). If the transaction announced nothing, its commit marks the stored figures
stale (:func:`app.statistics.live_queries.note_unaccounted_write`), and the next page asks
for the full refresh: never wrong for long, only slower.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from app.statistics.live import UNACCOUNTED

# Table -> the columns whose change changes a figure (None: any change of a row).
COUNTED_COLUMNS: dict[str, frozenset[str] | None] = {
    "supports": None,
    "proposal_comuni": None,
    "comments": frozenset(
        {"state", "author_id", "organisation_id", "on_behalf_comune_id", "proposal_id", "created_at"}
    ),
    "proposals": frozenset(
        {
            "state",
            "driver_id",
            "consultation_id",
            "zone_id",
            "author_id",
            "organisation_id",
            "on_behalf_comune_id",
            "actor_type_id",
            "published_at",
            "comuni",
        }
    ),
    "organisations": frozenset({"actor_type_id", "actor_type"}),
}


def install() -> None:
    """Listen on every session (once per process)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _on_execute)


def _after_flush(session: Session, _context) -> None:
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if _counts(obj, is_new=obj in session.new, is_deleted=obj in session.deleted):
            session.info[UNACCOUNTED] = True
            return


def _counts(obj, is_new: bool, is_deleted: bool) -> bool:
    state = inspect(obj)
    table = state.mapper.local_table.name
    if table not in COUNTED_COLUMNS:
        return False
    if table == "proposals" and not _was_or_is_published(state):
        return False
    if is_new or is_deleted:
        return table != "organisations"
    columns = COUNTED_COLUMNS[table]
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    return bool(changed) if columns is None else bool(changed & columns)


def _was_or_is_published(state) -> bool:
    history = state.attrs["state"].history
    return "published" in (*history.added, *history.unchanged, *history.deleted) or (
        state.dict.get("state") == "published"
    )


def _on_execute(execute_state: ORMExecuteState) -> None:
    if not (execute_state.is_insert or execute_state.is_update or execute_state.is_delete):
        return
    table = getattr(getattr(execute_state.statement, "table", None), "name", None)
    if table not in COUNTED_COLUMNS:
        return
    columns = COUNTED_COLUMNS[table]
    if execute_state.is_update and columns is not None:
        values = getattr(execute_state.statement, "_values", None) or {}
        names = {getattr(column, "key", column) for column in values}
        if not names & columns:
            return  # the counters (supports_count = supports_count + 1)
    if execute_state.is_insert and table == "organisations":
        return
    execute_state.session.info[UNACCOUNTED] = True
