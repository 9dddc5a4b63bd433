"""Public pages of organisations and comuni: their proposals and the proposals they support."""

from __future__ import annotations

from app.extensions import db
from tests.factories import (
    actor_type,
    comune,
    create_organisation,
    create_proposal,
    create_support,
    create_user,
)


def _org_proposal(organisation, title, state="published"):
    return create_proposal(
        title=title,
        state=state,
        organisation_id=organisation.id,
        actor_type_id=organisation.actor_type_id,
    )


def test_organisation_page_lists_published_proposals_and_supports(client):
    organisation = create_organisation(name="Fondazione Cariplo Test")
    _org_proposal(organisation, "Boschi urbani nel Nord Ovest")
    _org_proposal(organisation, "Bozza riservata", state="draft")
    create_proposal(title="Proposta di qualcun altro")
    supported = create_proposal(title="Piste ciclabili sicure")
    create_support(supported, organisation_id=organisation.id, actor_type_id=organisation.actor_type_id)
    # A second person of the same organisation supporting it does not duplicate it.
    create_support(supported, organisation_id=organisation.id, actor_type_id=organisation.actor_type_id)
    create_support(create_proposal(title="Sostenuta da un privato"))

    page = client.get(f"/enti/{organisation.slug}").get_data(as_text=True)
    assert "Fondazione Cariplo Test" in page
    assert "Boschi urbani nel Nord Ovest" in page
    assert "Bozza riservata" not in page
    assert "Proposta di qualcun altro" not in page

    supports = client.get(f"/enti/{organisation.slug}/adesioni").get_data(as_text=True)
    assert supports.count("Piste ciclabili sicure") == 1
    assert "Sostenuta da un privato" not in supports
    assert client.get("/enti/non-esiste").status_code == 404


def test_comune_page_lists_its_proposals_and_supports(client):
    rho = comune("Rho")
    create_proposal(
        title="Navetta per la stazione", on_behalf_comune_id=rho.id, actor_type_id=actor_type("comune").id
    )
    supported = create_proposal(title="Casa di comunità")
    create_support(supported, on_behalf_comune_id=rho.id, actor_type_id=actor_type("comune").id)
    page = client.get(f"/comuni/{rho.istat_code}").get_data(as_text=True)
    assert "Navetta per la stazione" in page and "Nord Ovest" in page
    assert "Casa di comunità" in client.get(f"/comuni/{rho.istat_code}/adesioni").get_data(as_text=True)
    assert client.get("/comuni/999999").status_code == 404


def test_entity_pages_are_paginated_in_a_fixed_number_of_queries(app, client, count_queries):
    app.config["PAGE_SIZE"] = 3
    organisation = create_organisation()
    _org_proposal(organisation, "Prima proposta")
    url = f"/enti/{organisation.slug}"
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for n in range(5):
        proposal = _org_proposal(organisation, f"Altra proposta {n}")
        create_support(
            proposal,
            user=create_user(),
            organisation_id=organisation.id,
            actor_type_id=organisation.actor_type_id,
        )
    # The set-up is written and committed before counting: the statistics' watch marks writes no
    # service announced (factories) in the same transaction, which is not the page's doing.
    db.session.commit()
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert many.count == few.count
    assert page.count('<h3 class="card-title h5 proposal-title">') == 3
    assert 'rel="next"' in page
    with count_queries() as supports:
        page = client.get(f"{url}/adesioni?page=2").get_data(as_text=True)
    assert supports.count == few.count
    assert page.count('<h3 class="card-title h5 proposal-title">') == 2
