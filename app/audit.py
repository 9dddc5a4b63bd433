"""Writing to the audit log: one function used by every service."""

from __future__ import annotations

from app.extensions import db
from app.moderation.models import AuditEntry


def record(actor, action: str, obj=None, *, object_type: str | None = None, **details) -> AuditEntry:
    """Append an entry to the audit log (flushed with the caller's transaction).

    :param actor: the :class:`User` acting, or ``None`` for the system.
    :param action: a dotted verb such as ``proposal.publish``.
    :param obj: the model acted upon; its table name and id are recorded.
    """
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type or (obj.__tablename__ if obj is not None else "system"),
        object_id=getattr(obj, "id", None),
        details={k: _plain(v) for k, v in details.items()},
    )
    db.session.add(entry)
    return entry


def _plain(value):
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)
