"""Reads for notifications: preferences, recipients, the outbox."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.consultations.models import Consultation, Follow
from app.errors import NotFound
from app.extensions import db
from app.notifications.models import (
    DEFAULT_FREQUENCY,
    NOTIFICATION_KINDS,
    Notification,
    NotificationPreference,
    PhaseAnnouncement,
    ProposalFollow,
)
from app.pagination import Page
from app.proposals.models import Support

# What the Notifiche page lists: the news, and a moderator's decision on one's proposal
# (not the account mails: links to confirm or reset are no news).
SITE_KINDS = (*NOTIFICATION_KINDS, "proposal_decision")


def get_preference(user: User) -> NotificationPreference | None:
    return db.session.get(NotificationPreference, user.id)


def frequency_of(user: User) -> str:
    preference = get_preference(user)
    return preference.frequency if preference is not None else DEFAULT_FREQUENCY


def preferences_for(user_ids: Iterable[int]) -> dict[int, NotificationPreference]:
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = db.session.scalars(select(NotificationPreference).where(NotificationPreference.user_id.in_(ids)))
    return {row.user_id: row for row in rows}


def list_users(user_ids: Iterable[int]) -> list[User]:
    ids = list(set(user_ids))
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))


def follower_ids(consultation_id: int) -> list[int]:
    return list(db.session.scalars(select(Follow.user_id).where(Follow.consultation_id == consultation_id)))


def proposal_follower_ids_by_proposal(proposal_ids: Iterable[int]) -> dict[int, set[int]]:
    ids = list(set(proposal_ids))
    result: dict[int, set[int]] = {pid: set() for pid in ids}
    if ids:
        rows = db.session.execute(
            select(ProposalFollow.proposal_id, ProposalFollow.user_id).where(
                ProposalFollow.proposal_id.in_(ids)
            )
        )
        for proposal_id, user_id in rows:
            result[proposal_id].add(user_id)
    return result


def is_following_proposal(user, proposal_id: int) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(ProposalFollow, (user.id, proposal_id)) is not None


def get_proposal_follow(user_id: int, proposal_id: int) -> ProposalFollow | None:
    return db.session.get(ProposalFollow, (user_id, proposal_id))


def get_phase_announcement(consultation_id: int, phase: str) -> PhaseAnnouncement | None:
    return db.session.get(PhaseAnnouncement, (consultation_id, phase))


def list_consultations_with_followers() -> list[Consultation]:
    followed = select(Follow.consultation_id).distinct()
    return list(db.session.scalars(select(Consultation).where(Consultation.id.in_(followed))))


def count_unread(user) -> int:
    """Notifications on ``user``'s Notifiche page not read yet (the menu's count)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(
                Notification.user_id == user.id,
                Notification.kind.in_(SITE_KINDS),
                Notification.read_at.is_(None),
            )
        )
        or 0
    )


def list_site_notifications(user, page: int, per_page: int) -> Page[Notification]:
    """``user``'s notifications for the Notifiche page, newest first."""
    query = select(Notification).where(Notification.user_id == user.id, Notification.kind.in_(SITE_KINDS))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = list(
        db.session.scalars(
            query.order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return Page(items=items, number=page, per_page=per_page, total=total)


def get_own_notification_or_404(user, notification_id: int) -> Notification:
    """:raises NotFound: no such notification of ``user`` (someone else's does not exist for them)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id or notification.kind not in SITE_KINDS:
        raise NotFound()
    return notification


def supporter_ids_by_proposal(proposal_ids: Iterable[int]) -> dict[int, set[int]]:
    ids = list(set(proposal_ids))
    result: dict[int, set[int]] = {pid: set() for pid in ids}
    if not ids:
        return result
    rows = db.session.execute(
        select(Support.proposal_id, Support.user_id).where(
            Support.proposal_id.in_(ids), Support.user_id.is_not(None)
        )
    )
    for proposal_id, user_id in rows:
        result[proposal_id].add(user_id)
    return result


def list_undelivered(ids: Iterable[int] | None = None, limit: int = 1000) -> list[Notification]:
    """Notifications waiting for their own e-mail (not the digest), oldest first."""
    query = (
        select(Notification)
        .options(joinedload(Notification.user))
        .where(
            Notification.is_digest.is_(False),
            Notification.is_emailed.is_(True),
            Notification.sent_at.is_(None),
            Notification.attempts < 5,
        )
        .order_by(Notification.id)
        .limit(limit)
    )
    if ids is not None:
        query = query.where(Notification.id.in_(list(ids)))
    return list(db.session.scalars(query))


def digest_user_ids() -> list[int]:
    """People with notifications waiting for their daily digest."""
    query = (
        select(Notification.user_id)
        .where(
            Notification.is_digest.is_(True),
            Notification.is_emailed.is_(True),
            Notification.sent_at.is_(None),
            Notification.attempts < 5,
        )
        .distinct()
        .order_by(Notification.user_id)
    )
    return list(db.session.scalars(query))


def list_digest_notifications(user_id: int) -> list[Notification]:
    query = (
        select(Notification)
        .where(
            Notification.user_id == user_id,
            Notification.is_digest.is_(True),
            Notification.is_emailed.is_(True),
            Notification.sent_at.is_(None),
            Notification.attempts < 5,
        )
        .order_by(Notification.id)
    )
    return list(db.session.scalars(query))


def list_notifications_for(user: User) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )
