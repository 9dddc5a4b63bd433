"""Only moderators (and admins) reach the moderation pages."""

import pytest

from tests.factories import create_comment, create_flag, create_proposal, create_user
from tests.moderation.conftest import reload, sign_in


@pytest.fixture
def targets():
    proposal = create_proposal(state="submitted")
    published = create_proposal(state="published")
    comment = create_comment(published)
    flag = create_flag(published)
    return proposal, comment, flag


def _urls(targets):
    proposal, comment, flag = targets
    gets = [
        "/moderazione/",
        f"/moderazione/proposte/{proposal.id}",
        f"/moderazione/commenti/{comment.id}",
        f"/moderazione/segnalazioni/{flag.id}",
    ]
    posts = [
        (f"/moderazione/proposte/{proposal.id}/{slug}", {"expected_state": "submitted", "reason": "x"})
        for slug in ("pubblica", "rifiuta", "richiedi-modifiche", "nascondi", "ripristina", "duplicato")
    ] + [
        (f"/moderazione/commenti/{comment.id}/nascondi", {"reason": "x"}),
        (f"/moderazione/commenti/{comment.id}/ripristina", {}),
        (f"/moderazione/segnalazioni/{flag.id}/accogli", {}),
        (f"/moderazione/segnalazioni/{flag.id}/respingi", {"note": "x"}),
    ]
    return gets, posts


def test_anonymous_visitors_are_sent_to_the_login_page(client, targets):
    gets, posts = _urls(targets)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/account/accedi" in response.headers["Location"], url
    for url, data in posts:
        response = client.post(url, data=data)
        assert response.status_code == 302, url
        assert "/account/accedi" in response.headers["Location"], url
    assert reload(targets[0]).state == "submitted"


def test_citizens_get_403_on_every_moderation_url_and_change_nothing(client, targets):
    sign_in(client, create_user())
    gets, posts = _urls(targets)
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url, data in posts:
        assert client.post(url, data=data).status_code == 403, url
    proposal, comment, flag = targets
    assert reload(proposal).state == "submitted"
    assert reload(comment).state == "published"
    assert reload(flag).status == "open"


def test_citizens_do_not_see_the_moderation_link(client, targets):
    sign_in(client, create_user())
    page = client.get("/").get_data(as_text=True)
    assert "/moderazione/" not in page


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_and_admins_reach_every_page(client, targets, role):
    sign_in(client, create_user(roles=[role]))
    gets, _ = _urls(targets)
    for url in gets:
        assert client.get(url).status_code == 200, url


def test_an_unknown_proposal_or_decision_is_404(client, targets):
    sign_in(client, create_user(roles=["moderator"]))
    proposal = targets[0]
    assert client.get("/moderazione/proposte/999999").status_code == 404
    response = client.post(f"/moderazione/proposte/{proposal.id}/cancella", data={})
    assert response.status_code == 404
    assert reload(proposal).state == "submitted"
