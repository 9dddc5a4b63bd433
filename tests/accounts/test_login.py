"""Login, logout, session rotation, log out everywhere, safe redirects."""

from __future__ import annotations

from tests.accounts.helpers import english
from tests.factories import PASSWORD, create_user, login


def test_wrong_password_is_refused_with_a_message(client):
    user = create_user()
    english(client)
    response = client.post("/account/accedi", data={"email": user.email, "password": "sbagliata-123"})
    assert response.status_code == 401
    assert "is not correct" in response.get_data(as_text=True)
    assert client.get("/account/profilo").status_code == 302


def test_unknown_email_gets_the_same_answer(client):
    english(client)
    response = client.post("/account/accedi", data={"email": "nessuno@example.org", "password": PASSWORD})
    assert response.status_code == 401
    assert "is not correct" in response.get_data(as_text=True)


def test_login_then_logout(client):
    user = create_user()
    assert login(client, user).status_code == 302
    assert client.get("/account/profilo").status_code == 200
    assert client.post("/account/esci").status_code == 302
    assert client.get("/account/profilo").status_code == 302


def test_login_starts_a_fresh_session(client):
    user = create_user()
    client.get("/lingua/en")
    with client.session_transaction() as session:
        session["planted"] = "by-an-attacker"
    before = client.get_cookie("session").value
    login(client, user)
    after = client.get_cookie("session").value
    assert after != before
    with client.session_transaction() as session:
        assert "planted" not in session
        # "<id>:<session token>:<key of this login>" (app.accounts.sessions)
        assert session["_user_id"].startswith(f"{user.id}:{user.session_token}:")
        assert "locale" not in session  # the language lives in its own cookie
    assert '<html lang="en">' in client.get("/account/profilo").get_data(as_text=True)


def test_logout_everywhere_ends_the_other_sessions(app):
    user = create_user()
    phone, laptop = app.test_client(), app.test_client()
    login(phone, user)
    login(laptop, user)
    assert phone.get("/account/profilo").status_code == 200
    assert laptop.post("/account/esci-ovunque").status_code == 302
    assert phone.get("/account/profilo").status_code == 302
    assert laptop.get("/account/profilo").status_code == 302
    # Logging in again works.
    assert login(phone, user).status_code == 302
    assert phone.get("/account/profilo").status_code == 200


def test_next_redirect_only_to_relative_paths(client):
    user = create_user()
    data = {"email": user.email, "password": PASSWORD}
    ok = client.post("/account/accedi?next=/consultazioni/", data=data)
    assert ok.headers["Location"].endswith("/consultazioni/")
    client.post("/account/esci")
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/account/accedi?next={evil}", data=data)
        assert "evil.example" not in response.headers["Location"]
        client.post("/account/esci")


def test_unconfirmed_account_can_log_in_but_not_take_part(client):
    user = create_user(confirmed=False)
    assert login(client, user).status_code == 302
    page = client.get("/account/profilo").get_data(as_text=True)
    assert "/account/conferma-di-nuovo" in page
    assert client.get("/account/rappresentanza").status_code == 403


def test_change_password_keeps_this_session_and_ends_the_others(app):
    user = create_user()
    here, elsewhere = app.test_client(), app.test_client()
    login(here, user)
    login(elsewhere, user)
    new = "Nuova-password-sicura"
    wrong = here.post(
        "/account/password",
        data={"current_password": "sbagliata-xyz", "password": new, "password_confirm": new},
    )
    assert wrong.status_code == 422
    response = here.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": new, "password_confirm": new},
    )
    assert response.status_code == 302
    assert here.get("/account/profilo").status_code == 200
    assert elsewhere.get("/account/profilo").status_code == 302
