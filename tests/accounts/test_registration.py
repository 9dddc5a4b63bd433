"""Registration, e-mail confirmation and its tokens."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts import tokens
from app.accounts.models import User
from app.extensions import db
from tests.accounts.helpers import body_of, english, link_in, user_by_email
from tests.factories import PASSWORD, create_user

GOOD = {
    "email": "  Giulia.Rossi@Example.org ",
    "display_name": "Giulia R.",
    "password": PASSWORD,
    "password_confirm": PASSWORD,
    "accept_privacy": "y",
}


def _count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_register_confirm_by_email_link_then_log_in(client, mailbox):
    response = client.post("/account/registrati", data=GOOD)
    assert response.status_code == 302
    user = user_by_email("giulia.rossi@example.org")
    assert user is not None and not user.is_confirmed
    assert user.password_hash.startswith("scrypt:")

    messages = mailbox(1)
    assert len(messages) == 1
    assert messages[0]["To"] == "giulia.rossi@example.org"
    path = link_in(messages[0])
    assert path.startswith("/account/conferma/")

    assert client.get(path).status_code == 302
    assert user_by_email("giulia.rossi@example.org").is_confirmed

    response = client.post(
        "/account/accedi", data={"email": "GIULIA.ROSSI@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/account/profilo").status_code == 200


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password": "corta1", "password_confirm": "corta1"}, "password", "at least 10 characters"),
        ({"password": "12345678901", "password_confirm": "12345678901"}, "password", "only digits"),
        ({"password": "qwertyuiop", "password_confirm": "qwertyuiop"}, "password", "too common"),
        (
            {"password": "giulia.rossi@example.org", "password_confirm": "giulia.rossi@example.org"},
            "password",
            "your e-mail address or your name",
        ),
        ({"password_confirm": "Altra-password-lunga"}, "password_confirm", "two passwords are different"),
        ({"email": "non-una-email"}, "email", "valid e-mail address"),
        ({"display_name": "<b></b>"}, "display_name", "between 2 and 80"),
    ],
)
def test_bad_registration_gives_a_field_message_and_creates_nothing(client, mailbox, changes, field, message):
    english(client)
    before = _count_users()
    response = client.post("/account/registrati", data={**GOOD, **changes})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert message in page
    assert _count_users() == before
    assert mailbox(0, timeout=0.2) == []


def test_confirmation_link_works_once(client):
    user = create_user(confirmed=False)
    path = f"/account/conferma/{tokens.make_token(user, 'confirm')}"
    assert client.get(path).status_code == 302
    assert user_by_email(user.email).is_confirmed
    english(client)
    again = client.get(path)
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)


def test_tampered_or_wrong_purpose_token_is_refused(client):
    user = create_user(confirmed=False)
    token = tokens.make_token(user, "confirm")
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.get(f"/account/conferma/{tampered}").status_code == 400
    reset_token = tokens.make_token(user, "reset")
    assert client.get(f"/account/conferma/{reset_token}").status_code == 400
    assert not user_by_email(user.email).is_confirmed


def test_expired_token_is_refused(app, client):
    user = create_user(confirmed=False)
    token = tokens.make_token(user, "confirm")
    # A negative age limit makes a token issued this very second already too old.
    app.config["CONFIRM_TOKEN_MAX_AGE"] = -1
    english(client)
    response = client.get(f"/account/conferma/{token}")
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert not user_by_email(user.email).is_confirmed


def test_resend_confirmation_answers_the_same_for_unknown_addresses(client, mailbox):
    user = create_user(confirmed=False)
    known = client.post("/account/conferma-di-nuovo", data={"email": user.email})
    unknown = client.post("/account/conferma-di-nuovo", data={"email": "nessuno@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    messages = mailbox(1)
    assert len(messages) == 1 and messages[0]["To"] == user.email
    assert client.get(link_in(messages[0])).status_code == 302
    assert user_by_email(user.email).is_confirmed


def test_password_reset_by_email_link(client, mailbox):
    user = create_user()
    english(client)
    known = client.post("/account/password-dimenticata", data={"email": user.email.upper()})
    unknown = client.post("/account/password-dimenticata", data={"email": "nessuno@example.org"})
    assert known.status_code == unknown.status_code == 302
    messages = mailbox(2)
    [message] = [m for m in messages if m["To"] == user.email]
    assert "new password" in body_of(message)
    path = link_in(message)
    assert client.get(path).status_code == 200

    weak = client.post(path, data={"password": "1234567890", "password_confirm": "1234567890"})
    assert weak.status_code == 422
    new = "Un-altra-password-sicura"
    assert client.post(path, data={"password": new, "password_confirm": new}).status_code == 302
    # The link is single use.
    assert client.post(path, data={"password": new, "password_confirm": new}).status_code == 400
    assert client.post("/account/accedi", data={"email": user.email, "password": PASSWORD}).status_code == 401
    assert client.post("/account/accedi", data={"email": user.email, "password": new}).status_code == 302
