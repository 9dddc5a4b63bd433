"""Four eyes (issue 13, finding 6): nobody decides on their own request or content.

A coordinator verified their own representation request and a moderator published their own
pre-moderated proposal. Every decision route is tried by the person concerned (refused with
403, nothing changes, the page offers no decision and says why) and by a colleague (done).
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import policy
from app.extensions import db
from app.moderation.models import AuditEntry
from app.proposals.models import Comment, Flag, Proposal
from tests import factories
from tests.proposals.helpers import english, sign_in
from tests.synthesis.factories import create_run, create_theme

DECISIONS = {
    # slug: (state before, form, state after when a colleague decides)
    "pubblica": ("submitted", {}, "published"),
    "rifiuta": ("submitted", {"reason": "Fuori tema"}, "rejected"),
    "richiedi-modifiche": ("submitted", {"message": "Precisa il luogo"}, "changes_requested"),
    "nascondi": ("published", {"reason": "Offensiva"}, "hidden"),
    "ripristina": ("hidden", {}, "published"),
    "duplicato": ("published", None, "hidden"),
}


def _audit_count() -> int:
    return db.session.scalar(select(func.count(AuditEntry.id)))


def _reload(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


@pytest.mark.parametrize("slug", sorted(DECISIONS))
def test_a_moderator_never_decides_on_their_own_proposal(client, slug):
    before, form, after = DECISIONS[slug]
    moderator = factories.create_user(roles=["moderator"])
    consultation = factories.create_consultation()
    own = factories.create_proposal(consultation, author=moderator, state=before)
    if form is None:
        form = {"original_id": str(factories.create_proposal(consultation).id)}
    sign_in(client, moderator)
    english(client)
    page = client.get(f"/moderazione/proposte/{own.id}").get_data(as_text=True)
    assert "You wrote this proposal: another moderator decides on it." in page
    assert f"/moderazione/proposte/{own.id}/{slug}" not in page
    audited = _audit_count()
    assert client.post(f"/moderazione/proposte/{own.id}/{slug}", data=form).status_code == 403
    assert _reload(Proposal, own.id).state == before and _audit_count() == audited
    # A colleague decides.
    sign_in(client, factories.create_user(roles=["moderator"]))
    assert client.post(f"/moderazione/proposte/{own.id}/{slug}", data=form).status_code == 302
    assert _reload(Proposal, own.id).state == after


def test_an_admin_never_decides_on_their_own_proposal_either(client):
    admin = factories.create_user(roles=["admin"])
    own = factories.create_proposal(author=admin, state="submitted")
    sign_in(client, admin)
    assert client.post(f"/moderazione/proposte/{own.id}/pubblica").status_code == 403
    assert _reload(Proposal, own.id).state == "submitted"


@pytest.mark.parametrize("action", ["nascondi", "ripristina"])
def test_a_moderator_never_hides_or_restores_their_own_comment(client, action):
    moderator = factories.create_user(roles=["moderator"])
    state = "published" if action == "nascondi" else "hidden"
    own = factories.create_comment(factories.create_proposal(), author=moderator, state=state)
    sign_in(client, moderator)
    english(client)
    page = client.get(f"/moderazione/commenti/{own.id}").get_data(as_text=True)
    assert "You wrote this comment: another moderator decides on it." in page
    response = client.post(f"/moderazione/commenti/{own.id}/{action}", data={"reason": "Fuori luogo"})
    assert response.status_code == 403
    assert _reload(Comment, own.id).state == state
    sign_in(client, factories.create_user(roles=["moderator"]))
    client.post(f"/moderazione/commenti/{own.id}/{action}", data={"reason": "Fuori luogo"})
    assert _reload(Comment, own.id).state != state


@pytest.mark.parametrize("whose", ["own report", "report on own proposal", "report on own comment"])
@pytest.mark.parametrize("action", ["accogli", "respingi"])
def test_a_moderator_never_handles_their_own_reports_or_reports_on_their_own_content(client, whose, action):
    moderator = factories.create_user(roles=["moderator"])
    if whose == "own report":
        proposal = factories.create_proposal()
        flag = factories.create_flag(proposal, reporter=moderator)
        factories.create_flag(proposal)
    elif whose == "report on own proposal":
        flag = factories.create_flag(factories.create_proposal(author=moderator))
    else:
        proposal = factories.create_proposal()
        flag = factories.create_flag(proposal, factories.create_comment(proposal, author=moderator))
    sign_in(client, moderator)
    english(client)
    page = client.get(f"/moderazione/segnalazioni/{flag.id}").get_data(as_text=True)
    assert "another moderator decides on them" in page
    assert f"/moderazione/segnalazioni/{flag.id}/{action}" not in page
    response = client.post(f"/moderazione/segnalazioni/{flag.id}/{action}", data={"note": "Nessun problema"})
    assert response.status_code == 403
    assert _reload(Flag, flag.id).status == "open"
    sign_in(client, factories.create_user(roles=["moderator"]))
    client.post(f"/moderazione/segnalazioni/{flag.id}/{action}", data={"note": "Nessun problema"})
    assert _reload(Flag, flag.id).status in ("upheld", "dismissed")


@pytest.mark.parametrize("decision", ["verified", "refused"])
@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_nobody_decides_on_their_own_representation_request(client, decision, who):
    nord_ovest = factories.zone("nord-ovest")
    person = factories.create_user(
        roles=["zone_coordinator"] if who == "coordinator" else ["admin"], zone=nord_ovest
    )
    # Rho is in Nord Ovest, the coordinator's zone.
    asked = factories.create_representative(person, comune=factories.comune("Rho"), status="pending")
    sign_in(client, person)
    english(client)
    page = client.get(f"/admin/rappresentanze/{asked.id}").get_data(as_text=True)
    assert "This is your own request: someone else decides on it." in page
    assert f"/admin/rappresentanze/{asked.id}/decisione" not in page
    data = {"decision": decision, "note": "Documentazione verificata"}
    assert client.post(f"/admin/rappresentanze/{asked.id}/decisione", data=data).status_code == 403
    db.session.expire_all()
    assert asked.status == "pending" and asked.decided_by_id is None
    colleague = factories.create_user(roles=["zone_coordinator"], zone=nord_ovest)
    sign_in(client, colleague)
    assert client.post(f"/admin/rappresentanze/{asked.id}/decisione", data=data).status_code == 302
    db.session.expire_all()
    assert asked.status == decision and asked.decided_by_id == colleague.id


def test_an_analyst_never_answers_their_own_proposal(client):
    analyst = factories.create_user(roles=["analyst"])
    consultation = factories.create_consultation(phase="synthesis")
    own = factories.create_proposal(consultation, author=analyst)
    others = [factories.create_proposal(consultation) for _ in range(2)]
    sign_in(client, analyst)
    data = {"kind": "accolta", "text": "Accolta."}
    assert client.get(f"/sintesi/risposte/proposte/{own.id}").status_code == 403
    assert client.post(f"/sintesi/risposte/proposte/{own.id}", data=data).status_code == 403
    assert _reload(Proposal, own.id).answer_kind is None
    # One answer for a whole theme leaves the analyst's own proposal to a colleague.
    theme = create_theme(create_run(consultation), members=[own, *others])
    assert client.post(f"/sintesi/risposte/temi/{theme.id}", data=data).status_code == 302
    assert _reload(Proposal, own.id).answer_kind is None
    assert all(_reload(Proposal, p.id).answer_kind == "accolta" for p in others)


def test_four_eyes_rules_in_the_policy(app):
    moderator = factories.create_user(roles=["moderator"])
    colleague = factories.create_user(roles=["moderator"])
    own = factories.create_proposal(author=moderator)
    flag = factories.create_flag(factories.create_proposal(), reporter=colleague)
    assert not policy.can(moderator, "moderation.decide", own)
    assert policy.can(colleague, "moderation.decide", own)
    assert policy.can(moderator, "moderation.decide", flag)
    assert not policy.can(colleague, "moderation.decide", flag)
    assert not policy.can(colleague, "moderation.decide", [flag])
    asked = factories.create_representative(moderator, status="pending")
    admin = factories.create_user(roles=["admin"])
    assert policy.can(admin, "representation.decide", asked)
    assert not policy.can(moderator, "representation.decide", asked)
