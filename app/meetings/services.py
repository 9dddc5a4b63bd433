"""Organising meetings: create, edit, cancel, publish the minutes.

Every function takes the acting user, checks the policy, changes the models, flushes and
records an audit entry; the caller commits. Seats and reminders are in
:mod:`app.meetings.registrations`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

from app import audit, policy
from app.errors import DomainError, ValidationFailed
from app.extensions import db
from app.meetings import queries
from app.meetings.models import MEETING_KINDS, Meeting
from app.meetings.registrations import promote_waiting
from app.models_base import utcnow
from app.reference.models import Zone
from app.sanitize import clean_line, clean_text

TITLE_MAX = 200
AGENDA_MAX = 20_000
MINUTES_MAX = 100_000
LOCATION_MAX = 300
URL_MAX = 500
CAPACITY_MAX = 100_000
# A meeting longer than this is surely a typo in its dates.
LONGEST_MEETING = timedelta(hours=24)


@dataclass
class MeetingData:
    """What an organiser types for a meeting (dates already in UTC)."""

    kind: str
    title: str
    agenda: str
    starts_at: datetime | None
    ends_at: datetime | None
    location: str = ""
    online_url: str = ""
    capacity: int | None = None
    zone_id: int | None = None
    consultation_id: int | None = None


def create_meeting(actor, data: MeetingData) -> Meeting:
    """Announce a new meeting organised by ``actor``.

    :raises PermissionDenied: unless ``actor`` is an analyst or an admin, or the
        coordinator of the zone of a zone assembly.
    :raises ValidationFailed: missing title or dates, dates in the wrong order or in the
        past, neither place nor link, a link that is not http(s), a zone assembly without
        its zone; nothing is saved.
    """
    policy.require(actor, "meeting.manage", (data.kind, data.zone_id))
    meeting = Meeting(organiser_id=actor.id, sequence=0)
    _apply(meeting, data, is_new=True)
    db.session.add(meeting)
    db.session.flush()
    audit.record(actor, "meeting.create", meeting, title=meeting.title, kind=meeting.kind)
    return meeting


def edit_meeting(actor, meeting: Meeting, data: MeetingData) -> Meeting:
    """Change a meeting; calendar copies follow (its iCalendar sequence goes up).

    The capacity cannot go below the seats already given (nobody loses a confirmed seat);
    raising it gives the new seats to the waiting list, in order.

    :raises PermissionDenied: unless ``actor`` may organise it, before and after the change.
    :raises ValidationFailed: as :func:`create_meeting`; nothing is changed.
    :raises DomainError: the meeting was cancelled.
    """
    policy.require(actor, "meeting.manage", meeting)
    policy.require(actor, "meeting.manage", (data.kind, data.zone_id))
    meeting = queries.lock_meeting(meeting.id)
    if meeting.is_cancelled:
        raise DomainError(_l("This meeting was cancelled: it can no longer be changed."), status=409)
    confirmed = queries.count_confirmed(meeting.id)
    if data.capacity is not None and data.capacity < confirmed:
        raise ValidationFailed(
            [
                (
                    "capacity",
                    _l("%(num)d people already hold a seat: the capacity cannot be lower.", num=confirmed),
                )
            ]
        )
    _apply(meeting, data, is_new=False)
    meeting.sequence += 1
    db.session.flush()
    promote_waiting(meeting)
    audit.record(actor, "meeting.edit", meeting, title=meeting.title, starts_at=meeting.starts_at.isoformat())
    return meeting


def cancel_meeting(actor, meeting: Meeting) -> Meeting:
    """Cancel a meeting that has not started; it stays listed as cancelled (calendars learn it).

    :raises PermissionDenied: unless ``actor`` may organise it.
    :raises DomainError: already cancelled, or already started.
    """
    policy.require(actor, "meeting.manage", meeting)
    meeting = queries.lock_meeting(meeting.id)
    if meeting.is_cancelled:
        raise DomainError(_l("This meeting is already cancelled."), status=409)
    if meeting.has_started():
        raise DomainError(_l("A meeting that has started cannot be cancelled."), status=409)
    meeting.cancelled_at = utcnow()
    meeting.sequence += 1
    db.session.flush()
    audit.record(actor, "meeting.cancel", meeting)
    return meeting


def publish_minutes(actor, meeting: Meeting, *, minutes: str, proposal_ids: list[int]) -> Meeting:
    """Publish (or correct) the minutes of a meeting held, with the proposals discussed.

    :raises PermissionDenied: unless ``actor`` may organise it.
    :raises ValidationFailed: empty minutes, or a proposal that is not published; nothing changes.
    :raises DomainError: the meeting has not started yet, or was cancelled.
    """
    policy.require(actor, "meeting.manage", meeting)
    if meeting.is_cancelled or not meeting.has_started():
        raise DomainError(_l("Minutes are published after the meeting has taken place."), status=409)
    text = clean_text(minutes)
    errors = []
    if not text:
        errors.append(("minutes", _l("Write the minutes.")))
    elif len(text) > MINUTES_MAX:
        errors.append(("minutes", _l("The minutes can be at most %(num)d characters.", num=MINUTES_MAX)))
    wanted = sorted(set(proposal_ids))
    proposals = queries.list_published_proposals(wanted)
    missing = sorted(set(wanted) - {p.id for p in proposals})
    if missing:
        errors.append(
            (
                "proposal_ids",
                _l(
                    "These numbers are not published proposals: %(ids)s.",
                    ids=", ".join(str(i) for i in missing),
                ),
            )
        )
    if errors:
        raise ValidationFailed(errors)
    is_correction = meeting.has_minutes
    meeting.minutes = text
    meeting.discussed_proposals = sorted(proposals, key=lambda p: p.id)
    if not is_correction:
        meeting.minutes_published_at = utcnow()
    db.session.flush()
    audit.record(actor, "meeting.minutes", meeting, proposals=wanted, correction=is_correction)
    return meeting


def _apply(meeting: Meeting, data: MeetingData, *, is_new: bool) -> None:
    errors: list[tuple[str, object]] = []
    title = clean_line(data.title)
    agenda = clean_text(data.agenda)
    location = clean_line(data.location)
    online_url = (data.online_url or "").strip()
    if data.kind not in MEETING_KINDS:
        errors.append(("kind", _l("Choose who meets.")))
    if not title:
        errors.append(("title", _l("Give the meeting a title.")))
    elif len(title) > TITLE_MAX:
        errors.append(("title", _l("The title can be at most %(num)d characters.", num=TITLE_MAX)))
    if len(agenda) > AGENDA_MAX:
        errors.append(("agenda", _l("The agenda can be at most %(num)d characters.", num=AGENDA_MAX)))
    errors += _date_errors(data.starts_at, data.ends_at, is_new)
    if not location and not online_url:
        errors.append(("location", _l("Give the place of the meeting, or its online link.")))
    if len(location) > LOCATION_MAX:
        errors.append(("location", _l("The place can be at most %(num)d characters.", num=LOCATION_MAX)))
    if online_url and not _is_web_address(online_url):
        errors.append(("online_url", _l("The link must be a web address starting with https:// or http://.")))
    if data.capacity is not None and not 1 <= data.capacity <= CAPACITY_MAX:
        errors.append(("capacity", _l("The seats must be between 1 and %(num)d.", num=CAPACITY_MAX)))
    if data.kind == "zone_assembly" and data.zone_id is None:
        errors.append(("zone_id", _l("A zone assembly needs its zone.")))
    if data.zone_id is not None and db.session.get(Zone, data.zone_id) is None:
        errors.append(("zone_id", _l("Choose a zone from the list.")))
    if errors:
        raise ValidationFailed(errors)
    meeting.kind = data.kind
    meeting.title = title
    meeting.agenda = agenda
    meeting.starts_at = data.starts_at
    meeting.ends_at = data.ends_at
    meeting.location = location
    meeting.online_url = online_url
    meeting.capacity = data.capacity
    meeting.zone_id = data.zone_id
    meeting.consultation_id = data.consultation_id


def _date_errors(starts_at, ends_at, is_new: bool) -> list[tuple[str, object]]:
    if starts_at is None:
        return [("starts_at", _l("Give the date and time the meeting starts."))]
    if ends_at is None:
        return [("ends_at", _l("Give the date and time the meeting ends."))]
    if ends_at <= starts_at:
        return [("ends_at", _l("The meeting must end after it starts."))]
    if ends_at - starts_at > LONGEST_MEETING:
        return [("ends_at", _l("A meeting lasts at most 24 hours: check the dates."))]
    if is_new and starts_at <= utcnow():
        return [("starts_at", _l("A new meeting must start in the future."))]
    return []


def _is_web_address(value: str) -> bool:
    if len(value) > URL_MAX or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
