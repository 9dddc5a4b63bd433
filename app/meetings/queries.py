"""Reads of meetings, their registrations and the calendars."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from app.errors import NotFound
from app.extensions import db
from app.meetings.models import Meeting, MeetingRegistration, meeting_proposals
from app.models_base import utcnow
from app.pagination import Page
from app.proposals.models import Proposal


def get_meeting_or_404(meeting_id: int) -> Meeting:
    """:raises NotFound: no meeting has this id."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound()
    return meeting


def lock_meeting(meeting_id: int) -> Meeting:
    """The meeting, its row locked until the transaction ends (``SELECT … FOR UPDATE``).

    Every change of its seats takes this lock first, so two people asking for the last
    seat at once are served one after the other and the count stays exact. (SQLite has
    no row locks: it serialises whole write transactions, which gives the same result.)

    :raises NotFound: no meeting has this id.
    """
    meeting = db.session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .with_for_update(of=Meeting)  # the meeting's row only, not the outer-joined zone
        .execution_options(populate_existing=True)
    )
    if meeting is None:
        raise NotFound()
    return meeting


def _filtered(kind: str | None, zone_id: int | None, consultation_id: int | None):
    query = select(Meeting)
    if kind:
        query = query.where(Meeting.kind == kind)
    if zone_id is not None:
        query = query.where(Meeting.zone_id == zone_id)
    if consultation_id is not None:
        query = query.where(Meeting.consultation_id == consultation_id)
    return query


def list_upcoming(
    kind=None, zone_id=None, consultation_id=None, now: datetime | None = None
) -> list[Meeting]:
    """Meetings not yet over, soonest first (cancelled ones too: people must learn of it)."""
    query = _filtered(kind, zone_id, consultation_id).where(Meeting.ends_at > (now or utcnow()))
    return list(db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id)))


def page_of_past(kind=None, zone_id=None, page: int = 1, per_page: int = 20) -> Page:
    """Meetings already over, latest first, a page at a time."""
    query = _filtered(kind, zone_id, None).where(Meeting.ends_at <= utcnow())
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(
        query.order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return Page(items=list(items), number=page, per_page=per_page, total=total)


def list_for_feed(
    zone_id: int | None = None, consultation_id: int | None = None, limit: int = 500
) -> list[Meeting]:
    """The meetings a calendar feed carries: every one of the scope, latest first."""
    query = _filtered(None, zone_id, consultation_id)
    return list(db.session.scalars(query.order_by(Meeting.starts_at.desc()).limit(limit)))


def seat_counts(meeting_ids) -> dict[int, dict[str, int]]:
    """``{meeting id: {"confirmed": n, "waiting": m}}`` in one query."""
    ids = list(meeting_ids)
    counts = {mid: {"confirmed": 0, "waiting": 0} for mid in ids}
    if not ids:
        return counts
    rows = db.session.execute(
        select(MeetingRegistration.meeting_id, MeetingRegistration.status, func.count())
        .where(MeetingRegistration.meeting_id.in_(ids), MeetingRegistration.status != "cancelled")
        .group_by(MeetingRegistration.meeting_id, MeetingRegistration.status)
    )
    for meeting_id, status, count in rows:
        counts[meeting_id][status] = count
    return counts


def count_confirmed(meeting_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(
            MeetingRegistration.meeting_id == meeting_id, MeetingRegistration.status == "confirmed"
        )
    )


def get_registration(user, meeting: Meeting) -> MeetingRegistration | None:
    """``user``'s registration to ``meeting`` (any state), or None (always for visitors)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(MeetingRegistration).where(
            MeetingRegistration.meeting_id == meeting.id, MeetingRegistration.user_id == user.id
        )
    )


def waiting_position(registration: MeetingRegistration) -> int:
    """1 for the first person in the waiting list."""
    return 1 + db.session.scalar(
        select(func.count()).where(
            MeetingRegistration.meeting_id == registration.meeting_id,
            MeetingRegistration.status == "waiting",
            MeetingRegistration.queued_at < registration.queued_at,
        )
    )


def first_waiting(meeting_id: int, count: int) -> list[MeetingRegistration]:
    return list(
        db.session.scalars(
            select(MeetingRegistration)
            .where(MeetingRegistration.meeting_id == meeting_id, MeetingRegistration.status == "waiting")
            .order_by(MeetingRegistration.queued_at, MeetingRegistration.id)
            .limit(count)
        )
    )


def list_registrations(meeting: Meeting) -> list[MeetingRegistration]:
    """Everyone registered or waiting, in the order they asked (for the organisers)."""
    return list(
        db.session.scalars(
            select(MeetingRegistration)
            .where(MeetingRegistration.meeting_id == meeting.id, MeetingRegistration.status != "cancelled")
            .order_by(MeetingRegistration.status, MeetingRegistration.queued_at, MeetingRegistration.id)
        )
    )


def registrations_to_remind(window_start: datetime, window_end: datetime) -> list[MeetingRegistration]:
    """Confirmed, not yet reminded registrations to meetings starting in the window."""
    return list(
        db.session.scalars(
            select(MeetingRegistration)
            .join(Meeting, Meeting.id == MeetingRegistration.meeting_id)
            .where(
                MeetingRegistration.status == "confirmed",
                MeetingRegistration.reminded_at.is_(None),
                Meeting.cancelled_at.is_(None),
                Meeting.starts_at >= window_start,
                Meeting.starts_at < window_end,
            )
            .order_by(Meeting.starts_at, MeetingRegistration.id)
        )
    )


def list_published_proposals(ids) -> list[Proposal]:
    ids = list(set(ids))
    if not ids:
        return []
    return list(
        db.session.scalars(select(Proposal).where(Proposal.id.in_(ids), Proposal.state == "published"))
    )


def list_meetings_discussing(proposal_id: int) -> list[Meeting]:
    """Meetings whose published minutes name this proposal among those discussed."""
    return list(
        db.session.scalars(
            select(Meeting)
            .join(meeting_proposals, meeting_proposals.c.meeting_id == Meeting.id)
            .where(meeting_proposals.c.proposal_id == proposal_id, Meeting.minutes_published_at.is_not(None))
            .order_by(Meeting.starts_at)
        )
    )


def list_meetings_of_user(user) -> list[tuple[Meeting, MeetingRegistration]]:
    rows = db.session.execute(
        select(Meeting, MeetingRegistration)
        .join(MeetingRegistration, MeetingRegistration.meeting_id == Meeting.id)
        .where(MeetingRegistration.user_id == user.id, MeetingRegistration.status != "cancelled")
        .order_by(Meeting.starts_at.desc())
    )
    return [(m, r) for m, r in rows]


def upcoming_seats_of(user_id: int) -> list[int]:
    """Ids of the meetings still to come where ``user_id`` holds a seat."""
    return list(
        db.session.scalars(
            select(MeetingRegistration.meeting_id)
            .join(Meeting, Meeting.id == MeetingRegistration.meeting_id)
            .where(
                MeetingRegistration.user_id == user_id,
                MeetingRegistration.status == "confirmed",
                Meeting.starts_at > utcnow(),
                Meeting.cancelled_at.is_(None),
            )
        )
    )
