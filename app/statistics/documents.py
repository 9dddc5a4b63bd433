"""The stored documents of the participation figures and the changes waiting to be folded
into them (:mod:`app.statistics.live`): every read and write of the two tables.

A write inserts its changes (``statistics_deltas``) and locks nothing every support shares;
a reader gets, in one statement, a document and the changes waiting for it; a fold (every
few seconds, and in each full refresh) adds them to the documents and deletes them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, delete, func, insert, literal, select, union_all, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.models_base import utcnow
from app.statistics.cells import Delta, apply_delta, empty_document, has_places
from app.statistics.models import StatisticsDelta, StatisticsSnapshot

SNAPSHOTS = StatisticsSnapshot.__table__
DELTAS = StatisticsDelta.__table__


def insert_deltas(delta: Delta) -> None:
    """The transaction's changes, one row per document: inserted, never locked."""
    rows = [
        {"scope_key": key, "data": [[section, cell, values] for (section, cell), values in entries.items()]}
        for key, entries in sorted(delta.items())
    ]
    if rows:
        db.session.execute(insert(DELTAS), rows)


def _documents_with_deltas(keys: Iterable[str] | None):
    """The stored documents and their pending changes, in one statement (so one snapshot
    of both, whatever a fold commits meanwhile), the changes in the order committed."""
    stored = select(SNAPSHOTS.c.scope_key, literal(0).label("delta_id"), SNAPSHOTS.c.data.label("data"))
    pending = select(DELTAS.c.scope_key, DELTAS.c.id, DELTAS.c.data)
    if keys is not None:
        keys = sorted(set(keys))
        stored = stored.where(SNAPSHOTS.c.scope_key.in_(keys))
        pending = pending.where(DELTAS.c.scope_key.in_(keys))
    both = union_all(stored, pending).subquery()
    return select(both).order_by(both.c.delta_id)


def _fold_rows(rows) -> tuple[dict[str, dict], list[int]]:
    documents: dict[str, dict] = {}
    folded = []
    for key, delta_id, data in rows:
        if delta_id == 0:
            documents[key] = data
            continue
        document = documents.setdefault(key, empty_document(has_places(key)))
        apply_delta(document, {(section, cell): values for section, cell, values in data})
        folded.append(delta_id)
    return documents, folded


def current_documents(keys: Iterable[str] | None, conn=None) -> dict[str, dict]:
    """The exact documents of these scopes (None: all) now: stored, plus the changes not
    yet folded."""
    rows = (conn or db.session).execute(_documents_with_deltas(keys)).all()
    return _fold_rows(rows)[0]


def keys_with_deltas() -> set[str]:
    return set(db.session.scalars(select(DELTAS.c.scope_key).distinct()))


def document_revisions(keys: list[str]) -> dict[str, tuple]:
    """What changes whenever a figure of these scopes does: when the document was last
    written, and the last change waiting to be folded into it."""
    last = select(DELTAS.c.scope_key, func.max(DELTAS.c.id)).where(DELTAS.c.scope_key.in_(keys))
    pending = dict(db.session.execute(last.group_by(DELTAS.c.scope_key)).all())
    stored = select(SNAPSHOTS.c.scope_key, SNAPSHOTS.c.computed_at).where(SNAPSHOTS.c.scope_key.in_(keys))
    written = dict(db.session.execute(stored).all())
    return {key: (written.get(key), pending.get(key)) for key in keys}


def fold_deltas(keys: Iterable[str] | None = None) -> dict[str, dict]:
    """Fold the committed changes into the stored documents (of ``keys``, or of every scope
    with changes waiting) and delete them; returns the documents, locked until the commit."""
    documents = lock_documents(keys_with_deltas() if keys is None else set(keys))
    pending = select(DELTAS.c.scope_key, DELTAS.c.id, DELTAS.c.data).where(
        DELTAS.c.scope_key.in_(sorted(documents))
    )
    rows = [(key, 0, data) for key, data in documents.items()]
    rows += sorted(db.session.execute(pending).all(), key=lambda row: row[1])
    documents, folded = _fold_rows(rows)
    if folded:
        db.session.execute(delete(DELTAS).where(DELTAS.c.id.in_(folded)))
    return documents


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
