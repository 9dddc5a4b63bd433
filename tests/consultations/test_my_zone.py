"""Zone coordinators at home in their zone (issue 15, section 3): the "La mia zona" area, and
the themes workspace for their zone's consultations — while publishing a synthesis and the
official answers stay with the plan office."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import PermissionDenied
from app.extensions import db
from app.synthesis.curation import services as curation
from app.synthesis.models import Theme
from app.synthesis.publication import services as publication
from app.synthesis.runs import services as runs
from tests import factories
from tests.proposals.helpers import english, sign_in
from tests.synthesis.factories import add_members, create_run, create_theme


@pytest.fixture
def zone_world(app):
    nord_ovest, sud_est = factories.zone("nord-ovest"), factories.zone("sud-est")
    coordinator = factories.create_user(
        roles=["zone_coordinator"], zone=nord_ovest, display_name="Carla Coordina"
    )
    own = factories.create_consultation(
        slug="agenda-nord-ovest", title="Agenda Nord Ovest", scope="zone", zone=nord_ovest
    )
    other = factories.create_consultation(
        slug="agenda-sud-est", title="Agenda Sud Est", scope="zone", zone=sud_est
    )
    metro = factories.create_consultation(slug="piano-metro", title="Piano metropolitano")
    published = [factories.create_proposal(consultation=own) for _ in range(2)]
    factories.create_proposal(consultation=own, state="submitted")
    factories.create_flag(published[0])
    factories.create_proposal(consultation=other, state="submitted")
    requester = factories.create_user(display_name="Rita Richiede")
    factories.create_representative(user=requester, comune=factories.comune("Rho"), status="pending")
    themes = {}
    for consultation in (own, metro):
        proposal = (
            published[0] if consultation is own else factories.create_proposal(consultation=consultation)
        )
        run = create_run(consultation)
        themes[consultation.slug] = create_theme(run, "Tema di prova")
        add_members(run, themes[consultation.slug], [proposal])
    return {"coordinator": coordinator, "own": own, "other": other, "metro": metro, "themes": themes}


def test_my_zone_lists_the_zone_consultations_moderation_and_requests(client, zone_world):
    sign_in(client, zone_world["coordinator"])
    english(client)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/la-mia-zona/"' in home and "My zone" in home
    page = client.get("/la-mia-zona/").get_data(as_text=True)
    assert "You coordinate the zone Nord Ovest." in page
    assert "Agenda Nord Ovest" in page
    assert "Agenda Sud Est" not in page and "Piano metropolitano" not in page
    assert 'data-consultation="agenda-nord-ovest"' in page
    assert '<td class="text-end moderation-waiting">1</td>' in page
    assert '<td class="text-end moderation-reports">1</td>' in page
    assert "1 proposal of your zone waits for a moderator" in page
    assert "Rita Richiede for Comune di Rho" in page
    assert 'href="/sintesi/consultazioni/agenda-nord-ovest"' in page
    assert 'href="/sintesi/consultazioni/agenda-nord-ovest/letture"' in page


def test_people_who_coordinate_nothing_have_no_zone_area(client, zone_world):
    sign_in(client, factories.create_user())
    assert client.get("/la-mia-zona/").status_code == 403
    assert 'href="/la-mia-zona/"' not in client.get("/").get_data(as_text=True)


def test_coordinator_works_on_the_themes_of_their_zone_only(client, zone_world):
    sign_in(client, zone_world["coordinator"])
    assert client.get("/sintesi/").status_code == 200
    index = client.get("/sintesi/").get_data(as_text=True)
    assert "Agenda Nord Ovest" in index and "Piano metropolitano" not in index
    assert client.get("/sintesi/consultazioni/agenda-nord-ovest").status_code == 200
    assert client.get("/sintesi/consultazioni/agenda-nord-ovest/letture").status_code == 200
    assert client.get("/sintesi/consultazioni/agenda-sud-est").status_code == 403
    assert client.get("/sintesi/consultazioni/piano-metro").status_code == 403
    assert client.get("/sintesi/consultazioni/piano-metro/letture").status_code == 403
    own_theme, metro_theme = zone_world["themes"]["agenda-nord-ovest"], zone_world["themes"]["piano-metro"]
    assert client.get(f"/sintesi/temi/{own_theme.id}").status_code == 200
    assert client.get(f"/sintesi/temi/{metro_theme.id}").status_code == 403
    assert client.get(f"/sintesi/esecuzioni/{own_theme.last_run_id}").status_code == 200
    assert client.get(f"/sintesi/esecuzioni/{metro_theme.last_run_id}").status_code == 403
    # Curating their own theme works; the metropolitan one is refused and unchanged.
    response = client.post(f"/sintesi/temi/{own_theme.id}/etichetta", data={"label": "Piste ciclabili"})
    assert response.status_code == 302
    response = client.post(f"/sintesi/temi/{metro_theme.id}/etichetta", data={"label": "Altro"})
    assert response.status_code == 403
    db.session.expire_all()
    labels = dict(db.session.execute(select(Theme.id, Theme.label_curated)).all())
    assert labels[own_theme.id] == "Piste ciclabili" and labels[metro_theme.id] is None


def test_publishing_and_official_answers_stay_with_the_plan_office(client, zone_world):
    sign_in(client, zone_world["coordinator"])
    assert client.get("/sintesi/consultazioni/agenda-nord-ovest/pubblicazione").status_code == 403
    assert client.post("/sintesi/consultazioni/agenda-nord-ovest/pubblicazione").status_code == 403
    assert client.get("/sintesi/risposte/agenda-nord-ovest").status_code == 403
    with pytest.raises(PermissionDenied):
        publication.publish_synthesis(zone_world["coordinator"], zone_world["own"])


def test_services_let_coordinators_run_and_curate_in_their_zone_only(app, zone_world):
    coordinator = zone_world["coordinator"]
    run = runs.start_theme_run(coordinator, zone_world["own"], "all")
    assert run.consultation_id == zone_world["own"].id
    db.session.rollback()
    with pytest.raises(PermissionDenied):
        runs.start_theme_run(coordinator, zone_world["metro"], "all")
    with pytest.raises(PermissionDenied):
        curation.rename_theme(coordinator, zone_world["themes"]["piano-metro"], "No")
    curation.rename_theme(coordinator, zone_world["themes"]["agenda-nord-ovest"], "Sì")
    db.session.rollback()


def test_consultation_page_offers_the_coordinator_the_themes_workspace(client, zone_world):
    sign_in(client, zone_world["coordinator"])
    english(client)
    own = client.get("/consultazioni/agenda-nord-ovest").get_data(as_text=True)
    assert "Themes workspace" in own and "Official answers to the proposals" not in own
    assert "Themes workspace" not in client.get("/consultazioni/piano-metro").get_data(as_text=True)
