"""Reads for notifications: preferences, recipients, the outbox."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.consultations.models import Follow
from app.extensions import db
from app.notifications.models import DEFAULT_FREQUENCY, Notification, NotificationPreference
from app.proposals.models import Support


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
        .where(Notification.is_digest.is_(False), Notification.sent_at.is_(None), Notification.attempts < 5)
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
        .where(Notification.is_digest.is_(True), Notification.sent_at.is_(None), Notification.attempts < 5)
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
