"""Meetings through the HTTP client: announcing, registering with a waiting list, minutes."""

from __future__ import annotations

from datetime import timedelta
from email.header import decode_header, make_header

from sqlalchemy import func, select

from app.extensions import db
from app.meetings.models import Meeting, MeetingRegistration
from app.models_base import utcnow
from tests.factories import create_proposal, create_user, login, zone
from tests.meetings.helpers import create_meeting, register


def _statuses(meeting_id: int) -> dict[int, str]:
    db.session.expire_all()
    rows = db.session.execute(
        select(MeetingRegistration.user_id, MeetingRegistration.status).where(
            MeetingRegistration.meeting_id == meeting_id
        )
    )
    return dict(rows.all())


def _meeting_form(**overrides) -> dict:
    starts = (utcnow() + timedelta(days=10)).astimezone().strftime("%Y-%m-%d")
    form = {
        "kind": "tavolo",
        "title": "Tavolo metropolitano sulla mobilità",
        "agenda": "Trasporto pubblico e interscambio",
        "starts_at": f"{starts}T17:30",
        "ends_at": f"{starts}T19:30",
        "location": "Sala Affreschi, Palazzo Isimbardi",
        "online_url": "",
        "capacity": "40",
        "zone": "",
        "consultation": "",
    }
    form.update(overrides)
    return form


def test_an_analyst_announces_a_meeting_and_everyone_sees_it(client):
    login(client, create_user(roles=["analyst"]))
    response = client.post("/incontri/nuovo", data=_meeting_form())
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert meeting.title == "Tavolo metropolitano sulla mobilità"
    # Typed in Milan time (17:30), stored in UTC.
    assert meeting.starts_at.astimezone().tzinfo is not None
    assert meeting.starts_at.hour in (16, 15)  # CET or CEST
    client.post("/account/esci")
    page = client.get("/incontri/").get_data(as_text=True)
    assert "Tavolo metropolitano sulla mobilità" in page
    detail = client.get(f"/incontri/{meeting.id}").get_data(as_text=True)
    assert "Sala Affreschi" in detail and "40 posti liberi su 40" in detail


def test_a_meeting_with_bad_dates_is_refused_with_a_message_and_nothing_is_saved(client):
    login(client, create_user(roles=["analyst"]))
    form = _meeting_form()
    form["ends_at"], form["starts_at"] = form["starts_at"], form["ends_at"]
    response = client.post("/incontri/nuovo", data=form)
    assert response.status_code == 422
    assert "L&#39;incontro deve terminare dopo l&#39;inizio" in response.get_data(as_text=True) or (
        "deve terminare dopo" in response.get_data(as_text=True)
    )
    no_place = client.post("/incontri/nuovo", data=_meeting_form(location="", online_url=""))
    assert no_place.status_code == 422
    bad_link = client.post("/incontri/nuovo", data=_meeting_form(online_url="javascript:alert(1)"))
    assert bad_link.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_citizens_cannot_announce_meetings_and_coordinators_only_their_zone_assemblies(client):
    login(client, create_user())
    assert client.get("/incontri/nuovo").status_code == 403
    client.post("/account/esci")
    own, other = zone("nord-ovest"), zone("sud-est")
    login(client, create_user(roles=["zone_coordinator"], zone=own))
    refused = client.post("/incontri/nuovo", data=_meeting_form(kind="zone_assembly", zone=str(other.id)))
    assert refused.status_code == 403
    plenary = client.post("/incontri/nuovo", data=_meeting_form(kind="forum"))
    assert plenary.status_code in (403, 422)
    accepted = client.post("/incontri/nuovo", data=_meeting_form(kind="zone_assembly", zone=str(own.id)))
    assert accepted.status_code == 302
    assert db.session.scalar(select(Meeting.zone_id)) == own.id


def test_seats_then_waiting_list_then_the_first_waiting_gets_the_freed_seat_and_a_mail(client, mailbox):
    meeting = create_meeting(capacity=2)
    first, second, third, fourth = (create_user() for _ in range(4))
    for person in (first, second, third, fourth):
        login(client, person)
        assert client.post(f"/incontri/{meeting.id}/iscrizione").status_code == 302
        client.post("/account/esci")
    assert _statuses(meeting.id) == {
        first.id: "confirmed",
        second.id: "confirmed",
        third.id: "waiting",
        fourth.id: "waiting",
    }
    login(client, fourth)
    page = client.get(f"/incontri/{meeting.id}").get_data(as_text=True)
    assert "numero 2 nella lista d&#39;attesa" in page or "numero 2 nella lista d'attesa" in page
    client.post("/account/esci")

    login(client, first)
    assert client.post(f"/incontri/{meeting.id}/ritiro").status_code == 302
    assert _statuses(meeting.id)[first.id] == "cancelled"
    assert _statuses(meeting.id)[third.id] == "confirmed"
    assert _statuses(meeting.id)[fourth.id] == "waiting"
    messages = mailbox(1)
    assert [m["To"] for m in messages] == [third.email]
    assert str(make_header(decode_header(messages[0]["Subject"]))) == (
        "Un posto è tuo: «Forum metropolitano: assemblea plenaria»"
    )
    assert f"/incontri/{meeting.id}" in messages[0].get_payload(decode=True).decode()


