"""Profile: public name (sanitised, escaped), language, personal data download."""

from __future__ import annotations

import json

from tests.accounts.helpers import english, user_by_email
from tests.factories import create_proposal, create_user, login


def test_profile_needs_login(client):
    response = client.get("/account/profilo")
    assert response.status_code == 302
    assert "/account/accedi" in response.headers["Location"]


def test_display_name_is_stored_as_plain_text_and_escaped(client):
    user = create_user()
    login(client, user)
    response = client.post(
        "/account/profilo",
        data={"display_name": '<script>alert("x")</script>Mario & <b>Co</b>', "locale": "en"},
    )
    assert response.status_code == 302
    stored = user_by_email(user.email)
    assert "<" not in stored.display_name
    assert stored.display_name == 'alert("x")Mario & Co'
    assert stored.locale == "en"
    page = client.get("/account/profilo").get_data(as_text=True)
    assert "<script>" not in page
    assert "Mario &amp; Co" in page


def test_bad_display_name_is_refused_and_nothing_changes(client):
    user = create_user(display_name="Mario Rossi")
    login(client, user)
    english(client)
    response = client.post("/account/profilo", data={"display_name": "<i></i>", "locale": ""})
    assert response.status_code == 422
    assert "between 2 and 80" in response.get_data(as_text=True)
    assert user_by_email(user.email).display_name == "Mario Rossi"
    response = client.post("/account/profilo", data={"display_name": "Mario", "locale": "xx"})
    assert response.status_code == 422
    assert user_by_email(user.email).display_name == "Mario Rossi"


def test_download_my_data(client):
    user = create_user(display_name="Anna")
    create_proposal(author=user, title="Più alberi in città")
    login(client, user)
    response = client.get("/account/i-miei-dati.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == user.email
    assert [p["title"] for p in data["proposals"]] == ["Più alberi in città"]
