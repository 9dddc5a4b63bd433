"""A closed consultation's record is final (issue 15, section 2): no support, withdrawal of
support, comment or report once it closes, by its dates or early; each refused with 409 and
the same words the page shows instead of the buttons."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.errors import Conflict
from app.extensions import db
from app.models_base import utcnow
from app.proposals import community
from app.proposals.models import Comment, Flag, Proposal, Support
from tests import factories
from tests.proposals.helpers import english, sign_in

CLOSED_EN = "supports, comments and reports are no longer accepted"
CLOSED_IT = "adesioni, commenti e segnalazioni non sono più accettati"
OPEN_PHASES = ("information", "collection", "discussion", "synthesis", "answers")


def _closed_proposal(early: bool = False):
    if early:
        consultation = factories.create_consultation(phase="answers")
        consultation.closed_early_at = utcnow() - timedelta(minutes=5)
        db.session.commit()
    else:
        consultation = factories.create_consultation(phase="closed")
    proposal = factories.create_proposal(consultation=consultation)
    comment = factories.create_comment(proposal)
    supporter = factories.create_user()
    factories.create_support(proposal, supporter)  # the factories keep the counters
    return proposal, comment, supporter


def _fingerprint(proposal_id: int) -> tuple:
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal_id)
    count = lambda model: db.session.scalar(select(func.count(model.id)))  # noqa: E731
    return (proposal.supports_count, proposal.comments_count, count(Support), count(Comment), count(Flag))


def _actions(proposal, comment):
    return (
        (f"/proposte/{proposal.id}/sostieni", {}),
        (f"/proposte/{proposal.id}/ritira-sostegno", {}),
        (f"/proposte/{proposal.id}/commenti", {"body": "Ancora un commento", "submission_token": "t-closed"}),
        (f"/proposte/{proposal.id}/segnala", {"reason": "spam"}),
        (f"/commenti/{comment.id}/segnala", {"reason": "spam"}),
    )


@pytest.mark.parametrize("early", [False, True], ids=["closed-by-date", "closed-early"])
def test_every_action_on_a_closed_consultation_answers_409_and_changes_nothing(client, early):
    proposal, comment, supporter = _closed_proposal(early)
    before = _fingerprint(proposal.id)
    # The supporter tries everything: support again, withdraw, comment, report both.
    sign_in(client, supporter)
    for url, data in _actions(proposal, comment):
        response = client.post(url, data=data)
        assert response.status_code == 409, url
        assert CLOSED_IT in response.get_data(as_text=True), url
    # A newcomer too, in English.
    sign_in(client, factories.create_user())
    english(client)
    for url, data in _actions(proposal, comment):
        response = client.post(url, data=data)
        assert response.status_code == 409, url
        assert CLOSED_EN in response.get_data(as_text=True), url
    assert _fingerprint(proposal.id) == before


def test_the_report_form_itself_is_closed(client):
    proposal, comment, _supporter = _closed_proposal()
    sign_in(client, factories.create_user())
    assert client.get(f"/proposte/{proposal.id}/segnala").status_code == 409
    assert client.get(f"/commenti/{comment.id}/segnala").status_code == 409


def test_closed_page_replaces_the_buttons_with_a_note_and_keeps_the_counts(client):
    proposal, _comment, supporter = _closed_proposal()
    sign_in(client, supporter)
    english(client)
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "This consultation is closed: " + CLOSED_EN in page
    assert "You support this proposal." in page  # what they did stays visible
    for gone in ("/sostieni", "/ritira-sostegno", '/commenti"', "/segnala", "Add a comment", "Reply"):
        assert gone not in page, gone
    assert "1 person or organisation supports this proposal." in page


def test_anonymous_readers_see_the_note_instead_of_the_login_invitation(client):
    proposal, _comment, _supporter = _closed_proposal()
    english(client)
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "This consultation is closed: " + CLOSED_EN in page
    assert "Log in to support or comment" not in page


@pytest.mark.parametrize("phase", OPEN_PHASES)
def test_every_phase_before_closing_still_takes_supports_comments_and_reports(client, phase):
    consultation = factories.create_consultation(phase=phase)
    proposal = factories.create_proposal(consultation=consultation)
    comment = factories.create_comment(proposal)
    sign_in(client, factories.create_user())
    assert client.post(f"/proposte/{proposal.id}/sostieni").status_code == 302
    assert client.post(f"/proposte/{proposal.id}/ritira-sostegno").status_code == 302
    assert client.post(f"/proposte/{proposal.id}/sostieni").status_code == 302
    body = {"body": "Un commento utile", "submission_token": f"t-{phase}"}
    assert client.post(f"/proposte/{proposal.id}/commenti", data=body).status_code == 302
    assert client.post(f"/commenti/{comment.id}/segnala", data={"reason": "spam"}).status_code == 302
    db.session.expire_all()
    reloaded = db.session.get(Proposal, proposal.id)
    assert (reloaded.supports_count, reloaded.comments_count) == (1, 2)


def test_services_refuse_too_so_the_cli_and_jobs_obey(app):
    proposal, comment, supporter = _closed_proposal()
    newcomer = factories.create_user()
    calls = (
        lambda: community.support_proposal(newcomer, proposal),
        lambda: community.unsupport_proposal(supporter, proposal),
        lambda: community.add_comment(newcomer, proposal, "Un commento"),
        lambda: community.flag_proposal(newcomer, proposal, "spam"),
        lambda: community.flag_comment(newcomer, comment, "spam"),
    )
    for call in calls:
        with pytest.raises(Conflict):
            call()
        db.session.rollback()
