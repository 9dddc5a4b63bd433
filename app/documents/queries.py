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
