"""Moderators' decisions on proposals: state, history, audit, counters, conflicts."""

from html import unescape

import pytest

from app.extensions import db
from app.proposals import workflow
from tests.factories import create_consultation, create_proposal, create_user
from tests.moderation.conftest import audit_actions, english, history, reload, sign_in


def _decide(client, proposal, slug, expected_state=None, follow=False, **data):
    data["expected_state"] = expected_state or proposal.state
    return client.post(f"/moderazione/proposte/{proposal.id}/{slug}", data=data, follow_redirects=follow)


def test_publish_changes_state_history_audit_and_counter(client, moderator):
    consultation = create_consultation()
    proposal = create_proposal(consultation=consultation, state="submitted")
    response = _decide(client, proposal, "pubblica")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/moderazione/proposte/{proposal.id}")
    proposal = reload(proposal)
    assert proposal.state == "published"
    assert proposal.published_at is not None
    assert proposal.consultation.published_count == 1
    assert history(proposal)[-1] == ("submitted", "published", "")
    assert audit_actions("proposals", proposal.id) == ["proposal.publish"]


def test_reject_needs_a_reason_and_then_records_it(client, moderator):
    proposal = create_proposal(state="submitted")
    english(client)
    response = _decide(client, proposal, "rifiuta", reason="   ")
    assert response.status_code == 422
    assert "Please give a reason: the author will read it." in response.get_data(as_text=True)
    assert reload(proposal).state == "submitted"
    assert len(history(proposal)) == 1
    assert audit_actions("proposals", proposal.id) == []

    response = _decide(client, proposal, "rifiuta", reason="Fuori tema <b>rispetto</b> alla consultazione")
    assert response.status_code == 302
    proposal = reload(proposal)
    assert proposal.state == "rejected"
    assert proposal.state_reason == "Fuori tema rispetto alla consultazione"
    assert history(proposal)[-1] == ("submitted", "rejected", "Fuori tema rispetto alla consultazione")
    assert audit_actions("proposals", proposal.id) == ["proposal.reject"]


def test_request_changes_needs_a_message_and_the_author_can_resubmit(client, moderator):
    proposal = create_proposal(state="submitted")
    english(client)
    response = _decide(client, proposal, "richiedi-modifiche", message="")
    assert response.status_code == 422
    assert "Please tell the author what to change." in response.get_data(as_text=True)
    assert reload(proposal).state == "submitted"

    _decide(client, proposal, "richiedi-modifiche", message="Indicare i costi stimati")
    proposal = reload(proposal)
    assert proposal.state == "changes_requested"
    assert proposal.state_reason == "Indicare i costi stimati"
    assert history(proposal)[-1] == ("submitted", "changes_requested", "Indicare i costi stimati")
    assert audit_actions("proposals", proposal.id) == ["proposal.request_changes"]

    # The author resubmits (the proposals work offers the button): back in the queue.
    workflow.change_state(proposal, "submitted", proposal.author)
    db.session.commit()
    assert f"/moderazione/proposte/{proposal.id}" in client.get("/moderazione/").get_data(as_text=True)


def test_hide_needs_a_reason_and_restore_brings_it_back(client, moderator):
    consultation = create_consultation()
    proposal = create_proposal(consultation=consultation, state="published")
    create_proposal(consultation=consultation, state="published")
    english(client)
    response = _decide(client, proposal, "nascondi", reason="")
    assert response.status_code == 422
    assert reload(proposal).state == "published"
    assert reload(consultation).published_count == 2

    _decide(client, proposal, "nascondi", reason="Contiene dati personali")
    proposal = reload(proposal)
    assert proposal.state == "hidden"
    assert proposal.consultation.published_count == 1
    assert history(proposal)[-1] == ("published", "hidden", "Contiene dati personali")

    page = client.get(f"/moderazione/proposte/{proposal.id}").get_data(as_text=True)
    assert "Contiene dati personali" in page
    _decide(client, proposal, "ripristina")
    proposal = reload(proposal)
    assert proposal.state == "published"
    assert proposal.state_reason == ""
    assert proposal.consultation.published_count == 2
    assert history(proposal)[-1][:2] == ("hidden", "published")
    assert audit_actions("proposals", proposal.id) == ["proposal.hide", "proposal.restore"]


def test_published_count_stays_exact_through_many_decisions(client, moderator):
    consultation = create_consultation()
    proposals = [create_proposal(consultation=consultation, state="submitted") for _ in range(3)]
    for p in proposals:
        _decide(client, p, "pubblica")
    assert reload(consultation).published_count == 3
    _decide(client, proposals[0], "nascondi", reason="Spam")
    _decide(client, proposals[1], "nascondi", reason="Spam")
    assert reload(consultation).published_count == 1
    _decide(client, proposals[0], "ripristina")
    # A repeated (stale) hide of an already hidden proposal changes nothing.
    _decide(client, proposals[1], "nascondi", expected_state="published", reason="Ancora")
    assert reload(consultation).published_count == 2


