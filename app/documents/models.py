"""A document attached to a proposal, a consultation, a meeting's minutes, a representation request..."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime, utcnow


class Attachment(db.Model):
    """One stored file and what it belongs to (``owner_kind`` + ``owner_id``, see app.documents.owners).

    The file lives under the attachments folder at ``storage_key``, a random name: nothing
    the uploader typed ever reaches the file system. ``token`` is the public id in the
    download address (not guessable, unlike the row id).
    """

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_owner", "owner_kind", "owner_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    owner_kind: Mapped[str] = mapped_column(String(30))
    owner_id: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The uploader's name for the file, made safe (app.documents.validation.safe_file_name).
    file_name: Mapped[str] = mapped_column(String(160))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