def test_registering_twice_keeps_one_registration(client):
    meeting = create_meeting(capacity=5)
    person = create_user()
    login(client, person)
    client.post(f"/incontri/{meeting.id}/iscrizione")
    client.post(f"/incontri/{meeting.id}/iscrizione")
    assert _statuses(meeting.id) == {person.id: "confirmed"}


def test_no_registration_to_a_past_or_cancelled_meeting_or_without_a_confirmed_account(client):
    past = create_meeting(starts_in=timedelta(days=-2))
    cancelled = create_meeting(cancelled_at=utcnow())
    login(client, create_user())
    assert client.post(f"/incontri/{past.id}/iscrizione").status_code == 403
    assert client.post(f"/incontri/{cancelled.id}/iscrizione").status_code == 403
    client.post("/account/esci")
    open_meeting = create_meeting()
    login(client, create_user(confirmed=False))
    assert client.post(f"/incontri/{open_meeting.id}/iscrizione").status_code in (302, 403)
    assert _statuses(open_meeting.id) == {}


def test_lowering_the_seats_below_those_taken_is_refused(client):
    meeting = create_meeting(capacity=3, kind="tavolo")
    for _ in range(2):
        register(meeting, create_user())
    login(client, create_user(roles=["analyst"]))
    form = _meeting_form(capacity="1", kind="tavolo")
    response = client.post(f"/incontri/{meeting.id}/modifica", data=form)
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).capacity == 3


def test_raising_the_seats_gives_them_to_the_waiting_list(client):
    meeting = create_meeting(capacity=1, kind="tavolo")
    register(meeting, create_user())
    waiting = create_user()
    register(meeting, waiting, status="waiting")
    login(client, create_user(roles=["analyst"]))
    assert (
        client.post(f"/incontri/{meeting.id}/modifica", data=_meeting_form(capacity="2")).status_code == 302
    )
    assert _statuses(meeting.id)[waiting.id] == "confirmed"
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).sequence == 1


def test_minutes_are_published_after_the_meeting_and_link_the_proposals_discussed(client):
    meeting = create_meeting(starts_in=timedelta(days=-1))
    future = create_meeting()
    proposal = create_proposal(title="Più treni sulla linea S9")
    hidden = create_proposal(title="Nascosta", state="hidden")
    login(client, create_user(roles=["analyst"]))
    assert client.post(f"/incontri/{future.id}/verbale", data={"minutes": "x"}).status_code == 409
    refused = client.post(
        f"/incontri/{meeting.id}/verbale", data={"minutes": "Discussione", "proposal_ids": f"{hidden.id}"}
    )
    assert refused.status_code == 422
    assert str(hidden.id) in refused.get_data(as_text=True)
    response = client.post(
        f"/incontri/{meeting.id}/verbale",
        data={"minutes": "Si è discusso del servizio ferroviario.", "proposal_ids": f"{proposal.id}"},
    )
    assert response.status_code == 302
    client.post("/account/esci")
    page = client.get(f"/incontri/{meeting.id}").get_data(as_text=True)
    assert "Si è discusso del servizio ferroviario." in page
    assert f"/proposte/{proposal.id}" in page
    proposal_page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert f"/incontri/{meeting.id}#verbale" in proposal_page


def test_a_cancelled_meeting_says_so(client):
    meeting = create_meeting()
    login(client, create_user(roles=["analyst"]))
    assert client.post(f"/incontri/{meeting.id}/annulla").status_code == 302
    assert client.post(f"/incontri/{meeting.id}/annulla").status_code == 409
    client.post("/account/esci")
    page = client.get(f"/incontri/{meeting.id}").get_data(as_text=True)
    assert "Questo incontro è stato annullato" in page


def test_organisers_see_who_registered_and_others_do_not(client):
    meeting = create_meeting()
    register(meeting, create_user(display_name="Giulia Bianchi"))
    login(client, create_user())
    assert client.get(f"/incontri/{meeting.id}/iscritti").status_code == 403
    client.post("/account/esci")
    login(client, create_user(roles=["analyst"]))
    assert "Giulia Bianchi" in client.get(f"/incontri/{meeting.id}/iscritti").get_data(as_text=True)


def test_deleting_an_account_gives_its_seat_to_the_first_waiting(client, mailbox):
    meeting = create_meeting(capacity=1)
    leaving = create_user()
    register(meeting, leaving)
    waiting = create_user()
    register(meeting, waiting, status="waiting")
    login(client, leaving)
    response = client.post("/account/cancella", data={"password": "Passw0rd-lunga-e-sicura", "confirm": "y"})
    assert response.status_code == 302
    assert _statuses(meeting.id) == {waiting.id: "confirmed"}
    assert [m["To"] for m in mailbox(1)] == [waiting.email]
