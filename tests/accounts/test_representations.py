"""Representatives: request, verification by an admin or the zone coordinator, revocation."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import Organisation, Representation
from app.accounts.queries import list_verified_entities_for
from app.extensions import db
from app.moderation.models import AuditEntry
from tests.accounts.helpers import english
from tests.factories import (
    actor_type,
    comune,
    create_organisation,
    create_representative,
    create_user,
    login,
    zone,
)


def _representation(representation_id: int) -> Representation:
    db.session.expire_all()
    return db.session.get(Representation, representation_id)


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_request_for_a_comune_verified_by_an_admin_is_recorded(app):
    citizen, admin = create_user(), create_user(roles=["admin"])
    requester, decider = app.test_client(), app.test_client()
    login(requester, citizen)
    rho = comune("Rho")
    response = requester.post(
        "/account/rappresentanza",
        data={"kind": "comune", "comune": rho.id, "role_title": "Sindaca", "message": "Chiamate il Comune"},
    )
    assert response.status_code == 302
    request = db.session.scalar(select(Representation).where(Representation.user_id == citizen.id))
    assert request.status == "pending" and request.comune_id == rho.id
    assert "Waiting" in _page_in_english(requester, "/account/profilo")

    login(decider, admin)
    assert decider.get("/admin/rappresentanze").status_code == 200
    assert decider.get(f"/admin/rappresentanze/{request.id}").status_code == 200
    response = decider.post(
        f"/admin/rappresentanze/{request.id}/decisione", data={"decision": "verified", "note": "Verificato"}
    )
    assert response.status_code == 302
    decided = _representation(request.id)
    assert decided.status == "verified"
    assert decided.decided_by_id == admin.id and decided.decided_at is not None
    [entry] = _audit("representation.verify")
    assert entry.actor_id == admin.id and entry.object_id == request.id

    assert "Verified" in _page_in_english(requester, "/account/profilo")
    [verified] = list_verified_entities_for(decided.user)
    assert verified.comune.name == "Rho"

    # Deciding twice is refused and changes nothing.
    again = decider.post(
        f"/admin/rappresentanze/{request.id}/decisione", data={"decision": "refused", "note": "no"}
    )
    assert again.status_code == 302
    assert _representation(request.id).status == "verified"


def _page_in_english(client, path: str) -> str:
    english(client)
    return client.get(path).get_data(as_text=True)


def test_request_naming_a_new_organisation_creates_it(client):
    citizen = create_user()
    login(client, citizen)
    response = client.post(
        "/account/rappresentanza",
        data={
            "kind": "organisation",
            "organisation": 0,
            "organisation_name": "Legambiente Lombardia",
            "actor_type": actor_type("associazione").id,
            "role_title": "Presidente",
        },
    )
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Legambiente Lombardia"))
    assert organisation.slug == "legambiente-lombardia"
    assert organisation.actor_type.code == "associazione"


def test_bad_requests_are_refused_and_create_nothing(client):
    citizen = create_user()
    existing = create_organisation(name="Camera del Lavoro")
    create_representative(user=citizen, organisation=existing, status="pending")
    login(client, citizen)
    english(client)
    cases = [
        ({"kind": "organisation", "organisation": 0, "organisation_name": ""}, "Choose an organisation"),
        (
            {
                "kind": "organisation",
                "organisation_name": "Nuova Aps",
                "actor_type": actor_type("cittadino").id,
            },
            'id="actor_type-error"',
        ),
        (
            {
                "kind": "organisation",
                "organisation_name": "camera del lavoro",
                "actor_type": actor_type("sindacato").id,
            },
            "already exists",
        ),
        ({"kind": "organisation", "organisation": existing.id}, "already asked"),
        ({"kind": "comune", "comune": 0}, "Choose a comune"),
    ]
    before = db.session.scalar(select(db.func.count()).select_from(Representation))
    for data, message in cases:
        response = client.post("/account/rappresentanza", data={"role_title": "Presidente", **data})
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    assert db.session.scalar(select(db.func.count()).select_from(Representation)) == before
    assert db.session.scalar(select(db.func.count()).select_from(Organisation)) == 1


def test_zone_coordinator_decides_only_for_the_comuni_of_their_zone(client):
    coordinator = create_user(roles=["zone_coordinator"], zone=zone("nord-ovest"))
    own = create_representative(comune=comune("Rho"), status="pending")
    other_zone = create_representative(comune=comune("Legnano"), status="pending")
    organisation = create_representative(status="pending")
    login(client, coordinator)

    listing = client.get("/admin/rappresentanze").get_data(as_text=True)
    assert "Rho" in listing and "Legnano" not in listing
    assert client.get("/admin/").status_code == 403

    for forbidden in (other_zone, organisation):
        assert client.get(f"/admin/rappresentanze/{forbidden.id}").status_code == 403
        response = client.post(
            f"/admin/rappresentanze/{forbidden.id}/decisione", data={"decision": "verified"}
        )
        assert response.status_code == 403
        assert _representation(forbidden.id).status == "pending"

    response = client.post(f"/admin/rappresentanze/{own.id}/decisione", data={"decision": "verified"})
    assert response.status_code == 302
    decided = _representation(own.id)
    assert decided.status == "verified" and decided.decided_by_id == coordinator.id
    # Revoking is for admins only.
    assert client.post(f"/admin/rappresentanze/{own.id}/revoca", data={"note": "no"}).status_code == 403


def test_refusal_needs_a_note_and_admin_can_revoke(client):
    admin = create_user(roles=["admin"])
    pending = create_representative(status="pending")
    verified = create_representative(status="verified")
    login(client, admin)
    english(client)
    response = client.post(f"/admin/rappresentanze/{pending.id}/decisione", data={"decision": "refused"})
    assert response.status_code == 422
    assert "Explain why" in response.get_data(as_text=True)
    assert _representation(pending.id).status == "pending"

    response = client.post(f"/admin/rappresentanze/{verified.id}/revoca", data={"note": "Non più presidente"})
    assert response.status_code == 302
    revoked = _representation(verified.id)
    assert revoked.status == "revoked" and revoked.decided_by_id == admin.id
    assert revoked.decision_note == "Non più presidente"
    assert len(_audit("representation.revoke")) == 1
    assert list_verified_entities_for(revoked.user) == []


def test_unconfirmed_or_anonymous_cannot_ask(client):
    assert client.get("/account/rappresentanza").status_code == 302
    login(client, create_user(confirmed=False))
    assert client.post("/account/rappresentanza", data={"kind": "comune"}).status_code == 403
