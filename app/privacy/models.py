"""Consents: which version of which document a person accepted, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime, utcnow

# The documents a person may be asked to accept.
DOCUMENTS = ("privacy",)


class Consent(db.Model):
    """One acceptance of one version of a document (kept as a history, never edited)."""

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_user_document", "user_id", "document"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    document: Mapped[str] = mapped_column(String(40))
    version: Mapped[str] = mapped_column(String(40))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
