"""Seats at a meeting: register, withdraw, the waiting list, the reminder of the day before.

Every change of a meeting's seats first locks the meeting's row
(:func:`app.meetings.queries.lock_meeting`), then counts the confirmed seats: under
concurrent requests the last seat goes to exactly one person and the others join the
waiting list in the order their requests were served. The ``(meeting, person)``
unique constraint makes a double click harmless. The caller commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import render_template
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, update

from app import audit, policy
from app.errors import DomainError
from app.extensions import db
from app.meetings import queries
from app.meetings.models import Meeting, MeetingRegistration
from app.models_base import utcnow
from app.notifications.links import external_url
from app.notifications.mails import queue_user_mail

LOCAL_ZONE = ZoneInfo("Europe/Rome")


def register(actor, meeting: Meeting) -> MeetingRegistration:
    """Give ``actor`` a seat, or a place in the waiting list when the meeting is full.

    Registering again while registered (a double click) changes nothing; registering
    again after withdrawing joins at the end of the list, like anybody else.

    :raises PermissionDenied: unless ``actor`` has a confirmed account and the meeting is
        neither cancelled nor started.
    """
    policy.require(actor, "meeting.register", meeting)
    meeting = queries.lock_meeting(meeting.id)
    policy.require(actor, "meeting.register", meeting)  # as it is now that we hold the lock
    registration = queries.get_registration(actor, meeting)
    if registration is not None and registration.status != "cancelled":
        return registration
    status = "confirmed" if _has_free_seat(meeting) else "waiting"
    if registration is None:
        registration = MeetingRegistration(meeting_id=meeting.id, user_id=actor.id, status=status)
        db.session.add(registration)
    registration.status = status
    registration.queued_at = utcnow()
    registration.reminded_at = None
    db.session.flush()
    audit.record(actor, "meeting.register", meeting, status=status)
    return registration


def withdraw(actor, meeting: Meeting) -> MeetingRegistration:
    """Give back ``actor``'s seat (or leave the waiting list); the first waiting takes the seat.

    :raises DomainError: ``actor`` is not registered, or the meeting has started.
    """
    meeting = queries.lock_meeting(meeting.id)
    registration = queries.get_registration(actor, meeting)
    if registration is None or registration.status == "cancelled":
        raise DomainError(_l("You are not registered to this meeting."), status=409)
    if meeting.has_started():
        raise DomainError(_l("The meeting has started: registrations can no longer change."), status=409)
    registration.status = "cancelled"
    db.session.flush()
    promote_waiting(meeting)
    audit.record(actor, "meeting.withdraw", meeting)
    return registration


def promote_waiting(meeting: Meeting) -> list[MeetingRegistration]:
    """Give the free seats to the first people waiting, and tell them by e-mail.

    Call it with the meeting locked (:func:`app.meetings.queries.lock_meeting`).
    """
    if meeting.is_cancelled or meeting.has_started():
        return []
    if meeting.capacity is None:
        free = len(queries.first_waiting(meeting.id, 100_000))
    else:
        free = meeting.capacity - queries.count_confirmed(meeting.id)
    if free <= 0:
        return []
    promoted = queries.first_waiting(meeting.id, free)
    for registration in promoted:
        registration.status = "confirmed"
    db.session.flush()
    for registration in promoted:
        _queue_mail(registration, "meeting_seat", "meetings/email/seat.txt")
    return promoted


def forget_person(user_id: int) -> None:
    """Account deletion (app.privacy): the person's registrations are deleted, and the seats
    they held at meetings still to come go to the first people waiting."""
    meetings = [queries.lock_meeting(mid) for mid in sorted(queries.upcoming_seats_of(user_id))]
    db.session.execute(
        delete(MeetingRegistration)
        .where(MeetingRegistration.user_id == user_id)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    for meeting in meetings:
        promote_waiting(meeting)


def _has_free_seat(meeting: Meeting) -> bool:
    return meeting.capacity is None or queries.count_confirmed(meeting.id) < meeting.capacity


def reminder_window(now: datetime) -> tuple[datetime, datetime]:
    """From ``now`` to the end of tomorrow in Milan: run daily, it reminds everyone of
    tomorrow's meetings (and of today's, for those who registered after the last run)."""
    local = now.astimezone(LOCAL_ZONE)
    day_after = (local + timedelta(days=2)).date()
    end = datetime(day_after.year, day_after.month, day_after.day, tzinfo=LOCAL_ZONE)
    return now, end


def send_reminders(now: datetime | None = None) -> int:
    """Queue the reminder e-mail of every confirmed registration to a meeting in
    :func:`reminder_window`, once: each registration is claimed with a compare-and-set,
    so two runs at once never remind anybody twice. The caller commits.

    :returns: how many reminders were queued.
    """
    start, end = reminder_window(now or utcnow())
    queued = 0
    for registration in queries.registrations_to_remind(start, end):
        claimed = db.session.execute(
            update(MeetingRegistration)
            .where(MeetingRegistration.id == registration.id, MeetingRegistration.reminded_at.is_(None))
            .values(reminded_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1 and _queue_mail(
            registration, "meeting_reminder", "meetings/email/reminder.txt"
        ):
            queued += 1
    return queued


def _queue_mail(registration: MeetingRegistration, kind: str, template: str):
    user = registration.user
    if user is None or not user.email or not user.is_active:
        return None
    meeting = registration.meeting
    with force_locale(user.locale if user.locale in ("it", "en") else "it"):
        if kind == "meeting_reminder":
            subject = gettext("Reminder: “%(title)s”", title=meeting.title)
        else:
            subject = gettext("A seat is yours: “%(title)s”", title=meeting.title)
        body = render_template(
            template,
            user=user,
            meeting=meeting,
            link=external_url("meetings.detail", meeting_id=meeting.id),
            ics_link=external_url("meetings.ics", meeting_id=meeting.id),
        )
    return queue_user_mail(kind, user, subject, body)
