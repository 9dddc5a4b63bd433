"""The notification outbox and each person's notification preferences.

A :class:`Notification` is written in the same transaction as the event it reports
(an answer, a published synthesis), so a rolled-back action never notifies anybody;
it is e-mailed after the commit (immediately, or in the next daily digest) and marked
``sent_at``, so a crash between the two only delays the message.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import db
from app.models_base import UTCDateTime, utcnow

# What a notification is about.
NOTIFICATION_KINDS = ("synthesis_published", "proposal_answered")
# How often a person wants e-mails: one per event, one a day, none.
FREQUENCIES = ("immediate", "daily", "off")
DEFAULT_FREQUENCY = "immediate"


class Notification(db.Model):
    """One message waiting for (or done with) delivery to one person."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_pending", "is_digest", "sent_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    # True when it waits for the person's daily digest instead of its own e-mail.
    is_digest: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)

    user: Mapped[User] = relationship()


class NotificationPreference(db.Model):
    """How a person wants to be notified; no row means the defaults."""

    __tablename__ = "notification_preferences"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(20), default=DEFAULT_FREQUENCY)
    # Followers are told about every answer in the consultations they follow only if they ask.
    followed_answers: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