def test_mark_duplicate_hides_it_and_points_to_the_original(client, moderator):
    consultation = create_consultation()
    original = create_proposal(consultation=consultation, state="published")
    duplicate = create_proposal(consultation=consultation, state="published")
    _decide(client, duplicate, "duplicato", original_id=original.id)
    duplicate = reload(duplicate)
    assert duplicate.state == "hidden"
    assert duplicate.duplicate_of_id == original.id
    assert history(duplicate)[-1][2].endswith(f"{original.id}")
    assert audit_actions("proposals", duplicate.id) == ["proposal.mark_duplicate"]
    assert reload(consultation).published_count == 1


def test_a_submitted_proposal_can_be_marked_as_duplicate(client, moderator):
    consultation = create_consultation()
    original = create_proposal(consultation=consultation, state="published")
    duplicate = create_proposal(consultation=consultation, state="submitted")
    _decide(client, duplicate, "duplicato", original_id=original.id)
    duplicate = reload(duplicate)
    assert duplicate.state == "hidden"
    assert duplicate.duplicate_of_id == original.id
    assert reload(consultation).published_count == 1


@pytest.mark.parametrize(
    "case, message",
    [
        ("missing", "Please give the number of the original proposal."),
        ("unknown", "There is no proposal with this number."),
        ("itself", "A proposal cannot be a duplicate of itself."),
        ("other_consultation", "The original must belong to the same consultation."),
        ("not_published", "The original must be a published proposal."),
    ],
)
def test_mark_duplicate_refuses_a_wrong_original(client, moderator, case, message):
    consultation = create_consultation()
    proposal = create_proposal(consultation=consultation, state="published")
    original_id = {
        "missing": "",
        "unknown": "999999",
        "itself": str(proposal.id),
        "other_consultation": str(create_proposal(state="published").id),
        "not_published": str(create_proposal(consultation=consultation, state="submitted").id),
    }[case]
    english(client)
    response = _decide(client, proposal, "duplicato", original_id=original_id)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    proposal = reload(proposal)
    assert proposal.state == "published"
    assert proposal.duplicate_of_id is None
    assert audit_actions("proposals", proposal.id) == []


def test_the_second_of_two_moderators_gets_a_conflict_and_the_first_outcome_stands(client, app):
    proposal = create_proposal(state="submitted")
    first, second = create_user(roles=["moderator"]), create_user(roles=["moderator"])
    other_client = app.test_client()
    sign_in(client, first)
    sign_in(other_client, second)
    english(other_client)
    # Both opened the review page while the proposal was "submitted".
    assert client.get(f"/moderazione/proposte/{proposal.id}").status_code == 200
    assert other_client.get(f"/moderazione/proposte/{proposal.id}").status_code == 200

    _decide(client, proposal, "pubblica", expected_state="submitted")
    response = _decide(
        other_client, proposal, "rifiuta", expected_state="submitted", reason="Non pertinente", follow=True
    )
    assert "This proposal was changed by someone else in the meantime." in response.get_data(as_text=True)
    proposal = reload(proposal)
    assert proposal.state == "published"
    assert proposal.state_reason == ""
    assert [h[1] for h in history(proposal)] == ["submitted", "published"]
    assert audit_actions("proposals", proposal.id) == ["proposal.publish"]
    assert proposal.consultation.published_count == 1


def test_a_decision_the_state_does_not_allow_changes_nothing(client, moderator):
    proposal = create_proposal(state="rejected")
    english(client)
    response = _decide(client, proposal, "pubblica", follow=True)
    assert "This action is not possible in the proposal's current state." in unescape(
        response.get_data(as_text=True)
    )
    assert reload(proposal).state == "rejected"
    assert audit_actions("proposals", proposal.id) == []


def test_review_page_shows_fields_history_and_only_possible_decisions(client, moderator):
    proposal = create_proposal(state="submitted", title="Parco agricolo sud", need="Troppo cemento <script>")
    english(client)
    page = client.get(f"/moderazione/proposte/{proposal.id}").get_data(as_text=True)
    assert "Parco agricolo sud" in page
    assert "Troppo cemento &lt;script&gt;" in page
    assert "Campus metropolitano smart" in page
    assert "Awaiting moderation" in page
    assert f'action="/moderazione/proposte/{proposal.id}/pubblica"' in page
    assert f'action="/moderazione/proposte/{proposal.id}/rifiuta"' in page
    assert f'action="/moderazione/proposte/{proposal.id}/nascondi"' not in page
    assert 'name="expected_state" value="submitted"' in page


def test_the_author_is_told_by_email_with_the_reason(client, moderator, mailbox):
    author = create_user(email="autrice@example.org", display_name="Autrice")
    proposal = create_proposal(state="submitted", author=author, title="Piste ciclabili")
    _decide(client, proposal, "richiedi-modifiche", message="Precisare il tracciato")
    messages = mailbox(1)
    assert len(messages) == 1
    assert messages[0]["To"] == "autrice@example.org"
    body = messages[0].get_payload(decode=True).decode()
    assert "Piste ciclabili" in body
    assert "Precisare il tracciato" in body
    assert "http://localhost/" in body
