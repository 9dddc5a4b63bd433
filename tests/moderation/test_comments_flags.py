"""Hiding and restoring comments; upholding and dismissing reports."""

from sqlalchemy import select

from app.extensions import db
from app.proposals.models import Flag
from tests.factories import create_comment, create_consultation, create_flag, create_proposal, create_user
from tests.moderation.conftest import audit_actions, english, history, reload, sign_in


def test_hiding_a_comment_needs_a_reason_and_lowers_the_visible_count(client, moderator):
    proposal = create_proposal(state="published")
    comment = create_comment(proposal, body="Insulto gratuito")
    create_comment(proposal)
    assert reload(proposal).comments_count == 2
    english(client)

    response = client.post(
        f"/moderazione/commenti/{comment.id}/nascondi", data={"expected_state": "published", "reason": " "}
    )
    assert response.status_code == 422
    assert "Please give a reason for hiding this comment." in response.get_data(as_text=True)
    assert reload(comment).state == "published"
    assert reload(proposal).comments_count == 2

    response = client.post(
        f"/moderazione/commenti/{comment.id}/nascondi",
        data={"expected_state": "published", "reason": "Linguaggio offensivo"},
    )
    assert response.status_code == 302
    comment = reload(comment)
    assert comment.state == "hidden"
    assert comment.hidden_reason == "Linguaggio offensivo"
    assert reload(proposal).comments_count == 1
    assert audit_actions("comments", comment.id) == ["comment.hide"]

    client.post(f"/moderazione/commenti/{comment.id}/ripristina", data={"expected_state": "hidden"})
    assert reload(comment).state == "published"
    assert reload(proposal).comments_count == 2
    assert audit_actions("comments", comment.id) == ["comment.hide", "comment.restore"]


def test_a_stale_comment_decision_gets_a_conflict_and_counts_stay_exact(client, moderator):
    proposal = create_proposal(state="published")
    comment = create_comment(proposal)
    url = f"/moderazione/commenti/{comment.id}/nascondi"
    client.post(url, data={"expected_state": "published", "reason": "Spam"})
    english(client)
    # A second moderator who saw the comment visible sends the same decision.
    response = client.post(
        url, data={"expected_state": "published", "reason": "Ancora spam"}, follow_redirects=True
    )
    assert "This comment was changed by someone else in the meantime." in response.get_data(as_text=True)
    comment = reload(comment)
    assert comment.hidden_reason == "Spam"
    assert reload(proposal).comments_count == 0
    assert audit_actions("comments", comment.id) == ["comment.hide"]


def test_upholding_reports_on_a_proposal_hides_it_and_resolves_them_all(client, moderator):
    consultation = create_consultation()
    proposal = create_proposal(consultation=consultation, state="published")
    first = create_flag(proposal, reason="offensive")
    create_flag(proposal, reason="spam")
    other = create_flag(create_proposal(consultation=consultation, state="published"))

    response = client.post(f"/moderazione/segnalazioni/{first.id}/accogli", data={})
    assert response.status_code == 302
    proposal = reload(proposal)
    assert proposal.state == "hidden"
    assert proposal.consultation.published_count == 1
    flags = list(db.session.scalars(select(Flag).where(Flag.proposal_id == proposal.id)))
    assert {f.status for f in flags} == {"upheld"}
    assert all(f.resolved_by_id == moderator.id and f.resolved_at for f in flags)
    assert reload(other).status == "open"
    assert history(proposal)[-1][:2] == ("published", "hidden")
    assert history(proposal)[-1][2]  # the flag's reason, for the author
    assert "flag.uphold" in audit_actions("flags")
    assert audit_actions("proposals", proposal.id) == ["proposal.hide"]


def test_upholding_reports_on_a_comment_hides_the_comment(client, moderator):
    proposal = create_proposal(state="published")
    comment = create_comment(proposal)
    flag = create_flag(proposal, comment=comment, reason="personal_data")
    client.post(f"/moderazione/segnalazioni/{flag.id}/accogli", data={"uphold_note": "Numero di telefono"})
    comment = reload(comment)
    assert comment.state == "hidden"
    assert comment.hidden_reason == "Numero di telefono"
    assert reload(proposal).comments_count == 0
    assert reload(proposal).state == "published"
    assert reload(flag).status == "upheld"


def test_dismissing_reports_needs_a_note_and_leaves_the_content(client, moderator):
    proposal = create_proposal(state="published")
    flag = create_flag(proposal, reason="spam")
    create_flag(proposal, reason="other")
    english(client)

    response = client.post(f"/moderazione/segnalazioni/{flag.id}/respingi", data={"note": ""})
    assert response.status_code == 422
    assert "Please write a note explaining the decision." in response.get_data(as_text=True)
    assert reload(flag).status == "open"

    response = client.post(
        f"/moderazione/segnalazioni/{flag.id}/respingi", data={"note": "Critica legittima"}
    )
    assert response.status_code == 302
    assert reload(proposal).state == "published"
    flags = list(db.session.scalars(select(Flag).where(Flag.proposal_id == proposal.id)))
    assert {(f.status, f.resolution_note) for f in flags} == {("dismissed", "Critica legittima")}
    assert all(f.resolved_by_id == moderator.id for f in flags)
    assert audit_actions("flags") == ["flag.dismiss"]
    assert "Critica legittima" not in client.get("/moderazione/").get_data(as_text=True)
    assert "There are no open reports." in client.get("/moderazione/").get_data(as_text=True)


def test_reports_already_handled_give_a_conflict(client, app, moderator):
    proposal = create_proposal(state="published")
    flag = create_flag(proposal)
    other_client = app.test_client()
    sign_in(other_client, create_user(roles=["moderator"]))
    english(other_client)
    client.post(f"/moderazione/segnalazioni/{flag.id}/respingi", data={"note": "Nessun problema"})
    response = other_client.post(
        f"/moderazione/segnalazioni/{flag.id}/accogli", data={}, follow_redirects=True
    )
    assert "These reports were already handled by someone else." in response.get_data(as_text=True)
    assert reload(proposal).state == "published"
    assert reload(flag).status == "dismissed"
    assert audit_actions("flags") == ["flag.dismiss"]
