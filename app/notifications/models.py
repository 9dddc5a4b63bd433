"""The outbox of every e-mail the site sends, and each person's notification preferences.

A :class:`Notification` is written in the same transaction as the event it reports
(an answer, a published synthesis, a registration, a moderator's decision), so a
rolled-back action never mails anybody; it is e-mailed after the commit by a background
worker (immediately, or in the next daily digest) and marked ``sent_at``, so a crash
between the two only delays the message.

Two families of messages share the outbox:

- *notifications* (:data:`NOTIFICATION_KINDS`): news a person chose to follow; they obey
  the notification preferences (immediate, daily digest, off) and carry the unsubscribe
  footer;
- *service mails* (:data:`SERVICE_KINDS`): confirmation and reset links, the warning that
  someone tried to register with an address, a moderator's decision on one's proposal.
  They are always sent, never in a digest, without the footer. The account mails are
  composed when they are sent (:mod:`app.notifications.mails`), so a link's token is
  never stored; a password-reset request for an address without an account is queued
  for that address (``to_address``, no user), so both cases cost the request the same.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import db
from app.models_base import UTCDateTime, utcnow

# What a notification is about.
NOTIFICATION_KINDS = (
    "synthesis_published",
    "proposal_answered",
    "proposal_commented",
    "comment_replied",
    "followed_proposal_commented",
    "consultation_phase",
    # app.actions.notify: a proposal flowed into a plan action; such an action changed status
    "action_linked",
    "action_status_changed",
)
# The kinds a person sets a frequency for (the preferences page), and what each covers.
PREFERENCE_CATEGORIES = {
    # What became of a proposal: its official answer, the plan action it flowed into.
    "answers": ("proposal_answered", "action_linked", "action_status_changed"),
    "comments": ("proposal_commented", "comment_replied"),
    "followed_proposals": ("followed_proposal_commented",),
    "consultations": ("synthesis_published", "consultation_phase"),
}
CATEGORY_OF_KIND = {kind: category for category, kinds in PREFERENCE_CATEGORIES.items() for kind in kinds}
# Mails sent whatever the preferences (see the module docstring).
SERVICE_KINDS = (
    "confirm_email",
    "password_reset",
    "password_reset_no_account",
    "registration_attempt",
    "proposal_decision",
    # app.meetings: the reminder of the day before, a seat freed for someone waiting
    "meeting_reminder",
    "meeting_seat",
)
# How often a person wants e-mails: one per event, one a day, none.
FREQUENCIES = ("immediate", "daily", "off")
DEFAULT_FREQUENCY = "immediate"


class Notification(db.Model):
    """One message waiting for (or done with) delivery to one person."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_pending", "is_digest", "sent_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # None only for a mail to an address without an account (``to_address``).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    to_address: Mapped[str | None] = mapped_column(String(254))
    # The language of a mail composed when it is sent (None: the person's own).
    locale: Mapped[str | None] = mapped_column(String(5))
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    # True when it waits for the person's daily digest instead of its own e-mail.
    is_digest: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # False when the person chose no e-mail for this kind: the row is only on their
    # "Notifiche" page (delivery never picks it up).
    is_emailed: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Where the in-site notification leads (a path on this site), and when it was read there.
    link: Mapped[str | None] = mapped_column(String(500))
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User | None] = relationship()

    @property
    def is_service_mail(self) -> bool:
        return self.kind in SERVICE_KINDS


class NotificationPreference(db.Model):
    """How a person wants to be notified; no row means the defaults."""

    __tablename__ = "notification_preferences"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(20), default=DEFAULT_FREQUENCY)
    # Followers are told about every answer in the consultations they follow only if they ask.
    followed_answers: Mapped[bool] = mapped_column(default=False)
    # One frequency per category (PREFERENCE_CATEGORIES); None: ``frequency`` above.
    answers_frequency: Mapped[str | None] = mapped_column(String(20))
    comments_frequency: Mapped[str | None] = mapped_column(String(20))
    followed_proposals_frequency: Mapped[str | None] = mapped_column(String(20))
    consultations_frequency: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def frequency_for(self, kind: str) -> str:
        """How often this person wants e-mails of ``kind`` ("off" switches every kind off)."""
        if self.frequency == "off":
            return "off"
        category = CATEGORY_OF_KIND.get(kind)
        chosen = getattr(self, f"{category}_frequency", None) if category else None
        return chosen or self.frequency or DEFAULT_FREQUENCY


class NotificationEvent(db.Model):
    """Something happened that may concern many people (an answer, a comment, a new phase).

    Written in the event's own transaction (one row, whatever the number of people
    concerned); the worker expands it into one :class:`Notification` per person after the
    commit (:mod:`app.notifications.events`), so the request stays as fast with a
    thousand supporters as with one.
    """

    __tablename__ = "notification_events"
    __table_args__ = (Index("ix_notification_events_pending", "expanded_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expanded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class ProposalFollow(db.Model):
    """A person following one proposal: told of its new comments and of its answer.

    Kept with the notifications (it is a subscription, nothing else reads it).
    """

    __tablename__ = "proposal_follows"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PhaseAnnouncement(db.Model):
    """A consultation's phase whose start its followers were told about (once each)."""

    __tablename__ = "phase_announcements"
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    )
    phase: Mapped[str] = mapped_column(String(20), primary_key=True)
    announced_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
