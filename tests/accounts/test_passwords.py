"""Issue 13, finding 11: common and context-specific passwords are refused (zxcvbn and
our own rules, app/accounts/passwords.py) with a message in the person's language."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts import tokens
from app.accounts.models import User
from app.demo.content import DEMO_PASSWORD  # its accounts are loaded directly (tests/demo)
from app.extensions import db
from tests.accounts.helpers import english, user_by_email
from tests.factories import PASSWORD, create_user, login

FORM = {"email": "mario.bianchi@example.org", "display_name": "Mario Bianchi", "accept_privacy": "y"}


def _register(client, password: str):
    return client.post(
        "/account/registrati", data={**FORM, "password": password, "password_confirm": password}
    )


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Password1!", "too common"),
        ("Milano2026!", "name of this site or of the city"),
        ("qwertyuiop1", "too common"),
        (DEMO_PASSWORD, "name of this site or of the city"),
        ("Forum-della-citta", "name of this site or of the city"),
        ("M3tropolitana-77", "name of this site or of the city"),
        ("Mario-Bianchi-1980", "your e-mail address or your name"),
        ("bianchi.verde.2026", "your e-mail address or your name"),
        ("mario.bianchi@example.org", "your e-mail address or your name"),
        ("iloveyou2024", "too easy to guess"),
        ("Juventus1897", "too easy to guess"),
        ("asdfghjkl123", "too easy to guess"),
    ],
)
def test_weak_passwords_are_refused_with_a_helpful_message(client, password, reason):
    english(client)
    response = _register(client, password)
    assert response.status_code == 422, password
    page = response.get_data(as_text=True)
    assert 'id="password-error"' in page and reason in page, password
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize("password", [PASSWORD, "tramonto-arancio-sul-naviglio", "Giraffa-violino-48"])
def test_strong_passwords_are_accepted(client, password):
    assert _register(client, password).status_code == 302
    assert user_by_email(FORM["email"]) is not None


def test_the_message_is_in_italian_for_an_italian_visitor(client):
    page = _register(client, "Password1!").get_data(as_text=True)
    assert "troppo comune" in page


def test_the_reset_and_change_forms_refuse_weak_passwords_too(app, client):
    user = create_user(display_name="Lucia Neri")
    english(client)
    path = f"/account/nuova-password/{tokens.make_token(user, 'reset')}"
    weak = {"password": "Lucia-Neri-2026", "password_confirm": "Lucia-Neri-2026"}
    response = client.post(path, data=weak)
    assert response.status_code == 422 and "your name" in response.get_data(as_text=True)
    login(client, user)
    response = client.post("/account/password", data={"current_password": PASSWORD, **weak})
    assert response.status_code == 422 and "your name" in response.get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": "Milano2026!", "password_confirm": "Milano2026!"},
    )
    assert response.status_code == 422
