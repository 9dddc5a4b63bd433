"""Deleting one's account: personal data erased, content kept and anonymised."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.accounts.models import Representation, RoleAssignment, User
from app.consultations.models import Follow
from app.documents.models import Attachment
from app.extensions import db
from app.meetings.models import MeetingRegistration
from app.moderation.models import AuditEntry
from app.notifications.models import Notification, ProposalFollow
from app.privacy.models import Consent
from app.proposals.models import Comment, Proposal, Support
from tests.documents.helpers import create_attachment
from tests.factories import (
    PASSWORD,
    create_comment,
    create_consultation,
    create_proposal,
    create_representative,
    create_support,
    create_user,
)
from tests.meetings.helpers import create_meeting, register
from tests.proposals.helpers import english, sign_in


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _fresh(user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def test_the_page_explains_what_happens(client):
    user = create_user()
    sign_in(client, user)
    english(client)
    page = client.get("/account/cancella").get_data(as_text=True)
    assert "Your proposals and comments stay" in page
    assert "Your supports stay counted" in page
    assert 'type="password"' in page


def test_wrong_password_or_no_confirmation_changes_nothing(client):
    user = create_user(display_name="Carla Bianchi")
    sign_in(client, user)
    english(client)
    response = client.post("/account/cancella", data={"password": "not-my-password", "confirm": "y"})
    assert response.status_code == 422
    assert "The password is not correct." in response.get_data(as_text=True)
    response = client.post("/account/cancella", data={"password": PASSWORD})
    assert response.status_code == 422
    assert "Tick the box" in response.get_data(as_text=True)
    user = _fresh(user.id)
    assert user.deleted_at is None and user.email and user.display_name == "Carla Bianchi"
    assert client.get("/account/profilo").status_code == 200


def test_delete_account_anonymises_the_person_and_keeps_the_content(client, app):
    consultation = create_consultation()
    user = create_user(email="carla@example.org", display_name="Carla Bianchi", locale="it")
    other = create_user()
    own = create_proposal(consultation=consultation, author=user, title="Orti condivisi nei cortili")
    supported = create_proposal(consultation=consultation, author=other)
    create_support(supported, user)
    create_support(supported)  # someone else's, untouched
    create_comment(supported, user, body="Ottima idea, la sostengo.")
    db.session.add(Follow(user_id=user.id, consultation_id=consultation.id))
    db.session.add(ProposalFollow(user_id=user.id, proposal_id=supported.id))
    db.session.commit()
    pending = create_representative(user=user, status="pending")
    user_id = user.id

    # A second device, logged in too.
    other_device = app.test_client()
    sign_in(other_device, user)
    sign_in(client, user)
    response = client.post("/account/cancella", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302

    user = _fresh(user_id)
    assert user.deleted_at is not None
    assert user.email is None and user.password_hash is None and user.locale is None
    assert user._display_name == "Utente cancellato"
    # Content stays, attributed to the anonymised account.
    assert db.session.get(Proposal, own.id).author_id == user_id
    assert _count(Comment, Comment.author_id == user_id) == 1
    # Supports stay counted but are no longer linked to the person.
    assert db.session.get(Proposal, supported.id).supports_count == 2
    assert _count(Support, Support.proposal_id == supported.id) == 2
    assert _count(Support, Support.user_id == user_id) == 0
    assert _count(Follow, Follow.user_id == user_id) == 0
    assert _count(ProposalFollow, ProposalFollow.user_id == user_id) == 0
    assert _count(Consent, Consent.user_id == user_id) == 0
    representation = db.session.get(Representation, pending.id)
    assert representation.status == "revoked" and representation.message == ""
    # The audit log says which row, never who it was.
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.delete"))
    assert entry.object_id == user_id
    assert "carla" not in json.dumps(entry.details).lower()

    # Logged out here and on the other device; the old credentials no longer work.
    assert client.get("/account/profilo").status_code == 302
    assert other_device.get("/account/profilo").status_code == 302
    response = client.post("/account/accedi", data={"email": "carla@example.org", "password": PASSWORD})
    assert response.status_code == 401

    # Shown as a deleted user, in the reader's language.
    english(client)
    page = client.get(f"/proposte/{supported.id}").get_data(as_text=True)
    assert "Deleted user" in page and "Carla Bianchi" not in page


def test_the_address_can_be_used_again_for_a_new_account(client):
    user = create_user(email="riuso@example.org")
    sign_in(client, user)
    client.post("/account/cancella", data={"password": PASSWORD, "confirm": "y"})
    response = client.post(
        "/account/registrati",
        data={
            "email": "riuso@example.org",
            "display_name": "Di nuovo io",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "accept_privacy": "y",
        },
    )
    assert response.status_code == 302
    assert _count(User, User.email == "riuso@example.org") == 1


def test_the_last_admin_cannot_delete_their_account(client):
    admin = create_user(roles=["admin"])
    sign_in(client, admin)
    english(client)
    response = client.post("/account/cancella", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 400
    assert "The last administrator cannot be removed" in response.get_data(as_text=True)
    assert _fresh(admin.id).deleted_at is None

    create_user(roles=["admin"])
    response = client.post("/account/cancella", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert _fresh(admin.id).deleted_at is not None
    assert _count(RoleAssignment, RoleAssignment.user_id == admin.id) == 0


def test_deleting_an_account_removes_the_notifications_that_name_the_person(client):
    # Issue 13, finding 9: the stored notifications kept the person's name (and the titles
    # of the proposals they support, which would re-link their unlinked supports).
    consultation = create_consultation(phase="answers")
    user = create_user(display_name="Ottavia Nominata")
    supporter = create_user(display_name="Sostenitore Rimasto")
    proposal = create_proposal(consultation=consultation, author=user, title="Orti sui tetti")
    create_support(proposal, supporter)
    sign_in(client, create_user(roles=["analyst"]))
    answer = {"kind": "accolta", "text": "Accolta nel Piano."}
    assert client.post(f"/sintesi/risposte/proposte/{proposal.id}", data=answer).status_code == 302
    assert _count(Notification, Notification.user_id == user.id) == 1
    assert "Ottavia Nominata" in db.session.scalar(
        select(Notification.body).where(Notification.user_id == user.id)
    )

    sign_in(client, user)
    assert client.post("/account/cancella", data={"password": PASSWORD, "confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert _count(Notification, Notification.user_id == user.id) == 0
    for subject, body in db.session.execute(select(Notification.subject, Notification.body)):
        assert "Ottavia" not in subject + body
    # Other people's notifications stay.
    assert _count(Notification, Notification.user_id == supporter.id) == 1


def test_deleting_an_account_removes_meeting_registrations_and_personal_documents(client, app):
    user = create_user(email="luca@example.org")
    waiting = create_user(email="attesa@example.org")
    coming = create_meeting(starts_in=timedelta(days=5), capacity=1)
    held = create_meeting(starts_in=timedelta(days=-5))
    register(coming, user)
    register(coming, waiting, status="waiting")
    register(held, user)
    register(create_meeting(starts_in=timedelta(days=9)), user, status="cancelled")
    proposal = create_proposal(author=user)
    paper = create_attachment("proposal", proposal, file_name="posizione.pdf", uploaded_by_id=user.id)
    representation = create_representative(user=user, status="pending")
    create_attachment("representation", representation, file_name="delibera.pdf", uploaded_by_id=user.id)
    user_id = user.id

    sign_in(client, user)
    response = client.post("/account/cancella", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302

    db.session.expire_all()
    # No registration names the person any more; their seat went to the first waiting.
    assert _count(MeetingRegistration, MeetingRegistration.user_id == user_id) == 0
    [seat] = db.session.scalars(
        select(MeetingRegistration).where(MeetingRegistration.meeting_id == coming.id)
    )
    assert (seat.user_id, seat.status) == (waiting.id, "confirmed")
    # The delibera (about the person) is deleted with its file; the position paper stays
    # with the proposal, which stays too.
    assert list(db.session.scalars(select(Attachment.file_name))) == ["posizione.pdf"]
    stored = [p for p in Path(app.config["ATTACHMENTS_DIR"]).rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].name == Path(paper.storage_key).name
    assert client.application.test_client().get(f"/documenti/{paper.token}/scarica").status_code == 200
