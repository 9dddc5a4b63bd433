"""The stored documents of the participation figures (one per scope): every read and write.

They are written by the full refresh and by the counting of the writes' changes
(:mod:`app.statistics.live`), one at a time; pages, downloads and the API read them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.models_base import utcnow
from app.statistics.cells import empty_document, has_places
from app.statistics.models import StatisticsSnapshot

SNAPSHOTS = StatisticsSnapshot.__table__


def current_documents(keys: Iterable[str] | None, conn=None) -> dict[str, dict]:
    """The stored documents of these scopes (None: all)."""
    query = select(SNAPSHOTS.c.scope_key, SNAPSHOTS.c.data)
    if keys is not None:
        query = query.where(SNAPSHOTS.c.scope_key.in_(sorted(set(keys))))
    return {key: data for key, data in (conn or db.session).execute(query)}


def document_revisions(keys: list[str]) -> dict[str, object]:
    """When the documents of these scopes were last written: it changes whenever a figure
    of theirs does."""
    stored = select(SNAPSHOTS.c.scope_key, SNAPSHOTS.c.computed_at).where(SNAPSHOTS.c.scope_key.in_(keys))
    written = dict(db.session.execute(stored).all())
    return {key: written.get(key) for key in keys}


def lock_documents(keys: set[str]) -> dict[str, dict]:
    """The stored documents of these scopes, locked until the commit (created empty when
    missing, so two first writes of a new scope do not collide)."""
    query = (
        select(SNAPSHOTS.c.scope_key, SNAPSHOTS.c.data)
        .where(SNAPSHOTS.c.scope_key.in_(sorted(keys)))
        .order_by(SNAPSHOTS.c.scope_key)
        .with_for_update()
    )
    found = {key: data for key, data in db.session.execute(query)}
    missing = keys - set(found)
    if missing:
        insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        now = utcnow()
        db.session.execute(
            insert(SNAPSHOTS).on_conflict_do_nothing(index_elements=["scope_key"]),
            [
                {"scope_key": key, "data": empty_document(has_places(key)), "computed_at": now}
                for key in missing
            ],
        )
        found.update(
            {key: data for key, data in db.session.execute(query.where(SNAPSHOTS.c.scope_key.in_(missing)))}
        )
    return found


def write_documents(documents: dict[str, dict]) -> None:
    if not documents:
        return
    statement = (
        update(SNAPSHOTS)
        .where(SNAPSHOTS.c.scope_key == bindparam("key"))
        .values(data=bindparam("document"), computed_at=bindparam("now"))
    )
    now = utcnow()
    db.session.execute(statement, [{"key": k, "document": d, "now": now} for k, d in documents.items()])
