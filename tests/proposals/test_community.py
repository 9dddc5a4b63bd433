"""The community's side: supports, comments and flags on a published proposal."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.proposals import community
from app.proposals.models import Comment, Flag, Proposal, Support
from tests import factories
from tests.proposals.helpers import english, sign_in


def _reload(proposal) -> Proposal:
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id)


def _count(model, **where) -> int:
    query = select(func.count(model.id))
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


# --- supports -------------------------------------------------------------------------


def test_support_once_then_a_second_support_is_a_no_op_with_a_message(client):
    proposal = factories.create_proposal()
    user = factories.create_user()
    sign_in(client, user)
    english(client)
    response = client.post(f"/proposte/{proposal.id}/sostieni", follow_redirects=True)
    assert "you now support this proposal" in response.get_data(as_text=True)
    response = client.post(f"/proposte/{proposal.id}/sostieni", follow_redirects=True)
    assert response.status_code == 200
    assert "You already support this proposal." in response.get_data(as_text=True)
    assert _count(Support, proposal_id=proposal.id) == 1
    assert _reload(proposal).supports_count == 1


def test_unsupport_removes_the_support_and_decrements_the_counter(client):
    proposal = factories.create_proposal()
    user = factories.create_user()
    sign_in(client, user)
    client.post(f"/proposte/{proposal.id}/sostieni")
    assert _reload(proposal).supports_count == 1
    assert client.post(f"/proposte/{proposal.id}/ritira-sostegno").status_code == 302
    assert _reload(proposal).supports_count == 0
    assert _count(Support, proposal_id=proposal.id) == 0
    # Taking back a support one does not have changes nothing.
    client.post(f"/proposte/{proposal.id}/ritira-sostegno")
    assert _reload(proposal).supports_count == 0


def test_counter_is_exact_over_many_supporters(client):
    proposal = factories.create_proposal()
    users = [factories.create_user() for _ in range(4)]
    for user in users:
        sign_in(client, user)
        client.post(f"/proposte/{proposal.id}/sostieni")
        client.post(f"/proposte/{proposal.id}/sostieni")
    sign_in(client, users[0])
    client.post(f"/proposte/{proposal.id}/ritira-sostegno")
    assert _reload(proposal).supports_count == 3 == _count(Support, proposal_id=proposal.id)


def test_database_refuses_a_duplicate_support(app):
    proposal = factories.create_proposal()
    user = factories.create_user()
    factories.create_support(proposal, user)
    db.session.add(
        Support(proposal_id=proposal.id, user_id=user.id, actor_type_id=factories.actor_type("cittadino").id)
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_support_race_on_the_unique_constraint_is_answered_as_already_supported(app, monkeypatch):
    proposal = factories.create_proposal()
    user = factories.create_user()
    factories.create_support(proposal, user)
    # The check misses the concurrent insert: the savepoint catches the IntegrityError.
    monkeypatch.setattr(community.queries, "get_support", lambda proposal, user: None)
    assert community.support_proposal(user, proposal) is False
    db.session.commit()
    assert _reload(proposal).supports_count == 1


def test_author_may_not_support_own_proposal(client):
    author = factories.create_user()
    proposal = factories.create_proposal(author=author)
    sign_in(client, author)
    english(client)
    response = client.post(f"/proposte/{proposal.id}/sostieni", follow_redirects=True)
    assert "You cannot support your own proposal." in response.get_data(as_text=True)
    assert _reload(proposal).supports_count == 0


def test_support_needs_a_confirmed_account_and_a_published_proposal(client):
    proposal = factories.create_proposal()
    assert client.post(f"/proposte/{proposal.id}/sostieni").status_code == 302  # to login
    sign_in(client, factories.create_user(confirmed=False))
    assert client.post(f"/proposte/{proposal.id}/sostieni").status_code == 403
    author = factories.create_user()
    draft = factories.create_proposal(author=author, state="submitted")
    sign_in(client, factories.create_user(roles=["moderator"]))
    assert client.post(f"/proposte/{draft.id}/sostieni").status_code == 403
    assert _count(Support) == 0


def test_representative_supports_on_behalf_of_an_entity_once(client):
    proposal = factories.create_proposal()
    organisation = factories.create_organisation(actor_type_code="sindacato")
    first, second = factories.create_user(), factories.create_user()
    factories.create_representative(user=first, organisation=organisation)
    factories.create_representative(user=second, organisation=organisation)
    sign_in(client, first)
    english(client)
    assert organisation.name in client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    client.post(f"/proposte/{proposal.id}/sostieni", data={"on_behalf": f"organisation:{organisation.id}"})
    support = db.session.scalars(select(Support)).one()
    assert support.organisation_id == organisation.id
    assert support.actor_type.code == "sindacato"

    sign_in(client, second)
    response = client.post(
        f"/proposte/{proposal.id}/sostieni",
        data={"on_behalf": f"organisation:{organisation.id}"},
        follow_redirects=True,
    )
    assert "already supports this proposal" in response.get_data(as_text=True)
    assert _reload(proposal).supports_count == 1


def test_supports_are_split_by_actor_type_on_the_page(client):
    proposal = factories.create_proposal()
    for _ in range(2):
        factories.create_support(proposal)
    factories.create_support(proposal, actor_type_id=factories.actor_type("comune").id)
    english(client)
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "3 people and organisations support this proposal." in page
    assert '<th scope="row">Cittadino</th><td>2</td>' in page
    assert '<th scope="row">Comune</th><td>1</td>' in page


# --- comments -------------------------------------------------------------------------


def test_comment_is_sanitised_stored_and_shown_escaped(client):
    proposal = factories.create_proposal()
    sign_in(client, factories.create_user())
    response = client.post(
        f"/proposte/{proposal.id}/commenti",
        data={"body": "Ottima idea <script>alert(1)</script> davvero", "submission_token": "c1"},
    )
    assert response.status_code == 302
    comment = db.session.scalars(select(Comment)).one()
    assert "<script" not in comment.body
    assert "Ottima idea" in comment.body and "davvero" in comment.body
    assert _reload(proposal).comments_count == 1
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "Ottima idea" in page


def test_markup_left_after_cleaning_is_escaped_on_the_page(client):
    proposal = factories.create_proposal()
    factories.create_comment(proposal, body="a <b>grassetto</b> & <img src=x onerror=alert(1)>")
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "<b>grassetto</b>" not in page
    assert "<img src=x" not in page
    assert "&lt;b&gt;grassetto&lt;/b&gt; &amp;" in page


@pytest.mark.parametrize("body", ["", "x", "y" * 5001])
def test_comment_length_is_checked_and_nothing_is_stored(client, body):
    proposal = factories.create_proposal()
    sign_in(client, factories.create_user())
    english(client)
    response = client.post(f"/proposte/{proposal.id}/commenti", data={"body": body})
    assert response.status_code == 422
    assert "There is a problem" in response.get_data(as_text=True)
    assert _count(Comment) == 0
    assert _reload(proposal).comments_count == 0


def test_reply_to_a_reply_attaches_to_the_top_level_comment(client):
    proposal = factories.create_proposal()
    top = factories.create_comment(proposal, body="Commento principale")
    sign_in(client, factories.create_user())
    client.post(f"/proposte/{proposal.id}/commenti", data={"body": "Prima risposta", "parent_id": top.id})
    reply = db.session.scalar(select(Comment).where(Comment.body == "Prima risposta"))
    assert reply.parent_id == top.id
    client.post(
        f"/proposte/{proposal.id}/commenti", data={"body": "Risposta alla risposta", "parent_id": reply.id}
    )
    nested = db.session.scalar(select(Comment).where(Comment.body == "Risposta alla risposta"))
    assert nested.parent_id == top.id
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert (
        page.index("Commento principale")
        < page.index("Prima risposta")
        < page.index("Risposta alla risposta")
    )


def test_reply_to_a_comment_of_another_proposal_is_refused(client):
    proposal = factories.create_proposal()
    elsewhere = factories.create_comment(factories.create_proposal())
    sign_in(client, factories.create_user())
    response = client.post(
        f"/proposte/{proposal.id}/commenti", data={"body": "Risposta", "parent_id": elsewhere.id}
    )
    assert response.status_code == 422
    assert _count(Comment, proposal_id=proposal.id) == 0


def test_comment_double_submit_makes_one_comment(client):
    proposal = factories.create_proposal()
    sign_in(client, factories.create_user())
    data = {"body": "Commento inviato due volte", "submission_token": "same-token"}
    client.post(f"/proposte/{proposal.id}/commenti", data=data)
    client.post(f"/proposte/{proposal.id}/commenti", data=data)
    assert _count(Comment) == 1
    assert _reload(proposal).comments_count == 1


def test_comment_on_behalf_of_a_comune(client):
    proposal = factories.create_proposal()
    user = factories.create_user()
    rho = factories.comune("Rho")
    factories.create_representative(user=user, comune=rho)
    sign_in(client, user)
    client.post(
        f"/proposte/{proposal.id}/commenti",
        data={"body": "Il comune è favorevole.", "on_behalf": f"comune:{rho.id}"},
    )
    comment = db.session.scalars(select(Comment)).one()
    assert comment.on_behalf_comune_id == rho.id
    assert "Comune di Rho" in client.get(f"/proposte/{proposal.id}").get_data(as_text=True)


def test_comments_need_a_confirmed_account(client):
    proposal = factories.create_proposal()
    sign_in(client, factories.create_user(confirmed=False))
    assert client.post(f"/proposte/{proposal.id}/commenti", data={"body": "Ciao a tutti"}).status_code == 403
    assert _count(Comment) == 0


def test_hidden_comment_shows_a_placeholder_to_others(client):
    proposal = factories.create_proposal()
    author = factories.create_user()
    factories.create_comment(proposal, author=author, body="Testo offensivo nascosto", state="hidden")
    english(client)
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "Comment hidden by a moderator." in page
    assert "Testo offensivo nascosto" not in page
    sign_in(client, factories.create_user(roles=["moderator"]))
    assert "Testo offensivo nascosto" in client.get(f"/proposte/{proposal.id}").get_data(as_text=True)


# --- flags ----------------------------------------------------------------------------


def test_flag_a_proposal_once_per_user(client):
    proposal = factories.create_proposal()
    sign_in(client, factories.create_user())
    english(client)
    assert client.get(f"/proposte/{proposal.id}/segnala").status_code == 200
    data = {"reason": "spam", "details": "Pubblicità <b>nascosta</b>"}
    response = client.post(f"/proposte/{proposal.id}/segnala", data=data, follow_redirects=True)
    assert "the moderators will look at your report" in response.get_data(as_text=True)
    response = client.post(f"/proposte/{proposal.id}/segnala", data=data, follow_redirects=True)
    assert "You have already reported this." in response.get_data(as_text=True)
    flag = db.session.scalars(select(Flag)).one()
    assert flag.status == "open" and flag.comment_id is None and flag.reason == "spam"
    assert "<b>" not in flag.details


def test_flag_a_comment_once_per_user_and_separately_from_its_proposal(client):
    proposal = factories.create_proposal()
    comment = factories.create_comment(proposal)
    sign_in(client, factories.create_user())
    client.post(f"/proposte/{proposal.id}/segnala", data={"reason": "off_topic"})
    client.post(f"/commenti/{comment.id}/segnala", data={"reason": "offensive"})
    client.post(f"/commenti/{comment.id}/segnala", data={"reason": "offensive"})
    assert _count(Flag) == 2
    assert _count(Flag, comment_id=comment.id) == 1


def test_flag_with_an_unknown_reason_is_refused(client):
    proposal = factories.create_proposal()
    sign_in(client, factories.create_user())
    response = client.post(f"/proposte/{proposal.id}/segnala", data={"reason": "whatever"})
    assert response.status_code == 422
    assert _count(Flag) == 0


def test_flags_need_a_confirmed_account(client):
    proposal = factories.create_proposal()
    comment = factories.create_comment(proposal)
    sign_in(client, factories.create_user(confirmed=False))
    assert client.post(f"/proposte/{proposal.id}/segnala", data={"reason": "spam"}).status_code == 403
    assert client.post(f"/commenti/{comment.id}/segnala", data={"reason": "spam"}).status_code == 403
    assert _count(Flag) == 0


def test_forms_on_the_page_carry_a_working_csrf_token(csrf_app):
    client = csrf_app.test_client()
    proposal = factories.create_proposal()
    sign_in(client, factories.create_user())
    assert client.post(f"/proposte/{proposal.id}/sostieni").status_code == 400
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(f"/proposte/{proposal.id}/sostieni", data={"csrf_token": token})
    assert response.status_code == 302
    assert _reload(proposal).supports_count == 1


def test_the_database_refuses_a_second_report_on_the_same_proposal_by_the_same_person(app):
    """Even if two requests pass the service's check at once, only one report is stored."""
    proposal = factories.create_proposal()
    reporter = factories.create_user()
    factories.create_flag(proposal, reporter=reporter)
    db.session.add(Flag(reporter_id=reporter.id, proposal_id=proposal.id, reason="spam"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
