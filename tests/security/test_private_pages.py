"""Issue 13, finding 14: personal pages are never kept by shared caches, another site
cannot change a logged-in person's saved language, and logging out clears the drafts
kept in the browser (the browser side: tests/e2e/test_logout_drafts.py)."""

from __future__ import annotations

import pytest

from app.accounts.models import User
from app.extensions import db
from tests.factories import PASSWORD, create_user, login


def test_a_page_for_a_remember_me_only_visitor_is_private(app, client):
    user = create_user()
    client.post("/account/accedi", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    returning = app.test_client()  # the browser was closed: only the remember-me cookie is left
    returning.set_cookie("remember_token", client.get_cookie("remember_token").value, domain="localhost")
    assert returning.get_cookie("session") is None
    for path in ("/", "/consultazioni/", "/account/profilo"):
        response = returning.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "private, no-store", path
        assert response.headers.get("X-Cache") != "hit", path


def test_a_visitors_public_page_stays_cacheable(client):
    response = client.get("/")
    assert "no-store" not in response.headers.get("Cache-Control", "")


def _saved_locale(user) -> str | None:
    db.session.expire_all()
    return db.session.get(User, user.id).locale


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Referer": "https://evil.example/pagina"},
        {},  # nothing tells where the request came from: not saved
    ],
)
def test_a_cross_site_language_link_sets_the_cookie_but_not_the_profile(client, headers):
    user = create_user(locale="it")
    login(client, user)
    response = client.get("/lingua/en", headers=headers)
    assert response.status_code == 302
    assert response.headers["Set-Cookie"].startswith("forum_locale=en;")
    assert _saved_locale(user) == "it"


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed in the address bar, or a bookmark
        {"Referer": "http://localhost/consultazioni/"},
        {"Origin": "http://localhost"},
    ],
)
def test_the_language_switch_on_our_pages_saves_the_profile(client, headers):
    user = create_user(locale="it")
    login(client, user)
    client.get("/lingua/en", headers=headers)
    assert _saved_locale(user) == "en"


def test_logging_out_asks_the_browser_to_clear_the_drafts(client):
    login(client, create_user())
    response = client.post("/account/esci")
    assert response.headers["Clear-Site-Data"] == '"storage"'
    after = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "/static/js/forget-drafts.js" in after
    assert "/static/js/forget-drafts.js" not in client.get("/").get_data(as_text=True)  # once only


def test_logging_out_everywhere_clears_them_too(client):
    login(client, create_user())
    response = client.post("/account/esci-ovunque")
    assert response.headers["Clear-Site-Data"] == '"storage"'
    assert "/static/js/forget-drafts.js" in client.get(response.headers["Location"]).get_data(as_text=True)
