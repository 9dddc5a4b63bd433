"""Reads of consultations and of who follows them."""

from __future__ import annotations

from sqlalchemy import and_, case, func, or_, select

from app.consultations.models import Consultation, Follow
from app.errors import NotFound
from app.extensions import db
from app.models_base import utcnow
from app.proposals.models import Flag, Proposal


def _is_open(now):
    """SQL condition: opened (information started) and not closed, early or on date."""
    return and_(
        Consultation.information_starts_at <= now,
        Consultation.closes_at > now,
        or_(Consultation.closed_early_at.is_(None), Consultation.closed_early_at > now),
    )


def list_open_consultations() -> list[Consultation]:
    """Consultations that have opened and not closed, newest first."""
    now = utcnow()
    return list(
        db.session.scalars(
            select(Consultation).where(_is_open(now)).order_by(Consultation.collection_starts_at.desc())
        )
    )


def list_consultations(scope: str | None = None, zone_id: int | None = None) -> list[Consultation]:
    """Every consultation: open ones first, then upcoming, then closed.

    Open ones are ordered by the start of collection (newest first), upcoming ones by
    the date they open (soonest first), closed ones by the date they closed (latest first).

    :param scope: ``"metropolitan"`` or ``"zone"`` to keep only that scope.
    :param zone_id: keep only the consultations of that zone.
    """
    now = utcnow()
    upcoming = Consultation.information_starts_at > now
    group = case((_is_open(now), 0), (upcoming, 1), else_=2)
    # Within a group only that group's CASE is not NULL, so each group has its own order.
    order = (
        group,
        case((_is_open(now), Consultation.collection_starts_at)).desc(),
        case((upcoming, Consultation.information_starts_at)).asc(),
        Consultation.closes_at.desc(),
        Consultation.id.desc(),
    )
    query = select(Consultation)
    if scope in ("metropolitan", "zone"):
        query = query.where(Consultation.scope == scope)
    if zone_id is not None:
        query = query.where(Consultation.zone_id == zone_id)
    return list(db.session.scalars(query.order_by(*order)))


def get_consultation_by_slug_or_404(slug: str) -> Consultation:
    """The consultation with this slug.

    :raises NotFound: if there is none.
    """
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None:
        raise NotFound()
    return consultation


def slug_exists(slug: str) -> bool:
    return db.session.scalar(select(Consultation.id).where(Consultation.slug == slug)) is not None


def get_follow(user, consultation: Consultation) -> Follow | None:
    """The follow of ``user`` on ``consultation``, or ``None`` (always ``None`` for visitors)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Follow).where(Follow.user_id == user.id, Follow.consultation_id == consultation.id)
    )


def is_following(user, consultation: Consultation) -> bool:
    return get_follow(user, consultation) is not None


def count_followers(consultation: Consultation) -> int:
    return db.session.scalar(
        select(db.func.count()).select_from(Follow).where(Follow.consultation_id == consultation.id)
    )


def list_zone_consultations(zone_ids: set[int]) -> list[Consultation]:
    """The consultations scoped to these zones (a coordinator's), newest first."""
    if not zone_ids:
        return []
    return list(
        db.session.scalars(
            select(Consultation)
            .where(Consultation.scope == "zone", Consultation.zone_id.in_(zone_ids))
            .order_by(Consultation.information_starts_at.desc(), Consultation.id.desc())
        )
    )


def count_waiting_moderation(consultation_ids: list[int]) -> dict[int, tuple[int, int]]:
    """For each consultation: (proposals waiting for a moderator, open reports), two queries
    for a whole list."""
    if not consultation_ids:
        return {}
    proposals = dict(
        db.session.execute(
            select(Proposal.consultation_id, func.count(Proposal.id))
            .where(Proposal.consultation_id.in_(consultation_ids), Proposal.state == "submitted")
            .group_by(Proposal.consultation_id)
        ).all()
    )
    reports = dict(
        db.session.execute(
            select(Proposal.consultation_id, func.count(Flag.id))
            .join(Proposal, Proposal.id == Flag.proposal_id)
            .where(Proposal.consultation_id.in_(consultation_ids), Flag.status == "open")
            .group_by(Proposal.consultation_id)
        ).all()
    )
    return {cid: (proposals.get(cid, 0), reports.get(cid, 0)) for cid in consultation_ids}
