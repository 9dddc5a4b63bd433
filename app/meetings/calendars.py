"""iCalendar (RFC 5545) files: one meeting, or a feed of a consultation's or a zone's meetings.

Times are written in Milan's time with ``TZID=Europe/Rome`` and the matching
``VTIMEZONE`` (icalendar builds it from the zoneinfo database), so calendar apps show the
right hour on both sides of a daylight-saving change. Each meeting keeps one ``UID`` and
raises its ``SEQUENCE`` at each change, so a re-imported or refreshed copy replaces the old
one; a cancelled meeting is ``STATUS:CANCELLED``.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from app.meetings.models import Meeting

LOCAL_ZONE = ZoneInfo("Europe/Rome")
PRODUCT_ID = "-//Città metropolitana di Milano//Forum metropolitano//IT"


def calendar_for(meetings: Iterable[Meeting], *, name: str, public_url: str, link_for) -> bytes:
    """The ``.ics`` bytes of ``meetings``; ``link_for(meeting)`` gives each one's page address."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Rome")
    host = urlsplit(public_url).hostname or "localhost"
    for meeting in meetings:
        calendar.add_component(_event(meeting, host, link_for(meeting)))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(meeting: Meeting, host: str, link: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{host}")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at)
    event.add("dtstart", meeting.starts_at.astimezone(LOCAL_ZONE))
    event.add("dtend", meeting.ends_at.astimezone(LOCAL_ZONE))
    event.add("summary", meeting.title)
    description = meeting.agenda
    if meeting.online_url:
        description = f"{description}\n\n{meeting.online_url}".strip()
    event.add("description", f"{description}\n\n{link}".strip())
    if meeting.location:
        event.add("location", meeting.location)
    elif meeting.online_url:
        event.add("location", meeting.online_url)
    event.add("url", link)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event
