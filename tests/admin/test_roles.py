"""Granting and removing roles; the last admin stays."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import RoleAssignment, User
from app.extensions import db
from app.moderation.models import AuditEntry
from tests.accounts.helpers import english
from tests.factories import create_user, login, zone


def _roles(user_id: int) -> set[tuple[str, int | None]]:
    db.session.expire_all()
    return {(a.role, a.zone_id) for a in db.session.get(User, user_id).roles}


def test_find_people_by_email_or_name(client):
    login(client, create_user(roles=["admin"]))
    create_user(email="lucia.bianchi@example.org", display_name="Lucia B.")
    create_user(email="altro@example.org", display_name="Marco Verdi")
    page = client.get("/admin/utenti?q=BIANCHI").get_data(as_text=True)
    assert "Lucia B." in page and "Marco Verdi" not in page
    page = client.get("/admin/utenti?q=verdi").get_data(as_text=True)
    assert "Marco Verdi" in page and "Lucia B." not in page


def test_grant_and_revoke_roles_audited(client):
    admin = create_user(roles=["admin"])
    person = create_user()
    login(client, admin)
    nord_ovest = zone("nord-ovest")
    assert client.post(f"/admin/utenti/{person.id}/ruoli", data={"role": "moderator"}).status_code == 302
    response = client.post(
        f"/admin/utenti/{person.id}/ruoli", data={"role": "zone_coordinator", "zone": nord_ovest.id}
    )
    assert response.status_code == 302
    assert _roles(person.id) == {("moderator", None), ("zone_coordinator", nord_ovest.id)}

    assignment = db.session.scalar(
        select(RoleAssignment).where(RoleAssignment.user_id == person.id, RoleAssignment.role == "moderator")
    )
    assert assignment.granted_by_id == admin.id
    response = client.post(f"/admin/utenti/{person.id}/ruoli/{assignment.id}/revoca")
    assert response.status_code == 302
    assert _roles(person.id) == {("zone_coordinator", nord_ovest.id)}
    actions = list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.actor_id == admin.id)))
    assert sorted(actions) == ["role.grant", "role.grant", "role.revoke"]


def test_bad_grants_are_refused(client):
    person = create_user(roles=["moderator"])
    login(client, create_user(roles=["admin"]))
    english(client)
    response = client.post(f"/admin/utenti/{person.id}/ruoli", data={"role": "zone_coordinator", "zone": 0})
    assert response.status_code == 422
    assert "needs a zone" in response.get_data(as_text=True)
    response = client.post(f"/admin/utenti/{person.id}/ruoli", data={"role": "moderator"})
    assert response.status_code == 422
    assert "already has this role" in response.get_data(as_text=True)
    assert client.post(f"/admin/utenti/{person.id}/ruoli", data={"role": "superuser"}).status_code == 422
    assert _roles(person.id) == {("moderator", None)}


def test_last_admin_cannot_be_removed(client):
    admin = create_user(roles=["admin"])
    login(client, admin)
    english(client)
    [assignment] = db.session.get(User, admin.id).roles
    response = client.post(f"/admin/utenti/{admin.id}/ruoli/{assignment.id}/revoca", follow_redirects=True)
    assert "last administrator" in response.get_data(as_text=True)
    assert _roles(admin.id) == {("admin", None)}

    # With a second admin, the first can step down.
    other = create_user(roles=["admin"])
    client.post(f"/admin/utenti/{admin.id}/ruoli/{assignment.id}/revoca")
    assert _roles(admin.id) == set()
    assert _roles(other.id) == {("admin", None)}
