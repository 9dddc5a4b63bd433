"""Editing the plan's reference data: validated, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.moderation.models import AuditEntry
from app.reference.models import ActorType, Comune, Driver, Mission, Zone
from tests.accounts.helpers import english
from tests.factories import create_user, login, zone

pytestmark = pytest.mark.usefixtures("reference_edited")


@pytest.fixture
def admin_client(client):
    login(client, create_user(roles=["admin"]))
    english(client)
    return client


def _driver(number: int) -> Driver:
    db.session.expire_all()
    return db.session.scalar(select(Driver).where(Driver.number == number))


def _mission_ids(*codes) -> list[int]:
    return list(db.session.scalars(select(Mission.id).where(Mission.code.in_(codes))))


def test_edit_a_driver_and_its_missions_is_audited(admin_client):
    response = admin_client.post(
        "/admin/driver/2",
        data={
            "name": "Politiche verdi e blu ",
            "description": "Acqua <b>e</b> verde",
            "missions": _mission_ids("M2", "M5"),
        },
    )
    assert response.status_code == 302
    driver = _driver(2)
    assert driver.description == "Acqua e verde"
    assert [m.code for m in driver.missions] == ["M2", "M5"]
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "driver.update"))
    assert entry.object_id == driver.id
    assert entry.details["missions"] == ["M2", "M2, M5"]
    assert "name" not in entry.details  # unchanged after trimming


def test_invalid_driver_is_refused_and_unchanged(admin_client):
    response = admin_client.post(
        "/admin/driver/3", data={"name": "<i></i>", "description": "x", "missions": []}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="name-error"' in page and "at least one PNRR mission" in page
    driver = _driver(3)
    assert driver.name == "Sustain-Ability" and driver.description != "x"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "driver.update")) is None


def test_edit_a_comune_and_refuse_bad_population(admin_client):
    sud_est = zone("sud-est")
    response = admin_client.post(
        "/admin/comuni/015182", data={"name": "Rho", "zone": sud_est.id, "population": "50000"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    rho = db.session.scalar(select(Comune).where(Comune.istat_code == "015182"))
    assert rho.zone_id == sud_est.id and rho.population == 50000
    for bad in ("-3", "molti", "99999999"):
        response = admin_client.post(
            "/admin/comuni/015182", data={"name": "Rho", "zone": sud_est.id, "population": bad}
        )
        assert response.status_code == 422, bad
        assert 'id="population-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Comune, rho.id).population == 50000


def test_zone_names_stay_unique(admin_client):
    nord_ovest = zone("nord-ovest")
    response = admin_client.post(f"/admin/zone/{nord_ovest.id}", data={"name": "sud est"})
    assert response.status_code == 422
    assert "already has this name" in response.get_data(as_text=True)
    assert admin_client.post(f"/admin/zone/{nord_ovest.id}", data={"name": "Nord-Ovest"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Zone, nord_ovest.id).name == "Nord-Ovest"


def test_names_of_missions_components_keywords_and_actor_types(admin_client):
    assert admin_client.post("/admin/missioni/M6", data={"name": "Salute e sanità"}).status_code == 302
    assert admin_client.post("/admin/componenti/M6C1", data={"name": "Reti di prossimità"}).status_code == 302
    assert admin_client.post("/admin/parole-chiave/1", data={"name": "Sostenibile"}).status_code == 302
    assert (
        admin_client.post("/admin/tipi-di-attore/1", data={"name": "Cittadina/o", "position": 0}).status_code
        == 302
    )
    assert admin_client.post("/admin/missioni/M6", data={"name": ""}).status_code == 422
    assert (
        admin_client.post("/admin/tipi-di-attore/1", data={"name": "Cittadina/o", "position": ""}).status_code
        == 422
    )
    assert admin_client.get("/admin/missioni/M9").status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(Mission.name).where(Mission.code == "M6")) == "Salute e sanità"
    assert db.session.get(ActorType, 1).name == "Cittadina/o"
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"mission.update", "component.update", "keyword.update", "actor_type.update"} <= actions
