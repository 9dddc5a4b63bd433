"""Proposals and what people do with them: support, comment, flag."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Organisation, User
from app.consultations.models import Consultation
from app.extensions import db
from app.models_base import UTCDateTime, utcnow
from app.reference.models import ActorType, Comune, Driver, Mission, VisionKeyword, Zone

proposal_missions = Table(
    "proposal_missions",
    db.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("mission_id", ForeignKey("missions.id", ondelete="CASCADE"), primary_key=True),
)
proposal_keywords = Table(
    "proposal_keywords",
    db.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("keyword_id", ForeignKey("vision_keywords.id", ondelete="CASCADE"), primary_key=True),
)
proposal_comuni = Table(
    "proposal_comuni",
    db.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("comune_id", ForeignKey("comuni.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_proposal_comuni_comune_id", "comune_id"),
)

# States (DESIGN.md): draft -> submitted -> published | changes_requested | rejected;
# published -> withdrawn (by author) | hidden (by moderator).
PROPOSAL_STATES = (
    "draft",
    "submitted",
    "published",
    "changes_requested",
    "rejected",
    "withdrawn",
    "hidden",
)
# Which states the public sees.
PUBLIC_STATES = ("published",)
SCOPES = ("metropolitan", "zone", "comuni")
# Index column order for "newest first" (PostgreSQL; SQLite scans plain columns backwards).
_NEWEST = {"published_at": "DESC NULLS LAST", "id": "DESC"}
# Carried in the list indexes so the filters are checked on index entries (index-only scans).
_FILTERS = ["driver_id", "zone_id", "actor_type_id"]
#: What a proposal says, in reading order: the text the themes engine reads for it.
TEXT_FIELDS = ("title", "summary", "need", "action", "expected_results")
#: The part the form's assistant compares while someone types (the fields typed first).
ASSIST_FIELDS = TEXT_FIELDS[:4]


def proposal_text(proposal, fields: tuple[str, ...] = TEXT_FIELDS) -> str:
    """The proposal's ``fields`` that are filled in, one paragraph each."""
    return "\n".join(part for part in (getattr(proposal, name) for name in fields) if part)


ANSWER_KINDS = ("accolta", "accolta_in_parte", "gia_prevista", "non_accolta", "fuori_competenza")


