""" "Download my data": everything the platform holds about the person, and nobody else's."""

from __future__ import annotations

import json

from app.consultations.models import Follow
from app.extensions import db
from app.notifications.models import ProposalFollow
from app.proposals.models import ProposalStateChange
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
