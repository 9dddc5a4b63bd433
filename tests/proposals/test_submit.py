"""Submitting a proposal: drafts, full validation, the collection phase, double submits."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.proposals import queries, services
from app.proposals.models import Proposal, ProposalStateChange
from tests import factories
from tests.proposals.helpers import english, full_form, proposal_count, sign_in


def _url(consultation) -> str:
    return f"/consultazioni/{consultation.slug}/proposte/nuova"


def _only_proposal() -> Proposal:
    return db.session.scalars(select(Proposal)).one()


def test_form_renders_with_the_consultation_drivers_and_a_token(client):
    consultation = factories.create_consultation(drivers=[factories.driver(2), factories.driver(5)])
    sign_in(client, factories.create_user())
    page = client.get(_url(consultation)).get_data(as_text=True)
    assert factories.driver(2).name in page
    assert factories.driver(5).name in page
    assert factories.driver(1).name not in page
    assert 'name="submission_token"' in page


def test_save_draft_then_submit_goes_to_moderation_when_premoderated(client):
    consultation = factories.create_consultation(is_premoderated=True)
    author = factories.create_user()
    sign_in(client, author)

    response = client.post(_url(consultation), data={"title": "Solo un titolo", "intent": "draft"})
    assert response.status_code == 302
    proposal = _only_proposal()
    assert proposal.state == "draft"
    assert proposal.author_id == author.id
    assert proposal.actor_type.code == "cittadino"

    response = client.post(f"/proposte/{proposal.id}/modifica", data=full_form())
    assert response.status_code == 302
    db.session.expire_all()
    proposal = _only_proposal()
    assert proposal.state == "submitted"
    assert proposal.title == "Più piste ciclabili tra i comuni"
    assert proposal.driver.number == 5
    assert proposal.submitted_at is not None
    states = [
        c.to_state for c in db.session.scalars(select(ProposalStateChange).order_by(ProposalStateChange.id))
    ]
    assert states == ["draft", "submitted"]


def test_submit_publishes_straight_away_when_not_premoderated(client):
    consultation = factories.create_consultation(is_premoderated=False)
    sign_in(client, factories.create_user())
    response = client.post(_url(consultation), data=full_form())
    assert response.status_code == 302
    proposal = _only_proposal()
    assert proposal.state == "published"
    assert proposal.published_at is not None
    db.session.refresh(consultation)
    assert consultation.published_count == 1
    assert client.get(f"/proposte/{proposal.id}").status_code == 200


def test_all_structured_fields_are_stored(client):
    consultation = factories.create_consultation()
    sign_in(client, factories.create_user())
    missions = [m.id for m in consultation.drivers[4].missions] or []
    data = full_form(
        scope="comuni", comuni=[str(factories.comune("Rho").id), str(factories.comune("Legnano").id)]
    )
    data["missions"] = [str(m) for m in missions]
    data["keywords"] = ["1", "3"]
    assert client.post(_url(consultation), data=data).status_code == 302
    proposal = _only_proposal()
    assert [c.name for c in proposal.comuni] == ["Legnano", "Rho"]
    assert [m.id for m in proposal.missions] == sorted(missions)
    assert [k.id for k in proposal.keywords] == [1, 3]
    assert proposal.need == "Mancano collegamenti sicuri in bicicletta."
    assert proposal.expected_results == "Meno traffico e più sicurezza."


def test_missing_required_fields_give_one_message_each_and_create_nothing(client):
    consultation = factories.create_consultation()
    sign_in(client, factories.create_user())
    english(client)
    data = full_form(title="Corto", summary="", action="", driver_id="")
    response = client.post(_url(consultation), data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert "The title must be at least 10 characters long." in page
    assert "Enter a short summary." in page
    assert "Describe the action you propose." in page
    assert "Choose the Driver your proposal belongs to." in page
    assert proposal_count() == 0


def test_scope_rules_zone_and_comuni_need_a_choice(client):
    consultation = factories.create_consultation()
    sign_in(client, factories.create_user())
    english(client)
    response = client.post(_url(consultation), data=full_form(scope="zone", zone_id=""))
    assert response.status_code == 422
    assert "Choose the zone your proposal is about." in response.get_data(as_text=True)
    response = client.post(_url(consultation), data=full_form(scope="comuni"))
    assert response.status_code == 422
    assert "Choose at least one comune." in response.get_data(as_text=True)
    assert proposal_count() == 0

    zone = factories.zone("nord-ovest")
    assert (
        client.post(_url(consultation), data=full_form(scope="zone", zone_id=str(zone.id))).status_code == 302
    )
    assert _only_proposal().zone_id == zone.id


def test_driver_outside_the_consultation_is_refused(client):
    consultation = factories.create_consultation(drivers=[factories.driver(1)])
    sign_in(client, factories.create_user())
    english(client)
    response = client.post(_url(consultation), data=full_form(driver_id=str(factories.driver(5).id)))
    assert response.status_code == 422
    assert "Choose one of the Drivers this consultation covers." in response.get_data(as_text=True)
    assert proposal_count() == 0


def test_zone_consultation_restricts_comuni_to_its_zone(client):
    zone = factories.zone("nord-ovest")
    consultation = factories.create_consultation(scope="zone", zone=zone)
    sign_in(client, factories.create_user())
    english(client)
    rho = factories.comune("Rho")
    assert rho.zone_id == zone.id
    milano = factories.comune("Milano")
    response = client.post(_url(consultation), data=full_form(scope="comuni", comuni=[str(milano.id)]))
    assert response.status_code == 422
    assert proposal_count() == 0
    response = client.post(_url(consultation), data=full_form(scope="metropolitan"))
    assert response.status_code == 422
    assert 'href="#scope-0">Territorial scope:' in response.get_data(as_text=True)

    response = client.post(_url(consultation), data=full_form(scope="zone"))
    assert response.status_code == 302
    assert _only_proposal().zone_id == zone.id


def test_draft_needs_only_a_title(client):
    consultation = factories.create_consultation()
    sign_in(client, factories.create_user())
    english(client)
    response = client.post(_url(consultation), data={"title": "", "intent": "draft"})
    assert response.status_code == 422
    assert "Enter a title." in response.get_data(as_text=True)
    assert proposal_count() == 0


def test_text_is_sanitised_before_storage(client):
    consultation = factories.create_consultation()
    sign_in(client, factories.create_user())
    data = full_form(summary="<b>Grassetto</b> e <script>alert(1)</script> fine")
    assert client.post(_url(consultation), data=data).status_code == 302
    assert "<" not in _only_proposal().summary


def test_outside_the_collection_phase_is_refused_with_a_message(client):
    sign_in(client, factories.create_user())
    english(client)
    for phase in ("information", "discussion", "closed"):
        consultation = factories.create_consultation(phase=phase)
        response = client.post(_url(consultation), data=full_form())
        assert response.status_code == 409
        assert "Proposals can be submitted only while the collection phase is open" in response.get_data(
            as_text=True
        )
        assert client.get(_url(consultation)).status_code == 409
    assert proposal_count() == 0


def test_double_submit_makes_one_proposal(client):
    consultation = factories.create_consultation()
    sign_in(client, factories.create_user())
    data = full_form(submission_token="the-same-token")
    first = client.post(_url(consultation), data=data)
    second = client.post(_url(consultation), data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert proposal_count() == 1


def test_double_submit_race_on_the_unique_token_returns_the_existing_proposal(app, monkeypatch):
    """The IntegrityError path: the other request inserts between our check and our insert."""
    consultation = factories.create_consultation()
    author = factories.create_user()
    data = services.ProposalInput(title="Un titolo valido", submission_token="race")
    first, created = services.submit_proposal(author, consultation, data, final=False)
    db.session.commit()

    answers = [None]  # the first look-up misses the concurrent insert, later ones see it
    real_lookup = queries.find_proposal_by_token
    monkeypatch.setattr(
        queries, "find_proposal_by_token", lambda token: answers.pop() if answers else real_lookup(token)
    )
    again, created_again = services.submit_proposal(author, consultation, data, final=False)
    db.session.commit()
    assert created and not created_again
    assert again.id == first.id
    assert proposal_count() == 1


def test_unconfirmed_users_get_403_and_visitors_are_sent_to_login(client):
    consultation = factories.create_consultation()
    response = client.get(_url(consultation))
    assert response.status_code == 302
    assert "/account/accedi" in response.headers["Location"]
    sign_in(client, factories.create_user(confirmed=False))
    assert client.get(_url(consultation)).status_code == 403
    assert client.post(_url(consultation), data=full_form()).status_code == 403
    assert proposal_count() == 0


def test_representative_submits_on_behalf_of_the_organisation(client):
    consultation = factories.create_consultation()
    user = factories.create_user()
    organisation = factories.create_organisation(actor_type_code="universita")
    factories.create_representative(user=user, organisation=organisation)
    sign_in(client, user)
    page = client.get(_url(consultation)).get_data(as_text=True)
    assert organisation.name in page
    response = client.post(_url(consultation), data=full_form(on_behalf=f"organisation:{organisation.id}"))
    assert response.status_code == 302
    proposal = _only_proposal()
    assert proposal.organisation_id == organisation.id
    assert proposal.actor_type.code == "universita"
    assert proposal.on_behalf_comune_id is None


def test_comune_representative_submits_on_behalf_of_the_comune(client):
    consultation = factories.create_consultation(is_premoderated=False)
    user = factories.create_user()
    rho = factories.comune("Rho")
    factories.create_representative(user=user, comune=rho)
    sign_in(client, user)
    assert client.post(_url(consultation), data=full_form(on_behalf=f"comune:{rho.id}")).status_code == 302
    proposal = _only_proposal()
    assert proposal.on_behalf_comune_id == rho.id
    assert proposal.actor_type.code == "comune"
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "Comune di Rho" in page


def test_cannot_submit_on_behalf_of_an_entity_one_does_not_represent(client):
    consultation = factories.create_consultation()
    user = factories.create_user()
    pending = factories.create_representative(user=user, status="pending")
    sign_in(client, user)
    response = client.post(
        _url(consultation), data=full_form(on_behalf=f"organisation:{pending.organisation_id}")
    )
    assert response.status_code == 422
    assert proposal_count() == 0
