"""The privacy notice, consent at registration, and asking again when the notice changes."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from app.privacy.models import Consent
from app.proposals.models import Support
from tests.factories import PASSWORD, create_proposal, create_user, login
from tests.proposals.helpers import english, sign_in

REGISTRATION = {
    "email": "nuova.persona@example.org",
    "display_name": "Nuova Persona",
    "password": PASSWORD,
    "password_confirm": PASSWORD,
}


def _consents(user_id: int) -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Consent.document, Consent.version).where(Consent.user_id == user_id).order_by(Consent.id)
    )
    return [(document, version) for document, version in rows]


def test_privacy_notice_in_italian_and_english(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "Titolare del trattamento" in page
    english(client)
    page = client.get("/privacy").get_data(as_text=True)
    assert "The data controller is" in page
    assert f"Version {client.application.config['PRIVACY_NOTICE_VERSION']}" in page


def test_registration_requires_accepting_the_notice_and_records_the_version(client, app):
    english(client)
    response = client.post("/account/registrati", data=REGISTRATION)
    assert response.status_code == 422
    assert "you need to accept the privacy notice" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == 0

    response = client.post("/account/registrati", data={**REGISTRATION, "accept_privacy": "y"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nuova.persona@example.org"))
    assert _consents(user.id) == [("privacy", app.config["PRIVACY_NOTICE_VERSION"])]


def test_a_new_notice_version_is_asked_at_next_login(client, app):
    user = create_user()
    app.config["PRIVACY_NOTICE_VERSION"] = "2099-01"
    response = client.post(
        "/account/accedi?next=/le-mie-proposte", data={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/consenso?next=")

    english(client)
    response = client.post(response.headers["Location"], data={})
    assert response.status_code == 422
    assert "you need to accept the privacy notice" in response.get_data(as_text=True)

    response = client.post("/account/consenso?next=/le-mie-proposte", data={"accept_privacy": "y"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/le-mie-proposte"
    versions = [version for _, version in _consents(user.id)]
    assert versions[-1] == "2099-01" and len(versions) == 2  # the history is kept
    # Accepted: the page now just sends the person on.
    assert client.get("/account/consenso").status_code == 302


def test_a_write_before_accepting_the_new_version_is_held_back(client, app):
    user = create_user()
    proposal = create_proposal()
    sign_in(client, user)
    app.config["PRIVACY_NOTICE_VERSION"] = "2099-01"
    response = client.post(
        f"/proposte/{proposal.id}/sostieni", headers={"Referer": f"http://localhost/proposte/{proposal.id}"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/consenso")
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0
    # After accepting, the same write goes through.
    client.post("/account/consenso", data={"accept_privacy": "y"})
    assert client.post(f"/proposte/{proposal.id}/sostieni").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Support)) == 1


def test_someone_who_never_accepted_is_asked_at_login(client):
    user = create_user(consented=False)
    response = login(client, user)
    assert response.headers["Location"].startswith("/account/consenso")
