""" "Download my data": everything the platform holds about the person, and nobody else's."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urlsplit

from app.consultations.models import Follow
from app.extensions import db
from app.notifications.models import ProposalFollow
from app.proposals.models import ProposalStateChange
from tests.documents.helpers import create_attachment
from tests.factories import (
    create_comment,
    create_consultation,
    create_flag,
    create_proposal,
    create_representative,
    create_support,
    create_user,
    zone,
)
from tests.meetings.helpers import create_meeting, register
from tests.proposals.helpers import sign_in


def test_the_file_holds_everything_about_the_person(client, app):
    consultation = create_consultation(title="Milano 2040")
    user = create_user(
        email="anna@example.org", display_name="Anna", roles=["zone_coordinator"], zone=zone("nord-ovest")
    )
    someone = create_user(email="altra@example.org", display_name="Altra Persona")
    states = ("draft", "submitted", "published", "changes_requested", "rejected", "withdrawn", "hidden")
    proposals = {s: create_proposal(consultation=consultation, author=user, state=s) for s in states}
    db.session.add(
        ProposalStateChange(
            proposal_id=proposals["rejected"].id,
            from_state="submitted",
            to_state="rejected",
            reason="Fuori tema",
        )
    )
    theirs = create_proposal(consultation=consultation, author=someone, title="La proposta di un'altra")
    create_support(theirs, user)
    create_support(theirs)  # someone else's support
    comment = create_comment(theirs, user, body="Il mio commento")
    create_comment(theirs, someone, body="Il commento di un'altra")
    create_flag(theirs, reporter=user, reason="spam")
    create_flag(theirs, comment=comment, reporter=someone)
    db.session.add(Follow(user_id=user.id, consultation_id=consultation.id))
    db.session.add(ProposalFollow(user_id=user.id, proposal_id=theirs.id))
    db.session.commit()
    create_representative(user=user, status="pending")

    sign_in(client, user)
    response = client.get("/account/i-miei-dati.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))

    assert data["account"]["email"] == "anna@example.org"
    assert data["account"]["display_name"] == "Anna"
    assert [r["role"] for r in data["account"]["roles"]] == ["zone_coordinator"]
    assert [c["version"] for c in data["consents"]] == [app.config["PRIVACY_NOTICE_VERSION"]]
    assert [r["status"] for r in data["representations"]] == ["pending"]
    assert sorted(p["state"] for p in data["proposals"]) == sorted(states)
    rejected = next(p for p in data["proposals"] if p["state"] == "rejected")
    assert [(h["to_state"], h["reason"]) for h in rejected["history"]] == [
        ("rejected", ""),
        ("rejected", "Fuori tema"),
    ]
    assert [s["proposal_title"] for s in data["supports"]] == ["La proposta di un'altra"]
    assert [c["body"] for c in data["comments"]] == ["Il mio commento"]
    assert [(f["proposal_id"], f["comment_id"]) for f in data["flags"]] == [(theirs.id, None)]
    assert [f["consultation"] for f in data["follows"]] == ["Milano 2040"]
    assert [f["title"] for f in data["followed_proposals"]] == ["La proposta di un'altra"]

    # Nothing about anyone else.
    text = response.get_data(as_text=True)
    assert "altra@example.org" not in text and "Altra Persona" not in text
    assert "Il commento di un'altra" not in text


def test_the_file_lists_meeting_registrations_and_the_documents_the_person_uploaded(client, app):
    user = create_user(email="marta@example.org")
    someone = create_user()
    held = create_meeting(starts_in=timedelta(days=-30), title="Tavolo metropolitano di ottobre")
    full = create_meeting(starts_in=timedelta(days=10), title="Assemblea Nord Ovest", capacity=1)
    withdrawn = create_meeting(starts_in=timedelta(days=20), title="Forum di primavera")
    register(held, user)
    register(full, someone)
    register(full, user, status="waiting")
    register(withdrawn, user, status="cancelled")
    register(withdrawn, someone)  # someone else's registration
    proposal = create_proposal(author=user, title="Biblioteche aperte la sera")
    paper = create_attachment("proposal", proposal, file_name="posizione.pdf", uploaded_by_id=user.id)
    representation = create_representative(user=user, status="pending")
    delibera = create_attachment(
        "representation", representation, file_name="delibera.pdf", uploaded_by_id=user.id
    )
    create_attachment("proposal", proposal, file_name="di-altri.pdf", uploaded_by_id=someone.id)

    sign_in(client, user)
    data = json.loads(client.get("/account/i-miei-dati.json").get_data(as_text=True))
    registrations = [(r["meeting"], r["status"]) for r in data["meeting_registrations"]]
    assert registrations == [
        ("Tavolo metropolitano di ottobre", "registered"),
        ("Assemblea Nord Ovest", "waiting_list"),
        ("Forum di primavera", "cancelled"),
    ]
    first = data["meeting_registrations"][0]
    assert first["starts_at"] == held.starts_at.isoformat() and first["url"].endswith(f"/incontri/{held.id}")

    documents = {d["file_name"]: d for d in data["documents"]}
    assert set(documents) == {"posizione.pdf", "delibera.pdf"}  # their own uploads only
    assert documents["posizione.pdf"]["attached_to"] == {
        "kind": "proposal",
        "id": proposal.id,
        "title": "Biblioteche aperte la sera",
        "page": f"/proposte/{proposal.id}",
    }
    assert documents["posizione.pdf"]["size_bytes"] == paper.size
    assert documents["delibera.pdf"]["attached_to"]["kind"] == "representation"
    # Where to get the files themselves: a download address each, which works for the person.
    assert "download_url" in data["documents_note"]
    for attachment in (paper, delibera):
        url = documents[attachment.file_name]["download_url"]
        assert url.endswith(f"/documenti/{attachment.token}/scarica")
        assert client.get(urlsplit(url).path).status_code == 200
