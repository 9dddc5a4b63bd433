"""The audit log page and the organisations' administration."""

from __future__ import annotations

from app import audit
from app.accounts.models import Organisation
from app.extensions import db
from tests.accounts.helpers import english
from tests.factories import create_organisation, create_user, login


def test_audit_log_newest_first_with_filters(client):
    admin = create_user(roles=["admin"], display_name="Amministratrice")
    other = create_user(roles=["moderator"], display_name="Moderatore")
    organisation = create_organisation()
    audit.record(other, "proposal.publish", organisation, note="prima")
    audit.record(admin, "organisation.update", organisation, note="seconda")
    db.session.commit()
    login(client, admin)

    page = client.get("/admin/registro").get_data(as_text=True)
    assert page.index("organisation.update") < page.index("proposal.publish")
    filtered = client.get("/admin/registro?azione=proposal.publish").get_data(as_text=True)
    assert "Nota: prima" in filtered and "Nota: seconda" not in filtered
    by_actor = client.get(f"/admin/registro?autore={admin.email}").get_data(as_text=True)
    assert "Nota: seconda" in by_actor and "Nota: prima" not in by_actor
    nobody = client.get("/admin/registro?autore=nessuno@example.org").get_data(as_text=True)
    assert "Nota:" not in nobody


def test_audit_log_in_a_fixed_number_of_queries(app, client, count_queries):
    admin = create_user(roles=["admin"])
    organisation = create_organisation()
    audit.record(admin, "organisation.update", organisation)
    db.session.commit()
    login(client, admin)
    db.session.expire_all()
    with count_queries() as few:
        client.get("/admin/registro")
    for n in range(15):
        audit.record(create_user(), "organisation.update", organisation, n=n)
    db.session.commit()
    db.session.expire_all()
    with count_queries() as many:
        page = client.get("/admin/registro").get_data(as_text=True)
    assert many.count == few.count
    assert page.count('data-action="organisation.update"') == 16


def test_edit_organisation_validated_and_audited(client):
    organisation = create_organisation(name="Associazione Vecchio Nome")
    login(client, create_user(roles=["admin"]))
    english(client)
    url = f"/admin/enti/{organisation.id}"
    assert client.get(url).status_code == 200
    base = {"name": "Nuovo Nome Aps", "actor_type": organisation.actor_type_id, "description": "", "zone": 0}
    bad = client.post(url, data={**base, "website": "javascript:alert(1)"})
    assert bad.status_code == 422
    assert 'id="website-error"' in bad.get_data(as_text=True)
    ok = client.post(url, data={**base, "website": "https://esempio.it"})
    assert ok.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Organisation, organisation.id)
    assert saved.name == "Nuovo Nome Aps" and saved.website == "https://esempio.it"
    assert "organisation.update" in client.get("/admin/registro").get_data(as_text=True)
    page = client.get(f"/enti/{saved.slug}").get_data(as_text=True)
    assert "Nuovo Nome Aps" in page
