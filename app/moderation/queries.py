"""Reads for the moderation queue, the review pages and the navigation counts.

List pages load what they show in a fixed number of queries: proposals come with their
joined relations (the many-to-many lists, which the queue does not show, are not loaded)
and flag groups are loaded with their targets in one query per page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, lazyload

from app.accounts.models import User
from app.consultations.models import Consultation
from app.errors import NotFound
from app.extensions import db
from app.moderation.models import AuditEntry
from app.pagination import Page
from app.proposals.models import Comment, Flag, Proposal, ProposalStateChange

PER_PAGE = 20
# The acts the moderators' log shows: their decisions, and what the reports did by themselves.
MODERATION_ACTIONS = (
    "proposal.publish",
    "proposal.reject",
    "proposal.request_changes",
    "proposal.hide",
    "proposal.restore",
    "proposal.mark_duplicate",
    "proposal.auto_hide",
    "comment.hide",
    "comment.restore",
    "comment.auto_hide",
    "flag.uphold",
    "flag.dismiss",
)
COMMENTS_PER_PAGE = 50

# The queue shows proposals without their many-to-many lists: skip those loads.
_WITHOUT_LISTS = (
    lazyload(Proposal.missions),
    lazyload(Proposal.keywords),
    lazyload(Proposal.comuni),
)


@dataclass
class FlagGroup:
    """The open flags on one target (a proposal, or one comment on it)."""

    proposal: Proposal
    comment: Comment | None
    count: int
    first_at: datetime
    flags: list[Flag] = field(default_factory=list)

    @property
    def first_flag_id(self) -> int:
        return self.flags[0].id

    @property
    def reasons(self) -> list[tuple[str, int]]:
        """``(reason code, how many)`` pairs, most frequent first."""
        return Counter(f.reason for f in self.flags).most_common()


def zone_consultation_ids(zone_ids: set[int]):
    """A subquery: the ids of the consultations scoped to ``zone_ids`` (a coordinator's queue)."""
    return select(Consultation.id).where(Consultation.scope == "zone", Consultation.zone_id.in_(zone_ids))


def _submitted(zone_ids: set[int] | None):
    """The condition "awaiting review", within the consultations of ``zone_ids`` (None: all)."""
    clause = Proposal.state == "submitted"
    if zone_ids is None:
        return clause
    return and_(clause, Proposal.consultation_id.in_(zone_consultation_ids(zone_ids)))


def _open_flags(zone_ids: set[int] | None):
    """The condition "open report", on content of the consultations of ``zone_ids`` (None: all)."""
    clause = Flag.status == "open"
    if zone_ids is None:
        return clause
    in_zones = select(Proposal.id).where(Proposal.consultation_id.in_(zone_consultation_ids(zone_ids)))
    return and_(clause, Flag.proposal_id.in_(in_zones))


def count_open_queue(zone_ids: set[int] | None = None) -> dict[str, int]:
    """Counts shown in the navigation: proposals awaiting review and reported items.

    ``flags`` counts reported *items* (a proposal or a comment with open reports), as the
    queue lists them: three reports on one comment are one thing to decide. ``zone_ids``:
    only the content of the consultations scoped to these zones (a coordinator's queue).
    """
    submitted = db.session.scalar(select(func.count()).select_from(Proposal).where(_submitted(zone_ids)))
    return {"proposals": submitted or 0, "flags": _count_open_flag_targets(zone_ids)}


def _open_flag_targets(zone_ids: set[int] | None):
    return (
        select(Flag.proposal_id, Flag.comment_id)
        .where(_open_flags(zone_ids))
        .group_by(Flag.proposal_id, Flag.comment_id)
    )


def _count_open_flag_targets(zone_ids: set[int] | None) -> int:
    return db.session.scalar(select(func.count()).select_from(_open_flag_targets(zone_ids).subquery())) or 0


def list_submitted_proposals(
    page: int = 1, per_page: int = PER_PAGE, zone_ids: set[int] | None = None
) -> Page[Proposal]:
    """Proposals awaiting review (first submissions and resubmissions), oldest first;
    ``zone_ids``: only those of the consultations scoped to these zones."""
    total = db.session.scalar(select(func.count()).select_from(Proposal).where(_submitted(zone_ids)))
    items = list(
        db.session.scalars(
            select(Proposal)
            .options(*_WITHOUT_LISTS)
            .where(_submitted(zone_ids))
            .order_by(Proposal.submitted_at.asc(), Proposal.id.asc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).unique()
    )
    return Page(items=items, number=page, per_page=per_page, total=total or 0)


def resubmitted_ids(proposals: list[Proposal]) -> set[int]:
    """Ids, among ``proposals``, of those once sent back to the author for changes."""
    if not proposals:
        return set()
    return set(
        db.session.scalars(
            select(ProposalStateChange.proposal_id)
            .where(
                ProposalStateChange.proposal_id.in_([p.id for p in proposals]),
                ProposalStateChange.to_state == "changes_requested",
            )
            .distinct()
        )
    )


def list_open_flag_groups(
    page: int = 1, per_page: int = PER_PAGE, zone_ids: set[int] | None = None
) -> Page[FlagGroup]:
    """Open flags grouped by target, the target flagged first coming first; ``zone_ids``:
    only those on content of the consultations scoped to these zones."""
    grouped = (
        select(
            Flag.proposal_id,
            Flag.comment_id,
            func.count().label("n"),
            func.min(Flag.created_at).label("first_at"),
        )
        .where(_open_flags(zone_ids))
        .group_by(Flag.proposal_id, Flag.comment_id)
    )
    total = _count_open_flag_targets(zone_ids)
    rows = db.session.execute(
        grouped.order_by(func.min(Flag.created_at).asc(), Flag.proposal_id.asc(), Flag.comment_id.asc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    groups: list[FlagGroup] = []
    if rows:
        by_target: dict[tuple[int, int | None], list[Flag]] = {}
        for flag in db.session.scalars(
            select(Flag)
            .options(
                joinedload(Flag.proposal).lazyload(Proposal.missions),
                joinedload(Flag.proposal).lazyload(Proposal.keywords),
                joinedload(Flag.proposal).lazyload(Proposal.comuni),
            )
            .where(Flag.status == "open", or_(*(_target_clause(r.proposal_id, r.comment_id) for r in rows)))
            .order_by(Flag.created_at.asc(), Flag.id.asc())
        ).unique():
            by_target.setdefault((flag.proposal_id, flag.comment_id), []).append(flag)
        for row in rows:
            flags = by_target.get((row.proposal_id, row.comment_id), [])
            if not flags:  # resolved between the two queries
                continue
            groups.append(
                FlagGroup(
                    proposal=flags[0].proposal,
                    comment=flags[0].comment,
                    count=len(flags),
                    first_at=row.first_at,
                    flags=flags,
                )
            )
    return Page(items=groups, number=page, per_page=per_page, total=total or 0)


def _target_clause(proposal_id: int, comment_id: int | None):
    if comment_id is None:
        return and_(Flag.proposal_id == proposal_id, Flag.comment_id.is_(None))
    return and_(Flag.proposal_id == proposal_id, Flag.comment_id == comment_id)


def get_proposal_for_review_or_404(proposal_id: int) -> Proposal:
    """Any proposal, in any state (moderators see everything).

    :raises NotFound: no such proposal.
    """
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        raise NotFound()
    return proposal


def get_proposal_or_none(proposal_id: int | None) -> Proposal | None:
    if proposal_id is None:
        return None
    return db.session.get(Proposal, proposal_id)


def get_flag_or_404(flag_id: int) -> Flag:
    """:raises NotFound: no such flag."""
    flag = db.session.get(Flag, flag_id)
    if flag is None:
        raise NotFound()
    return flag


def list_history(proposal: Proposal) -> list[ProposalStateChange]:
    """Every state change of ``proposal``, oldest first."""
    return list(
        db.session.scalars(
            select(ProposalStateChange)
            .where(ProposalStateChange.proposal_id == proposal.id)
            .order_by(ProposalStateChange.created_at.asc(), ProposalStateChange.id.asc())
        ).unique()
    )


def list_flags_on_target(proposal_id: int, comment_id: int | None) -> list[Flag]:
    """All flags (open and resolved) on one target, oldest first."""
    return list(
        db.session.scalars(
            select(Flag)
            .where(_target_clause(proposal_id, comment_id))
            .order_by(Flag.created_at.asc(), Flag.id.asc())
        ).unique()
    )


def list_open_flags_on_target(proposal_id: int, comment_id: int | None) -> list[Flag]:
    """The open flags on one target, oldest first."""
    return list(
        db.session.scalars(
            select(Flag)
            .where(_target_clause(proposal_id, comment_id), Flag.status == "open")
            .order_by(Flag.created_at.asc(), Flag.id.asc())
        ).unique()
    )


def list_comments_for_review(proposal: Proposal, page: int = 1) -> Page[Comment]:
    """Every comment on ``proposal`` (visible and hidden), oldest first."""
    total = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.proposal_id == proposal.id)
    )
    items = list(
        db.session.scalars(
            select(Comment)
            .where(Comment.proposal_id == proposal.id)
            .order_by(Comment.created_at.asc(), Comment.id.asc())
            .limit(COMMENTS_PER_PAGE)
            .offset((page - 1) * COMMENTS_PER_PAGE)
        ).unique()
    )
    return Page(items=items, number=page, per_page=COMMENTS_PER_PAGE, total=total or 0)


def count_open_flags_by_comment(comment_ids: list[int]) -> dict[int, int]:
    """How many open flags each of ``comment_ids`` has."""
    if not comment_ids:
        return {}
    rows = db.session.execute(
        select(Flag.comment_id, func.count())
        .where(Flag.status == "open", Flag.comment_id.in_(comment_ids))
        .group_by(Flag.comment_id)
    ).all()
    return {comment_id: n for comment_id, n in rows}


def was_hidden_automatically(proposal_id: int, comment_id: int | None) -> bool:
    """True if the last hiding of this proposal (or comment) was done by the reports."""
    if comment_id is None:
        object_type, object_id = "proposals", proposal_id
        actions = ("proposal.hide", "proposal.mark_duplicate", "proposal.auto_hide")
    else:
        object_type, object_id = "comments", comment_id
        actions = ("comment.hide", "comment.auto_hide")
    last = db.session.scalar(
        select(AuditEntry.action)
        .where(
            AuditEntry.object_type == object_type,
            AuditEntry.object_id == object_id,
            AuditEntry.action.in_(actions),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return last is not None and last.endswith(".auto_hide")


def list_moderation_log(page: int, per_page: int, action: str = "") -> Page[AuditEntry]:
    """The moderation acts of the audit log (:data:`MODERATION_ACTIONS`), newest first.

    An ``action`` outside them shows nothing rather than another part of the log.
    """
    actions = [action] if action else list(MODERATION_ACTIONS)
    query = select(AuditEntry).where(AuditEntry.action.in_(actions))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = list(
        db.session.scalars(
            query.options(
                joinedload(AuditEntry.actor).lazyload(User.roles),
                joinedload(AuditEntry.actor).lazyload(User.representations),
            )
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).unique()
    )
    return Page(items=items, number=page, per_page=per_page, total=total or 0)
