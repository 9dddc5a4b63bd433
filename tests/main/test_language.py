"""The language switch: plain links, remembered in a cookie of its own (and on the profile)."""

from __future__ import annotations

import re

import pytest

from app.accounts.models import User
from app.extensions import db
from tests.factories import create_user, login


def lang_of(client, path: str = "/", **kwargs) -> str:
    page = client.get(path, **kwargs).get_data(as_text=True)
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def test_italian_by_default_and_the_browser_language_is_honoured(client):
    assert lang_of(client) == "it"
    assert lang_of(client, headers={"Accept-Language": "en-GB,en;q=0.9"}) == "en"
    assert lang_of(client, headers={"Accept-Language": "de-DE"}) == "it"


def test_the_choice_is_remembered_across_requests_without_a_session(client):
    response = client.get("/lingua/en?next=/consultazioni/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/consultazioni/"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("forum_locale=en;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "session=" not in " ".join(response.headers.getlist("Set-Cookie"))
    assert lang_of(client) == "en"
    assert lang_of(client, "/consultazioni/") == "en"
    # The explicit choice wins over what the browser asks for.
    assert lang_of(client, headers={"Accept-Language": "it"}) == "en"


def test_anonymous_pages_carry_no_session_and_no_csrf_token(client):
    client.get("/lingua/en")
    response = client.get("/")
    assert client.get_cookie("session") is None
    assert "Set-Cookie" not in response.headers
    assert "csrf_token" not in response.get_data(as_text=True)
    assert "Accept-Language" in response.headers["Vary"]


def test_the_cookie_is_secure_behind_https(app, client):
    app.config["FORCE_HTTPS"] = True
    response = client.get("/lingua/en", base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_logged_in_choice_is_saved_on_the_profile(client):
    user = create_user(email="lingua@example.org")
    login(client, user)
    client.get("/lingua/en", headers={"Sec-Fetch-Site": "same-origin"})  # the switch on our pages
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"
    # Another browser, without the cookie, gets the profile's language once logged in.
    other = client.application.test_client()
    login(other, user)
    assert lang_of(other, "/account/profilo") == "en"


def test_the_choice_survives_login_and_logout(client):
    user = create_user(email="sempre@example.org")
    client.get("/lingua/en")
    login(client, user)
    assert lang_of(client, "/account/profilo") == "en"
    client.post("/account/esci")
    assert lang_of(client) == "en"


def test_a_new_account_keeps_the_language_chosen_before_registering(client):
    client.get("/lingua/en")
    client.post(
        "/account/registrati",
        data={
            "email": "nuova@example.org",
            "display_name": "Nuova",
            "password": "Una-password-lunga-2026",
            "password_confirm": "Una-password-lunga-2026",
            "accept_privacy": "y",
        },
    )
    db.session.expire_all()
    user = db.session.query(User).filter_by(email="nuova@example.org").one()
    assert user.locale == "en"


def test_an_unknown_language_changes_nothing(client):
    client.get("/lingua/en")
    response = client.get("/lingua/xx?next=/")
    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers
    assert lang_of(client) == "en"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", ""],
)
def test_the_switch_refuses_open_redirects(client, target):
    response = client.get("/lingua/en", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def language_links(page: str) -> dict[str, str]:
    """The <a> tags of the language switch, by language."""
    return {
        code: tag
        for tag in re.findall(r"<a [^>]*hreflang=[^>]*>", page)
        for code in [tag.split('hreflang="')[1][:2]]
    }


def test_every_page_links_both_languages_with_lang_and_hreflang(client):
    links = language_links(client.get("/consultazioni/?q=mobilità").get_data(as_text=True))
    assert set(links) == {"it", "en"}
    assert 'lang="it"' in links["it"] and 'aria-current="true"' in links["it"]
    assert 'lang="en"' in links["en"] and "aria-current" not in links["en"]
    assert 'href="/lingua/en?next=/consultazioni/?q%3Dmobilit' in links["en"]
