"""iCalendar files and feeds, the reminder of the day before, the open-data API of meetings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header

from icalendar import Calendar
from sqlalchemy import select

from app.extensions import db
from app.meetings.models import MeetingRegistration
from app.meetings.registrations import reminder_window
from app.models_base import utcnow
from tests.factories import create_consultation, create_user, zone
from tests.meetings.helpers import create_meeting, register


def test_a_meeting_ics_is_in_milan_time_with_its_timezone(client):
    # 15:00 UTC on a July day is 17:00 in Milan (CEST).
    starts = datetime(2031, 7, 10, 15, 0, tzinfo=UTC)
    meeting = create_meeting(starts_at=starts, title="Assemblea della zona Nord Ovest")
    response = client.get(f"/incontri/{meeting.id}/calendario.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "DTSTART;TZID=Europe/Rome:20310710T170000" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Rome" in text
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Assemblea della zona Nord Ovest"
    assert str(event["UID"]) == f"meeting-{meeting.id}@localhost"
    assert event.decoded("DTSTART") == starts


def test_a_cancelled_meeting_is_cancelled_in_calendars(client):
    meeting = create_meeting(cancelled_at=utcnow(), sequence=1)
    event = Calendar.from_ical(client.get(f"/incontri/{meeting.id}/calendario.ics").data).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


def test_feeds_per_consultation_and_per_zone_carry_only_their_meetings(client):
    consultation = create_consultation()
    ours = create_meeting(title="Della consultazione", consultation_id=consultation.id)
    assembly = create_meeting(title="Della zona", kind="zone_assembly", zone_id=zone("sud-est").id)
    create_meeting(title="Altro incontro")

    def summaries(url):
        response = client.get(url)
        assert response.status_code == 200
        return {str(e["SUMMARY"]) for e in Calendar.from_ical(response.data).walk("VEVENT")}

    assert summaries(f"/incontri/consultazione/{consultation.slug}/calendario.ics") == {ours.title}
    assert summaries("/incontri/zona/sud-est/calendario.ics") == {assembly.title}
    assert len(summaries("/incontri/calendario.ics")) == 3
    assert client.get("/incontri/zona/nessuna/calendario.ics").status_code == 404


def test_reminders_go_once_to_those_with_a_seat_for_tomorrow(runner, app, mailbox):
    now = utcnow()
    _start, end = reminder_window(now)
    tomorrow = create_meeting(starts_at=end - timedelta(hours=5), title="Incontro di domani")
    later = create_meeting(starts_at=end + timedelta(days=3))
    seated, waiting, later_person = create_user(locale="en"), create_user(), create_user()
    register(tomorrow, seated)
    register(tomorrow, waiting, status="waiting")
    register(later, later_person)

    result = runner.invoke(args=["forum", "send-reminders"])
    assert result.exit_code == 0, result.output
    assert "queued: 1" in result.output
    messages = mailbox(1)
    assert [m["To"] for m in messages] == [seated.email]
    assert str(make_header(decode_header(messages[0]["Subject"]))) == "Reminder: “Incontro di domani”"
    body = messages[0].get_payload(decode=True).decode()
    assert f"/incontri/{tomorrow.id}/calendario.ics" in body

    again = runner.invoke(args=["forum", "send-reminders"])
    assert "queued: 0" in again.output
    db.session.expire_all()
    reminded = db.session.scalars(
        select(MeetingRegistration.user_id).where(MeetingRegistration.reminded_at.is_not(None))
    )
    assert list(reminded) == [seated.id]


def test_reminder_window_reaches_the_end_of_tomorrow_in_milan():
    # 22:30 UTC on 31 March is already 1 April in Milan (CEST): tomorrow is 2 April.
    start, end = reminder_window(datetime(2031, 3, 31, 22, 30, tzinfo=UTC))
    assert end == datetime(2031, 4, 2, 22, 0, tzinfo=UTC)


def test_the_api_lists_meetings_with_their_ics_url(client):
    meeting = create_meeting(title="Forum plenario", capacity=50)
    register(meeting, create_user())
    response = client.get("/api/meetings")
    assert response.status_code == 200
    [record] = response.get_json()["data"]
    assert record["title"] == "Forum plenario"
    assert record["ics_url"].endswith(f"/incontri/{meeting.id}/calendario.ics")
    assert record["seats"] == {"capacity": 50, "taken": 1}
    assert "email" not in str(record)
    csv = client.get("/api/meetings.csv").get_data(as_text=True)
    assert "Forum plenario" in csv.splitlines()[1]
    spec = client.get("/api/openapi.json").get_json()
    assert "/api/meetings" in spec["paths"] or any("meetings" in path for path in spec["paths"])
