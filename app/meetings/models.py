"""A meeting of the Forum (or of a Tavolo, or a zone assembly) and the people registered to it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.consultations.models import Consultation
from app.extensions import db
from app.models_base import UTCDateTime, utcnow
from app.reference.models import Zone

# Who meets: the plenary Forum, the two Tavoli of the plan, an assembly of one Zona omogenea.
MEETING_KINDS = ("forum", "tavolo", "tavolo_universita", "zone_assembly")
# A registration holds a seat, waits for one, or was withdrawn (kept: the history of the list).
REGISTRATION_STATES = ("confirmed", "waiting", "cancelled")

meeting_proposals = Table(
    "meeting_proposals",
    db.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
)


class Meeting(db.Model):
    """One meeting: when and where (or online), its agenda, its seats and, afterwards, its minutes."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_starts_at", "starts_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    agenda: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    location: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    # None: no limit (no waiting list either).
    capacity: Mapped[int | None] = mapped_column()
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="SET NULL"), index=True
    )
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    minutes: Mapped[str] = mapped_column(Text, default="")
    minutes_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # iCalendar SEQUENCE: raised at each change, so calendar apps replace their copy.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    zone: Mapped[Zone | None] = relationship(lazy="joined")
    consultation: Mapped[Consultation | None] = relationship(lazy="joined")
    organiser: Mapped[User | None] = relationship()
    discussed_proposals = relationship(
        "Proposal", secondary=meeting_proposals, order_by="Proposal.id", lazy="selectin"
    )

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def has_started(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) >= self.starts_at

    @property
    def has_minutes(self) -> bool:
        return self.minutes_published_at is not None


class MeetingRegistration(db.Model):
    """One person's place at a meeting: a seat, a place in the waiting list, or withdrawn."""

    __tablename__ = "meeting_registrations"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        Index("ix_meeting_registrations_queue", "meeting_id", "status", "queued_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    # When the person (last) asked for a place: the waiting list is served in this order.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # The reminder of the day before was queued (never twice).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    meeting: Mapped[Meeting] = relationship()
    user: Mapped[User] = relationship()
