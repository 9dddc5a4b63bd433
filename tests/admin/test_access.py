"""Who may open the administration pages."""

from __future__ import annotations

import pytest

from tests.factories import create_organisation, create_user, login, zone


def _pages(admin) -> list[str]:
    organisation = create_organisation()
    return [
        "/admin/",
        "/admin/utenti",
        f"/admin/utenti/{admin.id}",
        "/admin/rappresentanze",
        "/admin/registro",
        "/admin/enti",
        f"/admin/enti/{organisation.id}",
        "/admin/dati-di-riferimento",
        "/admin/driver/1",
        "/admin/missioni/M1",
        "/admin/componenti/M1C1",
        "/admin/parole-chiave/1",
        f"/admin/zone/{zone('nord-ovest').id}",
        "/admin/comuni",
        "/admin/comuni?zona=0&q=a",
        "/admin/comuni/015182",
        "/admin/tipi-di-attore/1",
    ]


def test_role_matrix_for_every_admin_page(app):
    admin = create_user(roles=["admin"])
    pages = _pages(admin)
    anonymous, citizen, administrator = app.test_client(), app.test_client(), app.test_client()
    login(citizen, create_user())
    login(administrator, admin)
    for page in pages:
        response = anonymous.get(page)
        assert response.status_code == 302, page
        assert "/account/accedi" in response.headers["Location"], page
        assert citizen.get(page).status_code == 403, page
        assert administrator.get(page).status_code == 200, page


@pytest.mark.parametrize("role", ["moderator", "analyst", "zone_coordinator"])
def test_other_roles_are_not_admins(client, role):
    login(client, create_user(roles=[role], zone=zone("sud-est")))
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/utenti").status_code == 403
    assert client.post("/admin/driver/1", data={"name": "Nuovo nome"}).status_code == 403
