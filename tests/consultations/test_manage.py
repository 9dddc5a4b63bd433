"""Creating, editing and closing consultations: who may, what is checked, what is recorded."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.consultations.models import Consultation
from app.extensions import db
from app.moderation.models import AuditEntry
from tests.factories import create_consultation, create_user, driver, login, zone


def _form(**overrides) -> dict:
    start = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(days=1)
    dates = {
        name: (start + timedelta(days=10 * n)).strftime("%Y-%m-%dT%H:%M")
        for n, name in enumerate(
            (
                "information_starts_at",
                "collection_starts_at",
                "discussion_starts_at",
                "synthesis_starts_at",
                "answers_starts_at",
                "closes_at",
            )
        )
    }
    data = {
        "title": "Agenda metropolitana 2027",
        "description": "Le proposte per il piano.",
        "scope": "metropolitan",
        "zone": "",
        "drivers": [str(driver(1).id), str(driver(5).id)],
        "is_premoderated": "y",
        **dates,
    }
    data.update(overrides)
    return data


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Consultation))


def test_admin_creates_a_metropolitan_consultation(client):
    admin = create_user(roles=["admin"])
    login(client, admin)
    assert client.get("/consultazioni/nuova").status_code == 200
    response = client.post("/consultazioni/nuova", data=_form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/consultazioni/agenda-metropolitana-2027")
    consultation = db.session.scalar(select(Consultation))
    assert consultation.title == "Agenda metropolitana 2027"
    assert consultation.scope == "metropolitan" and consultation.zone_id is None
    assert [d.number for d in consultation.drivers] == [1, 5]
    assert consultation.owner_id == admin.id
    assert consultation.is_premoderated is True
    assert consultation.state == "information"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "consultation.create"))
    assert entry.actor_id == admin.id and entry.object_id == consultation.id


def test_dates_are_milan_time(client):
    login(client, create_user(roles=["admin"]))
    dates = {
        "information_starts_at": "2030-01-15T09:00",
        "collection_starts_at": "2030-02-01T00:00",
        "discussion_starts_at": "2030-03-01T00:00",
        "synthesis_starts_at": "2030-04-01T00:00",
        "answers_starts_at": "2030-05-01T00:00",
        "closes_at": "2030-07-01T12:30",
    }
    assert client.post("/consultazioni/nuova", data=_form(**dates)).status_code == 302
    consultation = db.session.scalar(select(Consultation))
    # winter (UTC+1) and summer (UTC+2) time
    assert consultation.information_starts_at == datetime(2030, 1, 15, 8, 0, tzinfo=UTC)
    assert consultation.closes_at == datetime(2030, 7, 1, 10, 30, tzinfo=UTC)
    assert consultation.state == "upcoming"


def test_slugs_are_unique(client):
    login(client, create_user(roles=["admin"]))
    client.post("/consultazioni/nuova", data=_form(title="Città più verde"))
    client.post("/consultazioni/nuova", data=_form(title="Città più verde"))
    slugs = sorted(db.session.scalars(select(Consultation.slug)))
    assert slugs == ["citta-piu-verde", "citta-piu-verde-2"]


def test_coordinator_creates_for_their_zone(client):
    nord_ovest = zone("nord-ovest")
    coordinator = create_user(roles=["zone_coordinator"], zone=nord_ovest)
    login(client, coordinator)
    response = client.post("/consultazioni/nuova", data=_form(scope="zone", zone=str(nord_ovest.id)))
    assert response.status_code == 302
    consultation = db.session.scalar(select(Consultation))
    assert consultation.scope == "zone" and consultation.zone_id == nord_ovest.id


@pytest.mark.parametrize(
    "scope,zone_slug,field,message",
    [
        ("zone", "sud-est", "zone", "only for the zones you coordinate"),
        ("metropolitan", None, "scope", "opened by the plan office: choose your zone"),
    ],
)
def test_coordinator_choosing_another_zone_or_the_whole_area_gets_a_form_error_keeping_the_text(
    client, scope, zone_slug, field, message
):
    coordinator = create_user(roles=["zone_coordinator"], zone=zone("nord-ovest"))
    login(client, coordinator)
    client.get("/lingua/en")
    data = _form(scope=scope, zone=str(zone(zone_slug).id) if zone_slug else "")
    data["description"] = "Un testo lungo scritto con cura, da non perdere."
    response = client.post("/consultazioni/nuova", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    assert "Un testo lungo scritto con cura, da non perdere." in page
    assert 'value="Agenda metropolitana 2027"' in page
    assert _count() == 0


def test_new_consultation_form_starts_from_the_coordinators_zone(client):
    nord_ovest = zone("nord-ovest")
    login(client, create_user(roles=["zone_coordinator"], zone=nord_ovest))
    page = client.get("/consultazioni/nuova").get_data(as_text=True)
    zone_radio = re.search(r'<input[^>]*value="zone"[^>]*>', page).group(0)
    assert "checked" in zone_radio
    selected = re.search(r"<option[^>]*selected[^>]*>", page).group(0)
    assert f'value="{nord_ovest.id}"' in selected


def test_citizens_and_visitors_cannot_create(client):
    response = client.get("/consultazioni/nuova")
    assert response.status_code == 302 and "/account/accedi" in response.headers["Location"]
    login(client, create_user())
    assert client.get("/consultazioni/nuova").status_code == 403
    assert client.post("/consultazioni/nuova", data=_form()).status_code == 403
    assert _count() == 0


def test_dates_out_of_order_are_refused_per_field(client):
    client.get("/lingua/en")
    login(client, create_user(roles=["admin"]))
    data = _form(discussion_starts_at="2020-01-01T00:00", closes_at="2020-01-01T00:00")
    response = client.post("/consultazioni/nuova", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Discussion must start after the collection phase starts." in page
    assert "The consultation must close after the answers phase starts." in page
    assert 'role="alert"' in page
    assert _count() == 0


def test_missing_title_date_or_driver_is_refused(client):
    client.get("/lingua/en")
    login(client, create_user(roles=["admin"]))
    data = _form(title="   ", synthesis_starts_at="", drivers=[])
    response = client.post("/consultazioni/nuova", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose at least one Driver." in page
    assert _count() == 0


def test_zone_scope_needs_a_zone(client):
    client.get("/lingua/en")
    login(client, create_user(roles=["admin"]))
    response = client.post("/consultazioni/nuova", data=_form(scope="zone", zone=""))
    assert response.status_code == 422
    assert "Choose the zone of the consultation." in response.get_data(as_text=True)
    assert _count() == 0


def test_admin_edits_and_the_state_follows_the_new_dates(client):
    consultation = create_consultation(phase="collection", slug="agenda", title="Vecchio titolo")
    login(client, create_user(roles=["admin"]))
    form_page = client.get("/consultazioni/agenda/modifica").get_data(as_text=True)
    assert 'value="Vecchio titolo"' in form_page
    future = datetime.now(UTC) + timedelta(days=5)
    dates = {
        name: (future + timedelta(days=10 * n)).strftime("%Y-%m-%dT%H:%M")
        for n, name in enumerate(
            (
                "information_starts_at",
                "collection_starts_at",
                "discussion_starts_at",
                "synthesis_starts_at",
                "answers_starts_at",
                "closes_at",
            )
        )
    }
    response = client.post("/consultazioni/agenda/modifica", data=_form(title="Nuovo titolo", **dates))
    assert response.status_code == 302
    db.session.expire_all()
    assert consultation.title == "Nuovo titolo"
    assert consultation.slug == "agenda"
    assert consultation.state == "upcoming"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "consultation.edit")) is not None


def test_invalid_edit_changes_nothing(client):
    consultation = create_consultation(phase="collection", slug="agenda", title="Titolo")
    before = consultation.closes_at
    login(client, create_user(roles=["admin"]))
    response = client.post(
        "/consultazioni/agenda/modifica", data=_form(title="Altro", closes_at="2000-01-01T00:00")
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert consultation.title == "Titolo" and consultation.closes_at == before


def test_coordinator_edits_only_their_zone(client):
    nord_ovest, sud_est = zone("nord-ovest"), zone("sud-est")
    create_consultation(slug="mia", scope="zone", zone=nord_ovest)
    create_consultation(slug="altrui", scope="zone", zone=sud_est)
    create_consultation(slug="metro")
    login(client, create_user(roles=["zone_coordinator"], zone=nord_ovest))
    assert client.get("/consultazioni/mia/modifica").status_code == 200
    assert client.get("/consultazioni/altrui/modifica").status_code == 403
    assert client.get("/consultazioni/metro/modifica").status_code == 403
    # nor can they move their own consultation to another zone
    response = client.post("/consultazioni/mia/modifica", data=_form(scope="zone", zone=str(sud_est.id)))
    assert response.status_code == 422 and 'id="zone-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Consultation.zone_id).where(Consultation.slug == "mia")) == nord_ovest.id


def test_citizen_cannot_edit_or_close(client):
    create_consultation(slug="agenda")
    login(client, create_user())
    assert client.get("/consultazioni/agenda/modifica").status_code == 403
    assert client.post("/consultazioni/agenda/modifica", data=_form()).status_code == 403
    assert client.post("/consultazioni/agenda/chiudi").status_code == 403


def test_close_early(client):
    consultation = create_consultation(phase="collection", slug="agenda")
    login(client, create_user(roles=["admin"]))
    assert client.post("/consultazioni/agenda/chiudi").status_code == 302
    db.session.expire_all()
    assert consultation.state == "closed"
    assert consultation.closed_early_at is not None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "consultation.close_early"))
    # closing twice is refused, the date stays
    first = consultation.closed_early_at
    assert client.post("/consultazioni/agenda/chiudi").status_code == 409
    db.session.expire_all()
    assert consultation.closed_early_at == first
