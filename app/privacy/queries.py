"""Reads for privacy: consents, everything held about a person, accounts to purge."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, select

from app.accounts.models import Representation, User
from app.consultations.models import Consultation, Follow
from app.documents.queries import list_uploads_of
from app.extensions import db
from app.meetings.models import Meeting, MeetingRegistration
from app.notifications.models import ProposalFollow
from app.privacy.models import Consent
from app.proposals.models import Comment, Flag, Proposal, ProposalStateChange, Support


def latest_consent(user: User, document: str = "privacy") -> Consent | None:
    """The most recent acceptance of ``document`` by ``user``."""
    return db.session.scalar(
        select(Consent)
        .where(Consent.user_id == user.id, Consent.document == document)
        .order_by(Consent.accepted_at.desc(), Consent.id.desc())
        .limit(1)
    )


def has_accepted(user: User, version: str, document: str = "privacy") -> bool:
    """True if ``user`` accepted this ``version`` of ``document``."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Consent.user_id == user.id, Consent.document == document, Consent.version == version
                )
            )
        )
    )


def collect_user_data(user: User) -> dict:
    """Everything the platform holds about ``user``, for the "download my data" file.

    A fixed number of queries whatever the amount of data.
    """
    proposals = list(
        db.session.scalars(
            select(Proposal).where(Proposal.author_id == user.id).order_by(Proposal.created_at, Proposal.id)
        ).unique()
    )
    history: dict[int, list[ProposalStateChange]] = {p.id: [] for p in proposals}
    if proposals:
        for change in db.session.scalars(
            select(ProposalStateChange)
            .where(ProposalStateChange.proposal_id.in_(history))
            .order_by(ProposalStateChange.created_at, ProposalStateChange.id)
        ).unique():
            history[change.proposal_id].append(change)
    supports = db.session.execute(
        select(Support, Proposal.title)
        .join(Proposal, Proposal.id == Support.proposal_id)
        .where(Support.user_id == user.id)
        .order_by(Support.created_at, Support.id)
    ).all()
    comments = list(
        db.session.scalars(
            select(Comment).where(Comment.author_id == user.id).order_by(Comment.created_at, Comment.id)
        ).unique()
    )
    flags = list(
        db.session.scalars(
            select(Flag).where(Flag.reporter_id == user.id).order_by(Flag.created_at, Flag.id)
        ).unique()
    )
    follows = db.session.execute(
        select(Follow.created_at, Consultation.title, Consultation.slug)
        .join(Consultation, Consultation.id == Follow.consultation_id)
        .where(Follow.user_id == user.id)
        .order_by(Follow.created_at)
    ).all()
    followed_proposals = db.session.execute(
        select(ProposalFollow.created_at, Proposal.id, Proposal.title)
        .join(Proposal, Proposal.id == ProposalFollow.proposal_id)
        .where(ProposalFollow.user_id == user.id)
        .order_by(ProposalFollow.created_at)
    ).all()
    representations = list(
        db.session.scalars(
            select(Representation)
            .where(Representation.user_id == user.id)
            .order_by(Representation.requested_at, Representation.id)
        ).unique()
    )
    consents = list(
        db.session.scalars(
            select(Consent).where(Consent.user_id == user.id).order_by(Consent.accepted_at, Consent.id)
        )
    )
    registrations = db.session.execute(
        select(MeetingRegistration, Meeting)
        .join(Meeting, Meeting.id == MeetingRegistration.meeting_id)
        .where(MeetingRegistration.user_id == user.id)
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    return {
        "meeting_registrations": registrations,
        "documents": list_uploads_of(user.id),
        "proposals": proposals,
        "history": history,
        "supports": supports,
        "comments": comments,
        "flags": flags,
        "follows": follows,
        "followed_proposals": followed_proposals,
        "representations": representations,
        "consents": consents,
    }


def _user_references():
    """Foreign keys to ``users.id`` that do not cascade: rows that tie an account to content."""
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "users" and (fk.ondelete or "").upper() != "CASCADE":
                yield fk.parent


def list_unconfirmed_to_purge(cutoff: datetime) -> list[User]:
    """Accounts never confirmed, created before ``cutoff``, with nothing tied to them.

    An unconfirmed account cannot write anything, so in practice every one qualifies;
    one that something references (an audit entry, say) is left to the person or an admin.
    """
    conditions = [~exists().where(column == User.id) for column in _user_references()]
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.confirmed_at.is_(None),
                User.deleted_at.is_(None),
                User.created_at < cutoff,
                and_(*conditions),
            )
            .order_by(User.id)
        ).unique()
    )
