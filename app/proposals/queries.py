"""Reads of proposals, their history, supports, comments and flags.

Every page loads what it shows in a fixed number of queries, whatever the number of
supports and comments: counts are grouped in SQL, comments come one page at a time and
their replies in one more query.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.consultations.models import Consultation
from app.errors import NotFound
from app.extensions import db
from app.identity.models import VerifiedIdentity
from app.pagination import Page
from app.proposals.models import Comment, Flag, Proposal, ProposalStateChange, Support
from app.reference.models import ActorType, Comune, Mission, VisionKeyword
from app.reference.snapshot import ComuneRow, reference_data

# One proposal with what every use of it needs (its page, its forms, the policy, a
# support) in one statement: consultation, author, entity, actor type, Driver and zone.
# Collections (missions, keywords, comuni, the consultation's Drivers, the author's roles
# and representations) are loaded if and when they are read.
_ONE_PROPOSAL = (
    joinedload(Proposal.consultation).lazyload(Consultation.drivers),
    joinedload(Proposal.author).lazyload(User.roles),
    joinedload(Proposal.author).lazyload(User.representations),
)


def get_proposal_or_404(proposal_id: int) -> Proposal:
    """The proposal with its consultation, author, entity, Driver and zone.

    :raises NotFound: no such proposal.
    """
    proposal = db.session.get(Proposal, proposal_id, options=_ONE_PROPOSAL)
    if proposal is None:
        raise NotFound()
    return proposal


def get_comment_or_404(comment_id: int) -> Comment:
    """:raises NotFound: no such comment."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        raise NotFound()
    return comment


def find_proposal_by_token(token: str) -> Proposal | None:
    """The proposal made by the submission form carrying ``token``, if any."""
    if not token:
        return None
    # Nearly always there is none: ask for the id only (a proposal is a wide row) and
    # load the proposal when there is one.
    proposal_id = db.session.scalar(select(Proposal.id).where(Proposal.submission_token == token))
    return None if proposal_id is None else db.session.get(Proposal, proposal_id)


def find_comment_by_token(token: str) -> Comment | None:
    if not token:
        return None
    return db.session.scalar(select(Comment).where(Comment.submission_token == token))


def list_proposals_of(user: User) -> list[Proposal]:
    """Every proposal ``user`` wrote, in every state, most recently changed first."""
    return list(
        db.session.scalars(
            select(Proposal)
            .where(Proposal.author_id == user.id)
            .order_by(Proposal.updated_at.desc(), Proposal.id.desc())
        )
    )


def list_history(proposal: Proposal) -> list[ProposalStateChange]:
    """The proposal's state changes, oldest first."""
    return list(
        db.session.scalars(
            select(ProposalStateChange)
            .where(ProposalStateChange.proposal_id == proposal.id)
            .order_by(ProposalStateChange.created_at, ProposalStateChange.id)
        )
    )


@dataclass(frozen=True)
class SupportCount:
    code: str
    name: str
    count: int


def count_supports_by_actor_type(proposal: Proposal) -> list[SupportCount]:
    """Supports split by actor type, in one GROUP BY query."""
    rows = db.session.execute(
        select(ActorType.code, ActorType.name, func.count(Support.id))
        .join(Support, Support.actor_type_id == ActorType.id)
        .where(Support.proposal_id == proposal.id)
        .group_by(ActorType.id, ActorType.code, ActorType.name, ActorType.position)
        .order_by(ActorType.position)
    )
    return [SupportCount(code, name, count) for code, name, count in rows]


def count_verified_supports(proposal: Proposal) -> int:
    """Supports given by people whose identity is verified with SPID or CIE (app/identity)."""
    return db.session.scalar(
        select(func.count(Support.id))
        .join(VerifiedIdentity, VerifiedIdentity.user_id == Support.user_id)
        .where(Support.proposal_id == proposal.id)
    )


def get_support(proposal: Proposal, user) -> Support | None:
    """``user``'s support of ``proposal``, if any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Support).where(Support.proposal_id == proposal.id, Support.user_id == user.id)
    )


def entity_supports(proposal: Proposal, organisation_id: int | None, comune_id: int | None) -> bool:
    """True if the organisation (or comune) already supports ``proposal`` (through anyone)."""
    query = select(Support.id).where(Support.proposal_id == proposal.id)
    if organisation_id is not None:
        query = query.where(Support.organisation_id == organisation_id)
    elif comune_id is not None:
        query = query.where(Support.on_behalf_comune_id == comune_id)
    else:
        return False
    return db.session.scalar(query.limit(1)) is not None


@dataclass(frozen=True)
class Thread:
    comment: Comment
    replies: list[Comment]


def _comment_query():
    # The author's roles and representations are not needed to show a comment.
    return select(Comment).options(
        joinedload(Comment.author).lazyload(User.roles),
        joinedload(Comment.author).lazyload(User.representations),
    )


def list_comment_threads(proposal: Proposal, page: int, per_page: int) -> Page[Thread]:
    """One page of top-level comments (oldest first, newest last) with all their replies.

    Three queries whatever the number of comments: the count, the page, the replies.
    """
    top_level = (Comment.proposal_id == proposal.id, Comment.parent_id.is_(None))
    total = db.session.scalar(select(func.count(Comment.id)).where(*top_level)) or 0
    comments = list(
        db.session.scalars(
            _comment_query()
            .where(*top_level)
            .order_by(Comment.created_at, Comment.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).unique()
    )
    replies: dict[int, list[Comment]] = {c.id: [] for c in comments}
    if comments:
        for reply in db.session.scalars(
            _comment_query()
            .where(Comment.parent_id.in_(list(replies)))
            .order_by(Comment.created_at, Comment.id)
        ).unique():
            replies[reply.parent_id].append(reply)
    threads = [Thread(comment, replies[comment.id]) for comment in comments]
    return Page(items=threads, number=page, per_page=per_page, total=total)


def find_flag(reporter: User, proposal: Proposal, comment: Comment | None) -> Flag | None:
    """``reporter``'s flag on the proposal itself (``comment`` None) or on one comment."""
    query = select(Flag).where(Flag.reporter_id == reporter.id, Flag.proposal_id == proposal.id)
    if comment is None:
        query = query.where(Flag.comment_id.is_(None))
    else:
        query = query.where(Flag.comment_id == comment.id)
    return db.session.scalar(query)


def get_missions(ids: list[int]) -> list[Mission]:
    if not ids:
        return []
    return list(db.session.scalars(select(Mission).where(Mission.id.in_(ids)).order_by(Mission.code)))


def get_keywords(ids: list[int]) -> list[VisionKeyword]:
    if not ids:
        return []
    return list(db.session.scalars(select(VisionKeyword).where(VisionKeyword.id.in_(ids))))


def get_comuni(ids: list[int]) -> list[Comune]:
    if not ids:
        return []
    return list(db.session.scalars(select(Comune).where(Comune.id.in_(ids)).order_by(Comune.name)))


def list_comuni_for(consultation: Consultation) -> list[ComuneRow]:
    """The comuni a proposal in ``consultation`` may be about (its zone's, or all), from the
    per-process reference data (no query); :func:`get_comuni` loads the chosen ones."""
    comuni = reference_data().comuni
    if consultation.scope == "zone" and consultation.zone_id is not None:
        return [c for c in comuni if c.zone_id == consultation.zone_id]
    return list(comuni)
