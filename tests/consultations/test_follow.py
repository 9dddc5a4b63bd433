"""Following a consultation."""

from __future__ import annotations

from sqlalchemy import func, select

from app.consultations.models import Follow
from app.extensions import db
from tests.factories import create_consultation, create_user, login


def _follows(user) -> int:
    return db.session.scalar(select(func.count()).select_from(Follow).where(Follow.user_id == user.id))


def test_follow_and_unfollow(client):
    client.get("/lingua/en")
    create_consultation(slug="agenda")
    user = create_user()
    login(client, user)
    assert "Follow this consultation" in client.get("/consultazioni/agenda").get_data(as_text=True)
    assert client.post("/consultazioni/agenda/segui").status_code == 302
    assert _follows(user) == 1
    # following twice keeps one follow
    client.post("/consultazioni/agenda/segui")
    assert _follows(user) == 1
    assert "Stop following this consultation" in client.get("/consultazioni/agenda").get_data(as_text=True)
    assert client.post("/consultazioni/agenda/smetti-di-seguire").status_code == 302
    assert _follows(user) == 0
    assert "Follow this consultation" in client.get("/consultazioni/agenda").get_data(as_text=True)


def test_visitors_are_sent_to_log_in(client):
    create_consultation(slug="agenda")
    response = client.post("/consultazioni/agenda/segui")
    assert response.status_code == 302
    assert "/account/accedi" in response.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Follow)) == 0


def test_unconfirmed_accounts_cannot_follow(client):
    create_consultation(slug="agenda")
    user = create_user(confirmed=False)
    login(client, user)
    assert client.post("/consultazioni/agenda/segui").status_code == 403
    assert _follows(user) == 0


def test_follow_needs_a_post(client):
    create_consultation(slug="agenda")
    login(client, create_user())
    assert client.get("/consultazioni/agenda/segui").status_code == 405
