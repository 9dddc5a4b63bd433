"""Reads of attachments and of the content they belong to."""

from __future__ import annotations

from sqlalchemy import select

from app.documents.models import Attachment
from app.documents.owners import OWNER_KINDS
from app.errors import NotFound
from app.extensions import db


def list_attachments(kind: str, owner_id: int) -> list[Attachment]:
    """The documents of one owner, oldest first."""
    return list(
        db.session.scalars(
            select(Attachment)
            .where(Attachment.owner_kind == kind, Attachment.owner_id == owner_id)
            .order_by(Attachment.created_at, Attachment.id)
        )
    )


def get_attachment_or_404(token: str) -> Attachment:
    """:raises NotFound: no attachment has this token."""
    attachment = db.session.scalar(select(Attachment).where(Attachment.token == token))
    if attachment is None:
        raise NotFound()
    return attachment


def get_owner_or_404(kind: str, owner_id: int):
    """The proposal, consultation, meeting... ``kind`` #``owner_id``.

    :raises NotFound: unknown kind, or no such row.
    """
    owner_kind = OWNER_KINDS.get(kind)
    owner = db.session.get(owner_kind.model, owner_id) if owner_kind is not None else None
    if owner is None:
        raise NotFound()
    return owner


def list_personal_attachments(user_id: int) -> list[Attachment]:
    """The documents about ``user_id`` only (deleted with their account): those on the
    person's own representation requests."""
    personal = [kind for kind, spec in OWNER_KINDS.items() if spec.personal]
    found = []
    for kind in personal:
        model = OWNER_KINDS[kind].model
        owner_ids = select(model.id).where(model.user_id == user_id)
        found += db.session.scalars(
            select(Attachment).where(Attachment.owner_kind == kind, Attachment.owner_id.in_(owner_ids))
        )
    return found


def list_attachments_of(kind: str, owner_ids: list[int]) -> list[Attachment]:
    if not owner_ids:
        return []
    return list(
        db.session.scalars(
            select(Attachment).where(Attachment.owner_kind == kind, Attachment.owner_id.in_(owner_ids))
        )
    )


def attachments_by_owner(kind: str, owner_ids: list[int]) -> dict[int, list[Attachment]]:
    """The documents of many owners of one kind in one query (an action's timeline), oldest first."""
    found: dict[int, list[Attachment]] = {}
    for attachment in sorted(list_attachments_of(kind, owner_ids), key=lambda a: (a.created_at, a.id)):
        found.setdefault(attachment.owner_id, []).append(attachment)
    return found


def list_uploads_of(user_id: int) -> list[tuple[Attachment, object | None]]:
    """The documents ``user_id`` uploaded, oldest first, each with what it is attached to
    (``None`` if that is gone): one query, and one more per kind of owner."""
    attachments = list(
        db.session.scalars(
            select(Attachment)
            .where(Attachment.uploaded_by_id == user_id)
            .order_by(Attachment.created_at, Attachment.id)
        )
    )
    owners: dict[tuple[str, int], object] = {}
    for kind in {a.owner_kind for a in attachments} & set(OWNER_KINDS):
        model = OWNER_KINDS[kind].model
        ids = {a.owner_id for a in attachments if a.owner_kind == kind}
        owners.update(
            ((kind, row.id), row) for row in db.session.scalars(select(model).where(model.id.in_(ids)))
        )
    return [(a, owners.get((a.owner_kind, a.owner_id))) for a in attachments]
