"""With CSRF protection on, a POST without the token is refused and changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from tests.accounts.helpers import csrf_token_from
from tests.factories import PASSWORD, create_user


def _login(client, user) -> str:
    token = csrf_token_from(client.get("/account/accedi").get_data(as_text=True))
    response = client.post(
        "/account/accedi", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    return csrf_token_from(client.get("/account/profilo").get_data(as_text=True))


def test_post_without_csrf_token_is_refused(csrf_app):
    admin = create_user(roles=["admin"], display_name="Nome Originale")
    person = create_user()
    client = csrf_app.test_client()
    token = _login(client, admin)

    assert client.post("/account/profilo", data={"display_name": "Cambiato", "locale": ""}).status_code == 400
    assert client.post(f"/admin/utenti/{person.id}/ruoli", data={"role": "admin"}).status_code == 400
    assert client.post("/account/esci-ovunque").status_code == 400
    db.session.expire_all()
    assert db.session.get(User, admin.id).display_name == "Nome Originale"
    assert db.session.get(User, person.id).roles == []
    assert client.get("/account/profilo").status_code == 200

    # The same request with the token goes through.
    response = client.post(
        "/account/profilo", data={"display_name": "Cambiato", "locale": "", "csrf_token": token}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(User.display_name).where(User.id == admin.id)) == "Cambiato"