class Proposal(db.Model):
    """A structured proposal filed under one Driver in one consultation."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(
            "state IN ('draft','submitted','published','changes_requested','rejected','withdrawn','hidden')",
            name="state_valid",
        ),
        CheckConstraint("supports_count >= 0", name="supports_count_positive"),
        CheckConstraint("comments_count >= 0", name="comments_count_positive"),
        # The list orders of a consultation page, one index each (migration f1a2b3c4d5e6):
        # a page, and the ids of a deep page, are read from the index without a sort.
        Index(
            "ix_proposals_list_newest",
            "consultation_id",
            "state",
            "published_at",
            "id",
            postgresql_ops=_NEWEST,
            postgresql_include=_FILTERS,
        ),
        Index(
            "ix_proposals_list_supported",
            "consultation_id",
            "state",
            "supports_count",
            "published_at",
            "id",
            postgresql_ops={"supports_count": "DESC", **_NEWEST},
            postgresql_include=_FILTERS,
        ),
        Index(
            "ix_proposals_list_commented",
            "consultation_id",
            "state",
            "comments_count",
            "published_at",
            "id",
            postgresql_ops={"comments_count": "DESC", **_NEWEST},
            postgresql_include=_FILTERS,
        ),
        # The count of answered proposals shown on every consultation page.
        Index(
            "ix_proposals_answered",
            "consultation_id",
            "state",
            postgresql_where=text("answer_kind IS NOT NULL"),
            sqlite_where=text("answer_kind IS NOT NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Set when a verified representative files on behalf of an entity.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    on_behalf_comune_id: Mapped[int | None] = mapped_column(ForeignKey("comuni.id"), index=True)
    # Denormalised from the author or the entity, for filters and statistics.
    actor_type_id: Mapped[int] = mapped_column(ForeignKey("actor_types.id"), index=True)

    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    need: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    expected_results: Mapped[str] = mapped_column(Text, default="")
    actors_involved: Mapped[str] = mapped_column(Text, default="")

    driver_id: Mapped[int | None] = mapped_column(ForeignKey("drivers.id"), index=True)
    scope: Mapped[str] = mapped_column(String(20), default="metropolitan")
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)

    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    # The reason or message of the last moderation decision, shown to the author.
    state_reason: Mapped[str] = mapped_column(Text, default="")
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    # Unique per submission form: a retried submit finds the proposal it already made.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Counters kept exact by the services in the same transaction as the change.
    supports_count: Mapped[int] = mapped_column(default=0)
    comments_count: Mapped[int] = mapped_column(default=0)

    # Official answer (filled in by the plan office after the synthesis).
    answer_kind: Mapped[str | None] = mapped_column(String(30))
    answer_text: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    consultation: Mapped[Consultation] = relationship(lazy="joined")
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    on_behalf_comune: Mapped[Comune | None] = relationship(foreign_keys=[on_behalf_comune_id], lazy="joined")
    actor_type: Mapped[ActorType] = relationship(lazy="joined")
    driver: Mapped[Driver | None] = relationship(lazy="joined")
    zone: Mapped[Zone | None] = relationship(lazy="joined")
    duplicate_of: Mapped[Proposal | None] = relationship(remote_side=[id])
    # Loaded when read (the proposal page, its form, the open data ask for them with
    # selectinload): lists, the support and the moderation queue do not need them, and an
    # eager default cost three queries on every load of a proposal (issue #6).
    missions: Mapped[list[Mission]] = relationship(secondary=proposal_missions, order_by="Mission.code")
    keywords: Mapped[list[VisionKeyword]] = relationship(
        secondary=proposal_keywords, order_by="VisionKeyword.id"
    )
    comuni: Mapped[list[Comune]] = relationship(secondary=proposal_comuni, order_by="Comune.name")

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def entity_name(self) -> str | None:
        """The organisation or comune the proposal is filed for, if any."""
        if self.organisation is not None:
            return self.organisation.name
        if self.on_behalf_comune is not None:
            return f"Comune di {self.on_behalf_comune.name}"
        return None


class ProposalStateChange(db.Model):
    """One entry in a proposal's history, visible to its author."""

    __tablename__ = "proposal_state_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor: Mapped[User | None] = relationship(lazy="joined")


class Support(db.Model):
    """An adesione: one per person per proposal, possibly on behalf of an entity."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    # Nullable: an anonymised (deleted) account's support still counts but is unlinked.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    on_behalf_comune_id: Mapped[int | None] = mapped_column(ForeignKey("comuni.id"), index=True)
    actor_type_id: Mapped[int] = mapped_column(ForeignKey("actor_types.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped[Organisation | None] = relationship()
    on_behalf_comune: Mapped[Comune | None] = relationship()
    actor_type: Mapped[ActorType] = relationship()


class Comment(db.Model):
    """A comment on a proposal, threaded one level deep; moderated after publication."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_proposal_created", "proposal_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    on_behalf_comune_id: Mapped[int | None] = mapped_column(ForeignKey("comuni.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    # "published" or "hidden"
    state: Mapped[str] = mapped_column(String(20), default="published")
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[User] = relationship(lazy="joined")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    on_behalf_comune: Mapped[Comune | None] = relationship(lazy="joined")
    proposal: Mapped[Proposal] = relationship()


FLAG_STATES = ("open", "upheld", "dismissed")


class Flag(db.Model):
    """A report by a registered user about a proposal or a comment."""

    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("reporter_id", "proposal_id", "comment_id"),
        # NULLs are distinct in a unique constraint, so a report on the proposal itself
        # (comment_id NULL) needs its own partial index to be one per person.
        Index(
            "uq_flags_reporter_proposal_only",
            "reporter_id",
            "proposal_id",
            unique=True,
            postgresql_where=text("comment_id IS NULL"),
            sqlite_where=text("comment_id IS NULL"),
        ),
        Index("ix_flags_status_created", "status", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Exactly one target: the proposal (comment_id null) or a comment on it.
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    reason: Mapped[str] = mapped_column(String(40))
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_note: Mapped[str] = mapped_column(Text, default="")

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id], lazy="joined")
    proposal: Mapped[Proposal] = relationship(lazy="joined")
    comment: Mapped[Comment | None] = relationship(lazy="joined")
