"""Issue 13, finding 10: the registration and forgot-password forms do not tell who has an
account, neither by their answer nor by their time; the mails go through the outbox."""

from __future__ import annotations

import socket
import time

from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from app.notifications import dispatch
from app.notifications.dispatch import wait_for_deliveries
from app.notifications.models import Notification
from tests.accounts.helpers import body_of, english, link_in, user_by_email
from tests.factories import PASSWORD, create_user

FORM = {"display_name": "Qualcuno", "password": PASSWORD, "password_confirm": PASSWORD, "accept_privacy": "y"}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _answer(response) -> tuple:
    return response.status_code, response.headers.get("Location"), response.get_data(as_text=True)


def test_registering_a_known_address_answers_like_a_new_one_and_mails_its_owner(client, mailbox):
    owner = create_user(email="giulia@example.org", display_name="Giulia")
    password_before = owner.password_hash
    english(client)
    known = client.post("/account/registrati", data={**FORM, "email": "GIULIA@example.org"})
    new = client.post("/account/registrati", data={**FORM, "email": "nuovo@example.org"})
    assert _answer(known) == _answer(new)
    assert known.status_code == 302 and known.headers["Location"].endswith("/account/controlla-email")
    page = client.get(known.headers["Location"]).get_data(as_text=True)
    assert "already" not in page

    messages = {m["To"]: m for m in mailbox(2)}
    warning = body_of(messages["giulia@example.org"])
    assert "tried to register" in warning and "No new account was created" in warning
    assert (
        "http://localhost/account/accedi" in warning
        and "http://localhost/account/password-dimenticata" in warning
    )
    assert "/account/conferma/" not in warning
    assert link_in(messages["nuovo@example.org"]).startswith("/account/conferma/")
    # Nothing changed on the existing account; one new account for the new address.
    assert user_by_email("giulia@example.org").password_hash == password_before
    assert user_by_email("giulia@example.org").display_name == "Giulia"
    assert _count(User) == 2


def test_registering_again_an_unconfirmed_address_sends_its_confirmation_link(client, mailbox):
    create_user(email="distratta@example.org", confirmed=False)
    response = client.post("/account/registrati", data={**FORM, "email": "distratta@example.org"})
    assert response.status_code == 302
    [message] = mailbox(1)
    assert client.get(link_in(message)).status_code == 302
    assert user_by_email("distratta@example.org").is_confirmed


def test_a_weak_password_is_refused_the_same_way_for_a_known_address(client):
    create_user(email="giulia@example.org")
    weak = {**FORM, "password": "Password1!", "password_confirm": "Password1!"}
    english(client)
    known = client.post("/account/registrati", data={**weak, "email": "giulia@example.org"})
    new = client.post("/account/registrati", data={**weak, "email": "nuovo@example.org"})
    assert known.status_code == new.status_code == 422
    assert "already" not in known.get_data(as_text=True)


def test_forgot_password_does_the_same_work_for_known_and_unknown_addresses(
    app, client, count_queries, monkeypatch
):
    """Each request only looks the address up and inserts one outbox row: the same
    statements and the same answer (the mail thread is kept out of the count)."""
    monkeypatch.setattr(dispatch, "dispatch", lambda ids: None)
    user = create_user(email="nota@example.org")
    answers, statements = [], []
    for address in (user.email, "ignota@example.org"):
        with count_queries() as counter:
            answers.append(_answer(client.post("/account/password-dimenticata", data={"email": address})))
        statements.append([s.split(None, 2)[:2] for s in counter.statements])
    assert answers[0] == answers[1]
    assert statements[0] == statements[1], statements
    rows = db.session.scalars(select(Notification).order_by(Notification.id)).all()
    assert [(r.kind, r.user_id) for r in rows] == [
        ("password_reset", user.id),
        ("password_reset_no_account", None),
    ]


def test_forgot_password_answers_at_once_even_when_the_mail_server_is_slow(app, client, mailbox):
    """The request never talks to the mail server: a server that does not answer (a socket
    that accepts and stays silent) does not slow it, for known and unknown addresses alike."""
    user = create_user(email="nota@example.org")
    app.config["TEST_MAIL_IN_BACKGROUND"] = True
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        app.config["MAIL_PORT"] = silent.getsockname()[1]
        durations = []
        for address in (user.email, "ignota@example.org"):
            started = time.monotonic()
            response = client.post("/account/password-dimenticata", data={"email": address})
            durations.append(time.monotonic() - started)
            assert response.status_code == 302
            _wait_until_claimed()  # on SQLite the thread's write must not overlap the next request
        assert max(durations) < 2.0, durations  # the SMTP timeout is 10 s
    wait_for_deliveries()  # the closed socket makes the mail thread give up


def _wait_until_claimed(timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.commit()
        waiting = select(func.count()).select_from(Notification).where(Notification.sent_at.is_(None))
        if db.session.scalar(waiting) == 0:
            db.session.commit()
            return
        time.sleep(0.02)


def test_the_mail_for_an_unknown_address_says_no_account_uses_it(client, mailbox):
    english(client)
    client.post("/account/password-dimenticata", data={"email": "ignota@example.org"})
    [message] = mailbox(1)
    assert message["To"] == "ignota@example.org"
    assert "no account uses it" in body_of(message)
    assert "http://localhost/account/registrati" in body_of(message)
    # Once sent, the address is not kept in the outbox.
    db.session.expire_all()
    assert db.session.scalars(select(Notification.to_address)).all() == []
