"""The author's side after submitting: edit, resubmit, withdraw, history, visibility, "my proposals"."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.proposals.models import Proposal
from app.proposals.workflow import change_state
from tests import factories
from tests.proposals.helpers import english, full_form, sign_in


def _reload(proposal) -> Proposal:
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id)


@pytest.mark.parametrize("state", ["draft", "submitted", "changes_requested"])
def test_author_may_edit_before_publication(client, state):
    author = factories.create_user()
    proposal = factories.create_proposal(author=author, state=state)
    sign_in(client, author)
    assert client.get(f"/proposte/{proposal.id}/modifica").status_code == 200
    response = client.post(
        f"/proposte/{proposal.id}/modifica", data=full_form(title="Un titolo tutto nuovo", intent="draft")
    )
    assert response.status_code == 302
    assert _reload(proposal).title == "Un titolo tutto nuovo"


@pytest.mark.parametrize("state", ["published", "rejected", "withdrawn", "hidden"])
def test_author_may_not_edit_after_publication_or_a_final_decision(client, state):
    author = factories.create_user()
    proposal = factories.create_proposal(author=author, state=state, title="Il titolo originale")
    sign_in(client, author)
    assert client.get(f"/proposte/{proposal.id}/modifica").status_code == 403
    response = client.post(f"/proposte/{proposal.id}/modifica", data=full_form(title="Un titolo tutto nuovo"))
    assert response.status_code == 403
    assert _reload(proposal).title == "Il titolo originale"


def test_others_may_not_edit(client):
    proposal = factories.create_proposal(state="submitted", title="Il titolo originale")
    sign_in(client, factories.create_user())
    # Someone else's proposal awaiting moderation does not exist for them.
    assert client.post(f"/proposte/{proposal.id}/modifica", data=full_form()).status_code == 404
    assert _reload(proposal).title == "Il titolo originale"


def test_submitted_proposal_edit_keeps_full_validation(client):
    author = factories.create_user()
    proposal = factories.create_proposal(author=author, state="submitted")
    sign_in(client, author)
    response = client.post(f"/proposte/{proposal.id}/modifica", data=full_form(action="", intent="draft"))
    assert response.status_code == 422
    assert _reload(proposal).action == "L'azione proposta."


def test_author_sees_the_moderator_message_and_resubmits(client):
    consultation = factories.create_consultation(is_premoderated=True)
    author = factories.create_user()
    moderator = factories.create_user(roles=["moderator"])
    proposal = factories.create_proposal(consultation=consultation, author=author, state="submitted")
    change_state(proposal, "changes_requested", moderator, "Indicate quali comuni sono coinvolti.")
    db.session.commit()

    sign_in(client, author)
    english(client)
    page = client.get(f"/proposte/{proposal.id}/modifica").get_data(as_text=True)
    assert "The moderator asked for changes" in page
    assert "Indicate quali comuni sono coinvolti." in page
    assert "Indicate quali comuni sono coinvolti." in client.get("/le-mie-proposte").get_data(as_text=True)

    rho = factories.comune("Rho")
    response = client.post(
        f"/proposte/{proposal.id}/modifica", data=full_form(scope="comuni", comuni=[rho.id])
    )
    assert response.status_code == 302
    proposal = _reload(proposal)
    assert proposal.state == "submitted"
    assert proposal.state_reason == ""
    assert [c.name for c in proposal.comuni] == ["Rho"]


def test_resubmission_publishes_when_the_consultation_is_post_moderated(client):
    consultation = factories.create_consultation(is_premoderated=False)
    author = factories.create_user()
    proposal = factories.create_proposal(consultation=consultation, author=author, state="draft")
    sign_in(client, author)
    assert client.post(f"/proposte/{proposal.id}/modifica", data=full_form()).status_code == 302
    assert _reload(proposal).state == "published"


def test_draft_cannot_be_submitted_after_collection_closes(client):
    consultation = factories.create_consultation(phase="discussion")
    author = factories.create_user()
    proposal = factories.create_proposal(consultation=consultation, author=author, state="draft")
    sign_in(client, author)
    english(client)
    response = client.post(f"/proposte/{proposal.id}/modifica", data=full_form(), follow_redirects=True)
    assert "Proposals can be submitted only while the collection phase is open" in response.get_data(
        as_text=True
    )
    assert _reload(proposal).state == "draft"


def test_withdraw_asks_for_confirmation_then_withdraws(client):
    author = factories.create_user()
    proposal = factories.create_proposal(author=author, state="published")
    sign_in(client, author)
    english(client)
    page = client.get(f"/proposte/{proposal.id}/ritira").get_data(as_text=True)
    assert "Do you really want to withdraw" in page
    assert _reload(proposal).state == "published"

    response = client.post(f"/proposte/{proposal.id}/ritira", data={"reason": "Superata dai fatti."})
    assert response.status_code == 302
    proposal = _reload(proposal)
    assert proposal.state == "withdrawn"
    db.session.refresh(proposal.consultation)
    assert proposal.consultation.published_count == 0
    # No longer public.
    client.post("/account/esci")
    other = factories.create_user()
    sign_in(client, other)
    assert client.get(f"/proposte/{proposal.id}").status_code == 404


def test_only_the_author_may_withdraw(client):
    proposal = factories.create_proposal(state="published")
    sign_in(client, factories.create_user())
    assert client.post(f"/proposte/{proposal.id}/ritira").status_code == 403
    assert _reload(proposal).state == "published"
    author = factories.create_user()
    rejected = factories.create_proposal(author=author, state="rejected")
    sign_in(client, author)
    assert client.post(f"/proposte/{rejected.id}/ritira").status_code == 403


def test_history_with_reasons_is_shown_to_the_author_and_moderators_only(client):
    consultation = factories.create_consultation(is_premoderated=True)
    author = factories.create_user()
    moderator = factories.create_user(roles=["moderator"])
    proposal = factories.create_proposal(consultation=consultation, author=author, state="submitted")
    change_state(proposal, "changes_requested", moderator, "Serve un titolo più chiaro.")
    change_state(proposal, "submitted", author)
    change_state(proposal, "published", moderator)
    db.session.commit()

    sign_in(client, author)
    english(client)
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "History" in page
    assert "Serve un titolo più chiaro." in page
    assert "Changes requested" in page

    sign_in(client, moderator)
    assert "Serve un titolo più chiaro." in client.get(f"/proposte/{proposal.id}").get_data(as_text=True)

    sign_in(client, factories.create_user())
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "History" not in page
    assert "Serve un titolo più chiaro." not in page


def test_rejection_reason_is_shown_to_the_author(client):
    author = factories.create_user()
    moderator = factories.create_user(roles=["moderator"])
    proposal = factories.create_proposal(author=author, state="submitted")
    change_state(proposal, "rejected", moderator, "Fuori tema rispetto alla consultazione.")
    db.session.commit()
    sign_in(client, author)
    english(client)
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "Rejected" in page
    assert "Fuori tema rispetto alla consultazione." in page


@pytest.mark.parametrize(
    "state", ["draft", "submitted", "rejected", "hidden", "changes_requested", "withdrawn"]
)
def test_unpublished_proposals_are_404_for_others(client, state):
    author = factories.create_user()
    proposal = factories.create_proposal(author=author, state=state)
    assert client.get(f"/proposte/{proposal.id}").status_code == 404
    sign_in(client, factories.create_user())
    assert client.get(f"/proposte/{proposal.id}").status_code == 404
    sign_in(client, author)
    assert client.get(f"/proposte/{proposal.id}").status_code == 200
    sign_in(client, factories.create_user(roles=["moderator"]))
    assert client.get(f"/proposte/{proposal.id}").status_code == 200


def test_missing_proposal_is_404(client):
    assert client.get("/proposte/999999").status_code == 404


def test_my_proposals_lists_every_state_with_links_where_allowed(client):
    author = factories.create_user()
    draft = factories.create_proposal(author=author, state="draft", title="La mia bozza di proposta")
    published = factories.create_proposal(author=author, state="published", title="La mia proposta pubblica")
    rejected = factories.create_proposal(author=author, state="rejected", title="La mia proposta respinta")
    factories.create_proposal(state="published", title="La proposta di qualcun altro")
    sign_in(client, author)
    english(client)
    page = client.get("/le-mie-proposte").get_data(as_text=True)
    for title in ("La mia bozza di proposta", "La mia proposta pubblica", "La mia proposta respinta"):
        assert title in page
    assert "La proposta di qualcun altro" not in page
    assert f"/proposte/{draft.id}/modifica" in page
    assert f"/proposte/{published.id}/modifica" not in page
    assert f"/proposte/{published.id}/ritira" in page
    assert f"/proposte/{rejected.id}/ritira" not in page
    assert "Draft" in page and "Rejected" in page


def test_my_proposals_needs_login(client):
    response = client.get("/le-mie-proposte")
    assert response.status_code == 302
