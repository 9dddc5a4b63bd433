"""Zone coordinators moderate the content of their zone's consultations (issue 15).

With the moderators' forms, reasons, audit entries and e-mails; never their own content or
reports (four eyes); 403 on the content of every other consultation, whose items their
queue does not list.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from app.extensions import db
from app.moderation.models import AuditEntry
from app.proposals.models import Flag
from tests.factories import (
    create_comment,
    create_consultation,
    create_flag,
    create_proposal,
    create_user,
    zone,
)
from tests.moderation.conftest import english, history, reload, sign_in


@pytest.fixture
def coordinator(client):
    user = create_user(
        roles=["zone_coordinator"], zone=zone("nord-ovest"), display_name="Coordinatore Nord Ovest"
    )
    sign_in(client, user)
    return user


@pytest.fixture
def own_zone():
    return create_consultation(title="Il Nord Ovest che vogliamo", scope="zone", zone=zone("nord-ovest"))


def _other_consultations():
    """The consultations a Nord Ovest coordinator does not run: another zone's, the whole area's."""
    return [
        create_consultation(title="Adda Martesana 2030", scope="zone", zone=zone("adda-martesana")),
        create_consultation(title="Piano metropolitano", scope="metropolitan"),
    ]


def _last_audit(action: str) -> AuditEntry | None:
    return db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc()).limit(1)
    )


@dataclass(frozen=True)
class Act:
    """One moderation act: the target it needs, its URL, its form, and what it changes."""

    name: str
    make: object  # consultation -> (target, the object whose state changes)
    url: object  # target -> URL
    data: dict
    before: str
    after: str
    audit: str

    def __str__(self) -> str:
        return self.name


def _proposal(state):
    def make(consultation):
        proposal = create_proposal(consultation=consultation, state=state)
        return proposal, proposal

    return make


def _comment(state):
    def make(consultation):
        comment = create_comment(create_proposal(consultation=consultation), state=state)
        return comment, comment

    return make


def _flagged_proposal(consultation):
    proposal = create_proposal(consultation=consultation)
    return create_flag(proposal, reason="offensive"), proposal


def _review_url(target) -> str:
    """The moderation page of a proposal, a comment or a report."""
    path = {"Proposal": "proposte", "Comment": "commenti", "Flag": "segnalazioni"}[type(target).__name__]
    return f"/moderazione/{path}/{target.id}"


ACTS = [
    Act("publish", _proposal("submitted"), lambda p: f"/moderazione/proposte/{p.id}/pubblica",
        {"expected_state": "submitted"}, "submitted", "published", "proposal.publish"),
    Act("reject", _proposal("submitted"), lambda p: f"/moderazione/proposte/{p.id}/rifiuta",
        {"expected_state": "submitted", "reason": "Fuori tema"}, "submitted", "rejected", "proposal.reject"),
    Act("request-changes", _proposal("submitted"),
        lambda p: f"/moderazione/proposte/{p.id}/richiedi-modifiche",
        {"expected_state": "submitted", "message": "Indicare i costi"}, "submitted", "changes_requested",
        "proposal.request_changes"),
    Act("hide-proposal", _proposal("published"), lambda p: f"/moderazione/proposte/{p.id}/nascondi",
        {"expected_state": "published", "reason": "Dati personali"}, "published", "hidden", "proposal.hide"),
    Act("restore-proposal", _proposal("hidden"), lambda p: f"/moderazione/proposte/{p.id}/ripristina",
        {"expected_state": "hidden"}, "hidden", "published", "proposal.restore"),
    Act("hide-comment", _comment("published"), lambda c: f"/moderazione/commenti/{c.id}/nascondi",
        {"expected_state": "published", "reason": "Insulti"}, "published", "hidden", "comment.hide"),
    Act("restore-comment", _comment("hidden"), lambda c: f"/moderazione/commenti/{c.id}/ripristina",
        {"expected_state": "hidden"}, "hidden", "published", "comment.restore"),
    Act("uphold-reports", _flagged_proposal, lambda f: f"/moderazione/segnalazioni/{f.id}/accogli",
        {"uphold_note": "Linguaggio offensivo"}, "published", "hidden", "flag.uphold"),
    Act("dismiss-reports", _flagged_proposal, lambda f: f"/moderazione/segnalazioni/{f.id}/respingi",
        {"note": "Critica legittima"}, "published", "published", "flag.dismiss"),
]  # fmt: skip


@pytest.mark.parametrize("act", ACTS, ids=str)
def test_a_coordinator_moderates_the_content_of_their_zone_consultation(client, coordinator, own_zone, act):
    target, changed = act.make(own_zone)
    assert client.get(_review_url(target)).status_code == 200

    response = client.post(act.url(target), data=act.data)

    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert reload(changed).state == act.after
    entry = _last_audit(act.audit)
    assert entry is not None and entry.actor_id == coordinator.id
    if act.name.endswith("reports"):
        assert {f.status for f in db.session.scalars(select(Flag).where(Flag.proposal_id == changed.id))} == {
            "upheld" if act.name.startswith("uphold") else "dismissed"
        }
        assert all(f.resolved_by_id == coordinator.id for f in db.session.scalars(select(Flag)))


@pytest.mark.parametrize("act", ACTS, ids=str)
def test_a_coordinator_gets_403_on_the_content_of_other_consultations(client, coordinator, act):
    for consultation in _other_consultations():
        target, changed = act.make(consultation)
        assert client.get(_review_url(target)).status_code == 403, consultation.title
        assert client.post(act.url(target), data=act.data).status_code == 403, consultation.title
        assert reload(changed).state == act.before
        assert _last_audit(act.audit) is None
    assert db.session.scalar(select(Flag).where(Flag.status != "open")) is None


def test_the_reason_is_required_and_the_author_is_told_as_by_a_moderator(
    client, coordinator, own_zone, mailbox
):
    author = create_user(email="autore@example.org", display_name="Autore")
    proposal = create_proposal(consultation=own_zone, author=author, state="submitted", title="Piste a Rho")
    english(client)
    response = client.post(
        f"/moderazione/proposte/{proposal.id}/rifiuta", data={"expected_state": "submitted", "reason": " "}
    )
    assert response.status_code == 422
    assert "Please give a reason: the author will read it." in response.get_data(as_text=True)
    assert reload(proposal).state == "submitted"

    client.post(
        f"/moderazione/proposte/{proposal.id}/rifiuta",
        data={"expected_state": "submitted", "reason": "Proposta già presentata"},
    )
    assert history(reload(proposal))[-1] == ("submitted", "rejected", "Proposta già presentata")
    [message] = mailbox(1)
    assert message["To"] == "autore@example.org"
    body = message.get_payload(decode=True).decode()
    assert "Piste a Rho" in body and "Proposta già presentata" in body


def test_four_eyes_a_coordinator_never_decides_on_their_own_content_or_reports(client, coordinator, own_zone):
    own = create_proposal(consultation=own_zone, author=coordinator, state="submitted")
    published = create_proposal(consultation=own_zone)
    own_comment = create_comment(published, author=coordinator)
    own_report = create_flag(create_proposal(consultation=own_zone), reporter=coordinator)
    english(client)

    assert "You wrote this proposal" in client.get(f"/moderazione/proposte/{own.id}").get_data(as_text=True)
    refused = [
        (f"/moderazione/proposte/{own.id}/pubblica", {"expected_state": "submitted"}),
        (f"/moderazione/commenti/{own_comment.id}/nascondi", {"expected_state": "published", "reason": "x"}),
        (f"/moderazione/segnalazioni/{own_report.id}/accogli", {}),
        (f"/moderazione/segnalazioni/{own_report.id}/respingi", {"note": "x"}),
    ]
    for url, data in refused:
        assert client.post(url, data=data).status_code == 403, url
    assert reload(own).state == "submitted"
    assert reload(own_comment).state == "published"
    assert reload(own_report).status == "open"


def test_the_queue_and_its_badge_list_only_the_zone_consultations(client, coordinator, own_zone):
    mine = create_proposal(consultation=own_zone, state="submitted", title="Ciclabile Rho-Pero")
    create_flag(create_proposal(consultation=own_zone, title="Mercato di Arese"))
    for consultation in _other_consultations():
        create_proposal(consultation=consultation, state="submitted", title=f"Altrove {consultation.id}")
        create_flag(create_proposal(consultation=consultation, title=f"Segnalata {consultation.id}"))

    page = client.get("/moderazione/").get_data(as_text=True)

    assert "Ciclabile Rho-Pero" in page and "Mercato di Arese" in page
    assert "Altrove" not in page and "Segnalata" not in page
    assert 'class="badge bg-dark ms-2 queue-count"' in page
    assert ">1 / 1</span>" in page  # the menu counts what the queue lists
    assert f"/moderazione/proposte/{mine.id}" in page
    assert "/moderazione/registro" not in page  # the platform-wide log stays the moderators'
    assert client.get("/moderazione/registro").status_code == 403


def test_my_zone_leads_to_the_queue_and_citizens_still_get_403(client, coordinator, own_zone):
    assert "/moderazione/" in client.get("/la-mia-zona/").get_data(as_text=True)
    sign_in(client, create_user())
    assert client.get("/moderazione/").status_code == 403


def test_a_coordinator_may_list_the_proposals_waiting_in_their_consultation_only(
    client, coordinator, own_zone
):
    create_proposal(consultation=own_zone, state="submitted", title="In attesa nel Nord Ovest")
    other = _other_consultations()[1]
    create_proposal(consultation=other, state="submitted", title="In attesa altrove")
    own_page = client.get(f"/consultazioni/{own_zone.slug}?state=submitted").get_data(as_text=True)
    other_page = client.get(f"/consultazioni/{other.slug}?state=submitted").get_data(as_text=True)
    assert "In attesa nel Nord Ovest" in own_page
    assert "In attesa altrove" not in other_page
