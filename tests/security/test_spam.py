"""Spam defences: the honeypot field and automatic hiding after several reports."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from app.moderation.models import AuditEntry
from app.proposals.models import Comment, Flag, Proposal, ProposalStateChange
from tests.factories import create_comment, create_consultation, create_flag, create_proposal, create_user
from tests.proposals.helpers import english, full_form, sign_in


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _honeypot_cases():
    def register(client):
        return (
            "/account/registrati",
            {
                "email": "robot@example.org",
                "display_name": "Robot",
                "password": "Passw0rd-lunga-e-sicura",
                "password_confirm": "Passw0rd-lunga-e-sicura",
                "accept_privacy": "y",
            },
            User,
        )

    def proposal(client):
        sign_in(client, create_user())
        consultation = create_consultation()
        return f"/consultazioni/{consultation.slug}/proposte/nuova", full_form(), Proposal

    def comment(client):
        target = create_proposal()
        sign_in(client, create_user())
        return f"/proposte/{target.id}/commenti", {"body": "Compra ora, sconti!"}, Comment

    def flag(client):
        target = create_proposal()
        sign_in(client, create_user())
        return f"/proposte/{target.id}/segnala", {"reason": "spam", "details": "x"}, Flag

    return {"register": register, "proposal": proposal, "comment": comment, "flag": flag}


@pytest.mark.parametrize("form", ["register", "proposal", "comment", "flag"])
def test_a_filled_honeypot_is_refused_neutrally_and_stores_nothing(client, caplog, form):
    url, data, model = _honeypot_cases()[form](client)
    page = client.get(url if form != "comment" else url.rsplit("/", 1)[0]).get_data(as_text=True)
    # The trap is in the form, hidden from people and assistive technologies.
    assert 'class="trap-field" aria-hidden="true"' in page
    assert 'name="remarks"' in page and 'tabindex="-1"' in page and 'autocomplete="off"' in page
    before = _count(model)
    english(client)
    with caplog.at_level(logging.WARNING):
        response = client.post(url, data={**data, "remarks": "http://spam.example"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Your request could not be accepted. Please try again." in text
    assert "honeypot" not in text.lower() and "spam" not in text.lower().replace("spam.example", "")
    assert _count(model) == before
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "honeypot" in logged
    assert "robot@example.org" not in logged and "spam.example" not in logged
    # The same form with the trap left empty works.
    assert client.post(url, data=data).status_code == 302
    assert _count(model) == before + 1


def _report(client, proposal, reporter, comment=None):
    sign_in(client, reporter)
    url = f"/commenti/{comment.id}/segnala" if comment else f"/proposte/{proposal.id}/segnala"
    return client.post(url, data={"reason": "offensive"})


def test_three_reports_from_different_people_hide_a_proposal_pending_review(app, client):
    proposal = create_proposal(title="Proposta molto segnalata")
    published_before = proposal.consultation.published_count
    reporters = [create_user() for _ in range(3)]
    for reporter in reporters[:2]:
        assert _report(client, proposal, reporter).status_code == 302
    db.session.refresh(proposal)
    assert proposal.state == "published"
    assert _report(client, proposal, reporters[2]).status_code == 302
    db.session.refresh(proposal)
    assert proposal.state == "hidden"
    assert " 3 " in proposal.state_reason  # "… after 3 reports, pending review", in Italian
    assert proposal.consultation.published_count == published_before - 1
    change = proposal_history_last(proposal)
    assert change.actor_id is None and change.to_state == "hidden"
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "proposal.auto_hide")
        )
        == 1
    )
    # The public no longer sees it; the reports stay open for the moderators.
    sign_in(client, create_user())
    assert client.get(f"/proposte/{proposal.id}").status_code == 404
    moderator = app.test_client()
    sign_in(moderator, create_user(roles=["moderator"]))
    english(moderator)
    queue = moderator.get("/moderazione/").get_data(as_text=True)
    assert "Proposta molto segnalata" in queue and "Hidden, pending review" in queue


def proposal_history_last(proposal):
    return db.session.scalars(
        select(ProposalStateChange)
        .where(ProposalStateChange.proposal_id == proposal.id)
        .order_by(ProposalStateChange.id.desc())
    ).first()


def test_the_threshold_is_configurable_and_one_person_counts_once(app, client):
    app.config["FLAGS_AUTO_HIDE_THRESHOLD"] = 2
    proposal = create_proposal()
    reporter = create_user()
    _report(client, proposal, reporter)
    _report(client, proposal, reporter)
    db.session.refresh(proposal)
    assert proposal.state == "published"
    _report(client, proposal, create_user())
    db.session.refresh(proposal)
    assert proposal.state == "hidden"


def test_threshold_zero_switches_automatic_hiding_off(app, client):
    app.config["FLAGS_AUTO_HIDE_THRESHOLD"] = 0
    proposal = create_proposal()
    for _ in range(4):
        _report(client, proposal, create_user())
    db.session.refresh(proposal)
    assert proposal.state == "published"


def test_a_comment_is_hidden_after_three_reports_and_restored_with_its_reports_dismissed(app, client):
    proposal = create_proposal()
    comment = create_comment(proposal, body="Commento molesto")
    for _ in range(3):
        assert _report(client, proposal, create_user(), comment).status_code == 302
    db.session.refresh(comment)
    assert comment.state == "hidden"
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "Commento molesto" not in page
    moderator = create_user(roles=["moderator"])
    sign_in(client, moderator)
    assert client.post(f"/moderazione/commenti/{comment.id}/ripristina", data={}).status_code == 302
    db.session.refresh(comment)
    assert comment.state == "published"
    assert _count_open(proposal, comment) == 0
    # A fourth report does not hide it again at once: the earlier ones were answered.
    _report(client, proposal, create_user(), comment)
    db.session.refresh(comment)
    assert comment.state == "published"


def _count_open(proposal, comment=None) -> int:
    query = (
        select(func.count()).select_from(Flag).where(Flag.proposal_id == proposal.id, Flag.status == "open")
    )
    if comment is not None:
        query = query.where(Flag.comment_id == comment.id)
    return db.session.scalar(query)


def test_restoring_an_auto_hidden_proposal_dismisses_its_reports(client):
    proposal = create_proposal()
    for _ in range(3):
        _report(client, proposal, create_user())
    db.session.refresh(proposal)
    assert proposal.state == "hidden"
    sign_in(client, create_user(roles=["moderator"]))
    response = client.post(
        f"/moderazione/proposte/{proposal.id}/ripristina", data={"expected_state": "hidden"}
    )
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.state == "published"
    assert _count_open(proposal) == 0
    _report(client, proposal, create_user())
    db.session.refresh(proposal)
    assert proposal.state == "published"


def test_dismissing_the_reports_publishes_an_auto_hidden_proposal_again(client):
    proposal = create_proposal()
    for _ in range(3):
        _report(client, proposal, create_user())
    flag = db.session.scalars(select(Flag).where(Flag.proposal_id == proposal.id)).first()
    sign_in(client, create_user(roles=["moderator"]))
    response = client.post(f"/moderazione/segnalazioni/{flag.id}/respingi", data={"note": "Contenuto lecito"})
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.state == "published"


def test_dismissing_reports_leaves_a_moderator_hidden_proposal_hidden(client):
    proposal = create_proposal(state="hidden")
    flag = create_flag(proposal)
    sign_in(client, create_user(roles=["moderator"]))
    client.post(f"/moderazione/segnalazioni/{flag.id}/respingi", data={"note": "Già gestita"})
    db.session.refresh(proposal)
    assert proposal.state == "hidden"


def test_upholding_the_reports_keeps_an_auto_hidden_proposal_hidden(client):
    proposal = create_proposal()
    for _ in range(3):
        _report(client, proposal, create_user())
    db.session.refresh(proposal)
    assert proposal.state == "hidden"
    flag = db.session.scalars(select(Flag).where(Flag.proposal_id == proposal.id)).first()
    sign_in(client, create_user(roles=["moderator"]))
    assert client.post(f"/moderazione/segnalazioni/{flag.id}/accogli", data={}).status_code == 302
    db.session.refresh(proposal)
    assert proposal.state == "hidden"
    assert _count_open(proposal) == 0
