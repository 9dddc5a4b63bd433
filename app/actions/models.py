"""Plan actions, their links to proposals and themes, and their dated updates.

An action is one of the plan's *progetti operativi* or one of its *intese* (agreements):
both are followed the same way. Its ``status`` and ``progress`` are the latest an analyst
gave; every change is kept as an :class:`ActionUpdate`, so the timeline is the history.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import db
from app.models_base import UTCDateTime, utcnow
from app.proposals.models import Proposal
from app.synthesis.models import Theme

ACTION_KINDS = ("project", "agreement")
ACTION_STATUSES = ("proposed", "planned", "in_progress", "completed", "abandoned")


class PlanAction(db.Model):
    """An action of the plan that proposals can flow into."""

    __tablename__ = "plan_actions"
    __table_args__ = (CheckConstraint("progress >= 0 AND progress <= 100", name="progress_percentage"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # The plan's own reference ("PO-3.1": area 3, project 1; "INT-2": an agreement).
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="project")
    title: Mapped[str] = mapped_column(String(200))
    policy_area: Mapped[str] = mapped_column(String(120), default="", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    recipients: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    office: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    # The DUP (Documento Unico di Programmazione) year of the latest update.
    dup_year: Mapped[int | None] = mapped_column(Integer)
    # Retired actions leave the public list but keep their links and history.
    is_retired: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ActionLink(db.Model):
    """A proposal or a whole theme that flowed into an action, with the analyst's note."""

    __tablename__ = "action_links"
    __table_args__ = (
        UniqueConstraint("action_id", "proposal_id"),
        UniqueConstraint("action_id", "theme_id"),
        CheckConstraint("(proposal_id IS NULL) <> (theme_id IS NULL)", name="proposal_or_theme"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    action: Mapped[PlanAction] = relationship()
    proposal: Mapped[Proposal | None] = relationship()
    theme: Mapped[Theme | None] = relationship()


class ActionAnnouncement(db.Model):
    """A proposal whose people were told it flowed into the action: told once, even when the
    link that brought it is removed by mistake and made again."""

    __tablename__ = "action_announcements"
    action_id: Mapped[int] = mapped_column(
        ForeignKey("plan_actions.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    announced_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ActionUpdate(db.Model):
    """One dated step of an action's timeline: what happened, and the status and progress after it."""

    __tablename__ = "action_updates"
    __table_args__ = (Index("ix_action_updates_action_date", "action_id", "happened_on", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, default="")
    happened_on: Mapped[date] = mapped_column(Date)
    dup_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[int] = mapped_column(Integer)
    previous_status: Mapped[str] = mapped_column(String(20))
    previous_progress: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    action: Mapped[PlanAction] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def changed_status(self) -> bool:
        return self.status != self.previous_status
