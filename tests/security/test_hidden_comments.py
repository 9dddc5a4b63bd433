"""A hidden comment is hidden everywhere except to moderators and its author (issue 13,
finding 2): its report page answered its text to any confirmed user, and the proposal page
carried its id and anchor."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app import policy
from app.extensions import db
from app.proposals.models import Comment, Flag
from tests.factories import create_comment, create_proposal, create_user
from tests.proposals.helpers import sign_in

SECRET = "Chiamami al 333 1234567"


@pytest.fixture
def thread(app):
    proposal = create_proposal(title="Una proposta commentata")
    author = create_user(display_name="Autore del commento")
    hidden = create_comment(
        proposal, author=author, body=SECRET, state="hidden", hidden_reason="Dati personali"
    )
    reply = create_comment(proposal, body="Una risposta visibile", parent_id=hidden.id)
    visible = create_comment(proposal, body="Un commento visibile")
    return {"proposal": proposal, "author": author, "hidden": hidden, "reply": reply, "visible": visible}


def _flags() -> int:
    return db.session.scalar(select(func.count(Flag.id)))


@pytest.mark.parametrize("viewer", ["citizen", "analyst", "admin-less coordinator"])
def test_a_hidden_comment_cannot_be_read_or_reported_through_its_report_page(client, thread, viewer):
    roles = {"citizen": [], "analyst": ["analyst"], "admin-less coordinator": ["zone_coordinator"]}[viewer]
    sign_in(client, create_user(roles=roles))
    hidden = thread["hidden"]
    response = client.get(f"/commenti/{hidden.id}/segnala")
    assert response.status_code == 404
    assert SECRET not in response.get_data(as_text=True)
    assert client.post(f"/commenti/{hidden.id}/segnala", data={"reason": "spam"}).status_code == 404
    assert _flags() == 0
    # A visible comment can still be reported.
    assert client.get(f"/commenti/{thread['visible'].id}/segnala").status_code == 200


@pytest.mark.parametrize("viewer", ["anonymous", "citizen"])
def test_the_proposal_page_carries_no_id_anchor_or_text_of_a_hidden_comment(client, thread, viewer):
    if viewer == "citizen":
        sign_in(client, create_user())
    page = client.get(f"/proposte/{thread['proposal'].id}").get_data(as_text=True)
    hidden_id = thread["hidden"].id
    assert SECRET not in page and "Dati personali" not in page and "Autore del commento" not in page
    assert f"comment-{hidden_id}" not in page
    assert f"/commenti/{hidden_id}/" not in page
    assert not re.search(rf'value="{hidden_id}"|reply-{hidden_id}\b', page)
    assert "Comment hidden by a moderator." in page or "Commento nascosto da un moderatore." in page
    # The visible reply stays, under the placeholder.
    assert "Una risposta visibile" in page and f"comment-{thread['reply'].id}" in page


@pytest.mark.parametrize("viewer", ["author", "moderator"])
def test_the_author_and_the_moderators_still_see_a_hidden_comment(client, thread, viewer):
    user = thread["author"] if viewer == "author" else create_user(roles=["moderator"])
    sign_in(client, user)
    page = client.get(f"/proposte/{thread['proposal'].id}").get_data(as_text=True)
    assert SECRET in page and f'id="comment-{thread["hidden"].id}"' in page
    # It cannot be reported while hidden (it is already out of public view).
    assert client.get(f"/commenti/{thread['hidden'].id}/segnala").status_code == 403


def test_replying_to_a_hidden_comment_is_refused(client, thread):
    sign_in(client, create_user())
    before = db.session.scalar(select(func.count(Comment.id)))
    response = client.post(
        f"/proposte/{thread['proposal'].id}/commenti",
        data={"body": "Rispondo al commento nascosto", "parent_id": str(thread["hidden"].id)},
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Comment.id))) == before


def test_the_rule_lives_in_the_policy(thread):
    hidden, visible = thread["hidden"], thread["visible"]
    assert policy.can(None, "comment.view", visible)
    assert not policy.can(None, "comment.view", hidden)
    assert not policy.can(create_user(), "comment.view", hidden)
    assert policy.can(thread["author"], "comment.view", hidden)
    assert policy.can(create_user(roles=["moderator"]), "comment.view", hidden)
    assert not policy.can(thread["author"], "comment.flag", hidden)


def test_no_open_data_resource_or_download_carries_a_hidden_comment(client, thread):
    for resource in ("consultations", "proposals", "themes", "memberships", "answers"):
        for suffix in ("", ".csv"):
            body = client.get(f"/api/{resource}{suffix}").get_data(as_text=True)
            assert SECRET not in body, resource
