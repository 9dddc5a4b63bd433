"""Public pages "Dal Forum al Piano": the list with its filters, an action's page, a proposal's box."""

from __future__ import annotations

from app.extensions import db
from tests import factories
from tests.actions.factories import add_update, create_action, link
from tests.proposals.helpers import english, sign_in
from tests.synthesis.factories import create_run, create_theme


def test_the_list_shows_each_action_with_its_status_progress_and_links(client):
    consultation = factories.create_consultation(phase="answers")
    proposals = [factories.create_proposal(consultation=consultation) for _ in range(2)]
    hidden = factories.create_proposal(consultation=consultation, state="hidden")
    action = create_action("Progetto ForestaMI")
    link(action, proposals[0])
    link(action, hidden)  # hidden later by a moderator: not counted, not shown
    run = create_run(consultation)
    theme = create_theme(run, members=proposals, label="Mobilità ciclabile")
    link(action, theme=theme)
    add_update(action, "in_progress", 40)
    create_action("Azione ritirata", is_retired=True)
    english(client)

    page = client.get("/dal-forum-al-piano/").get_data(as_text=True)
    assert "Progetto ForestaMI" in page and "In progress" in page and "40 %" in page
    assert "2 proposals" in page and "1 theme" in page
    assert "Azione ritirata" not in page
    assert "1 action" in page


def test_filters_by_status_policy_area_driver_and_zone(client):
    consultation = factories.create_consultation(phase="answers")
    mobility = factories.create_proposal(consultation=consultation, driver_number=5)
    nord_ovest = factories.create_proposal(
        consultation=consultation, driver_number=2, scope="zone", zone_id=factories.zone("nord-ovest").id
    )
    bikes = create_action("Piste ciclabili", policy_area="Infrastrutture e sistemi di mobilità")
    forest = create_action("Boschi", policy_area="Sostenibilità ambientale e parchi", status="planned")
    link(bikes, mobility)
    link(forest, nord_ovest)
    english(client)

    def titles(query: str) -> set[str]:
        page = client.get(f"/dal-forum-al-piano/?{query}").get_data(as_text=True)
        return {title for title in ("Piste ciclabili", "Boschi") if title in page}

    assert titles("") == {"Piste ciclabili", "Boschi"}
    assert titles("driver=5") == {"Piste ciclabili"}
    assert titles("zona=nord-ovest") == {"Boschi"}
    assert titles("stato=planned") == {"Boschi"}
    assert titles("ambito=Infrastrutture+e+sistemi+di+mobilit%C3%A0") == {"Piste ciclabili"}
    # Nonsense in the query string is ignored, never an error.
    assert titles("driver=abc&zona=atlantide&stato=<b>&tipo=x&page=-3") == {"Piste ciclabili", "Boschi"}


def test_an_action_page_shows_facts_proposals_themes_and_timeline(client):
    consultation = factories.create_consultation(phase="answers")
    proposal = factories.create_proposal(consultation=consultation, title="Boschi urbani nei comuni")
    draft = factories.create_proposal(consultation=consultation, title="Bozza segreta", state="draft")
    run = create_run(consultation)
    theme = create_theme(run, members=[proposal], label="Forestazione urbana")
    action = create_action("Progetto ForestaMI", partners="Parco Nord Milano")
    link(action, proposal, note="Accolta nella fase 2.")
    link(action, draft)
    link(action, theme=theme)
    add_update(action, "planned", 10, body="Approvato il protocollo d'intesa.")
    add_update(action, "in_progress", 40, body="Messe a dimora 5.000 piante.", dup_year=2027)
    english(client)

    response = client.get(f"/dal-forum-al-piano/azioni/{action.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Parco Nord Milano" in page
    assert "Boschi urbani nei comuni" in page and "Accolta nella fase 2." in page
    assert "Bozza segreta" not in page
    assert "Forestazione urbana" in page
    assert page.index("Messe a dimora") < page.index("Approvato il protocollo")  # newest first
    assert "Planned → In progress" in page and "DUP 2027" in page
    assert client.get("/dal-forum-al-piano/azioni/999999").status_code == 404


def test_a_proposal_page_says_which_action_it_flowed_into(client):
    consultation = factories.create_consultation(phase="answers")
    direct = factories.create_proposal(consultation=consultation)
    member = factories.create_proposal(consultation=consultation)
    alone = factories.create_proposal(consultation=consultation)
    run = create_run(consultation)
    theme = create_theme(run, members=[member], label="Navigli e vie d'acqua")
    action = create_action("Vie d'acqua come driver di sviluppo")
    link(action, direct)
    link(action, theme=theme)
    add_update(action, "in_progress", 40)
    db.session.commit()

    page = client.get(f"/proposte/{direct.id}").get_data(as_text=True)
    assert "Confluita in:" in page and "Vie d&#39;acqua come driver di sviluppo" in page
    assert "in corso, 40 %" in page
    through_theme = client.get(f"/proposte/{member.id}").get_data(as_text=True)
    assert "Confluita in:" in through_theme and "Navigli e vie d&#39;acqua" in through_theme
    assert "Confluita in:" not in client.get(f"/proposte/{alone.id}").get_data(as_text=True)


def test_the_list_and_an_action_page_cost_the_same_queries_whatever_their_length(client, count_queries):
    consultation = factories.create_consultation(phase="answers")
    action = create_action("Azione con molte proposte")
    sign_in(client, factories.create_user())  # a logged-in reader: pages rendered, never cached

    def measure(path: str) -> int:
        client.get(path)  # reference data and the like, loaded once per process
        with count_queries() as counter:
            response = client.get(path)
        assert response.status_code == 200 and response.headers.get("X-Cache") != "hit"
        assert counter.count > 3
        return counter.count

    def grow() -> None:
        for _ in range(3):
            other = create_action()
            proposal = factories.create_proposal(consultation=consultation)
            link(other, proposal)
            link(action, proposal, note="Nota.")
            add_update(action, "in_progress", 30)

    grow()
    before = (measure("/dal-forum-al-piano/?driver=1"), measure(f"/dal-forum-al-piano/azioni/{action.id}"))
    grow()
    grow()
    after = (measure("/dal-forum-al-piano/?driver=1"), measure(f"/dal-forum-al-piano/azioni/{action.id}"))
    assert before == after
