"""Issue 13, finding 8: logging out ends the login on the server, so a copied session or
"remember me" cookie stops working; "remember me" lasts at most 30 days and is revocable."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parsedate_to_datetime

from sqlalchemy import func, select, update

from app.accounts.models import UserSession
from app.extensions import db
from app.models_base import utcnow
from tests.factories import PASSWORD, create_user, login

PROFILE = "/account/profilo"


def _copy(app, client, name: str):
    """Another browser holding only a copy of ``client``'s cookie ``name``."""
    thief = app.test_client()
    thief.set_cookie(name, client.get_cookie(name).value, domain="localhost")
    return thief


def _remembered_login(client, user):
    return client.post("/account/accedi", data={"email": user.email, "password": PASSWORD, "remember": "y"})


def test_a_copied_session_cookie_stops_working_after_logout(app, client):
    user = create_user()
    login(client, user)
    thief = _copy(app, client, "session")
    assert thief.get(PROFILE).status_code == 200  # the copy works while the login lasts
    assert client.post("/account/esci").status_code == 302
    assert thief.get(PROFILE).status_code == 302
    assert client.get(PROFILE).status_code == 302


def test_a_copied_remember_me_cookie_stops_working_after_logout(app, client):
    user = create_user()
    _remembered_login(client, user)
    thief = _copy(app, client, "remember_token")
    assert thief.get(PROFILE).status_code == 200  # logged in from the cookie alone
    client.post("/account/esci")
    assert thief.get(PROFILE).status_code == 302  # its session came from the ended login
    fresh_thief = app.test_client()
    fresh_thief.set_cookie("remember_token", thief.get_cookie("remember_token").value, domain="localhost")
    assert fresh_thief.get(PROFILE).status_code == 302


def test_logging_out_ends_only_this_login(app):
    user = create_user()
    phone, laptop = app.test_client(), app.test_client()
    login(phone, user)
    login(laptop, user)
    laptop.post("/account/esci")
    assert phone.get(PROFILE).status_code == 200
    assert laptop.get(PROFILE).status_code == 302


def test_remember_me_lasts_thirty_days_at_most(app, client):
    user = create_user()
    response = _remembered_login(client, user)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    expires = parsedate_to_datetime(cookie.split("Expires=", 1)[1].split(";", 1)[0])
    assert timedelta(days=29) < expires - utcnow() <= timedelta(days=30, minutes=1)
    row = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).one()
    assert row.is_remembered
    assert timedelta(days=29) < row.expires_at - utcnow() <= timedelta(days=30, minutes=1)


def test_an_expired_login_no_longer_works_even_with_its_cookies(app, client):
    user = create_user()
    _remembered_login(client, user)
    db.session.execute(update(UserSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert client.get(PROFILE).status_code == 302
    assert _copy(app, client, "remember_token").get(PROFILE).status_code == 302


def test_remember_me_is_revoked_by_logging_out_everywhere(app, client):
    user = create_user()
    _remembered_login(client, user)
    other = app.test_client()
    _remembered_login(other, user)
    remembered = _copy(app, other, "remember_token")
    client.post("/account/esci-ovunque")
    assert remembered.get(PROFILE).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_the_server_keeps_only_a_digest_of_the_login_key(client):
    user = create_user()
    login(client, user)
    with client.session_transaction() as session:
        key = session["_user_id"].rsplit(":", 1)[1]
    stored = db.session.scalars(select(UserSession.key_digest)).all()
    assert len(stored) == 1 and key not in stored[0] and len(stored[0]) == 64
