"""A consultation and the people who follow it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models_base import UTCDateTime, utcnow
from app.reference.models import Driver, Zone

consultation_drivers = Table(
    "consultation_drivers",
    db.metadata,
    Column("consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True),
    Column("driver_id", ForeignKey("drivers.id", ondelete="CASCADE"), primary_key=True),
)

# Phases in order; each starts at its own date and ends where the next begins.
PHASES = ("information", "collection", "discussion", "synthesis", "answers")
# States a consultation can be in: before it opens, one of the phases, or closed.
STATES = ("upcoming", *PHASES, "closed")


# The date fields of a consultation (its phases), in the order they must follow.
DATE_FIELDS = (
    "information_starts_at",
    "collection_starts_at",
    "discussion_starts_at",
    "synthesis_starts_at",
    "answers_starts_at",
    "closes_at",
)


class Consultation(db.Model):
    """A participatory process: scope, Drivers covered, dated phases."""

    __tablename__ = "consultations"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # "metropolitan" or "zone"
    scope: Mapped[str] = mapped_column(String(20), default="metropolitan")
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    is_premoderated: Mapped[bool] = mapped_column(default=True)
    # Only people who signed in with SPID or CIE may submit or support here (app/identity).
    requires_verified_identity: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # Phase start dates; the consultation closes at ``closes_at``.
    information_starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    collection_starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    discussion_starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    synthesis_starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answers_starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_early_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Denormalised count of published proposals, kept exact by the proposal services.
    published_count: Mapped[int] = mapped_column(default=0)

    zone: Mapped[Zone | None] = relationship(lazy="joined")
    drivers: Mapped[list[Driver]] = relationship(
        secondary=consultation_drivers, order_by="Driver.number", lazy="selectin"
    )

    def phase_starts(self) -> list[tuple[str, datetime]]:
        return [
            ("information", self.information_starts_at),
            ("collection", self.collection_starts_at),
            ("discussion", self.discussion_starts_at),
            ("synthesis", self.synthesis_starts_at),
            ("answers", self.answers_starts_at),
        ]

    def state_at(self, when: datetime) -> str:
        """The state the dates give at ``when`` (an early close wins)."""
        if self.closed_early_at is not None and when >= self.closed_early_at:
            return "closed"
        if when >= self.closes_at:
            return "closed"
        current = "upcoming"
        for phase, starts in self.phase_starts():
            if when >= starts:
                current = phase
        return current

    @property
    def state(self) -> str:
        return self.state_at(utcnow())

    @property
    def is_collecting(self) -> bool:
        return self.state == "collection"

    @property
    def is_closed(self) -> bool:
        """Closed (by its dates or early): the record is final, nobody supports, comments or
        reports any more, so the counts the synthesis and the answers cite stay as they were."""
        return self.state == "closed"


class Follow(db.Model):
    """A person following a consultation (notified of syntheses and answers)."""

    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("user_id", "consultation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
