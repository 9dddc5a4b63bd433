"""Searching "mobilità" finds the proposals of the mobility Driver that never write the word,
after those that do (the Driver's and missions' titles weigh less than the text)."""

from __future__ import annotations

from app.extensions import db
from app.proposals.search import ProposalSearch, search_proposals
from app.reference.models import Mission
from tests import factories


def _titles(consultation, text: str) -> list[str]:
    page = search_proposals(ProposalSearch(consultation_id=consultation.id, text=text))
    return [p.title for p in page.items]


def test_the_driver_and_mission_titles_are_searched_after_the_text(client):
    consultation = factories.create_consultation()
    factories.create_proposal(
        consultation=consultation, driver_number=5, title="Più corse dei treni suburbani"
    )
    factories.create_proposal(consultation=consultation, driver_number=1, title="Mobilità dolce nei parchi")
    factories.create_proposal(consultation=consultation, driver_number=9, title="Case per studenti")
    with_mission = factories.create_proposal(
        consultation=consultation, driver_number=1, title="Sensori sui bus"
    )
    with_mission.missions = [db.session.query(Mission).filter_by(code="M3").one()]
    db.session.commit()

    found = _titles(consultation, "mobilità")
    # The proposal that writes the word comes first; the others are found by their Driver
    # (D5 · Il diritto alla mobilità) or mission (M3 · … mobilità sostenibile).
    assert found[0] == "Mobilità dolce nei parchi"
    assert set(found) == {"Mobilità dolce nei parchi", "Più corse dei treni suburbani", "Sensori sui bus"}
    assert _titles(consultation, "mobilita") == found  # accents or not
    # Every word must be in the title: "mobilità case" is neither D5 nor D9.
    assert _titles(consultation, "mobilità case") == []

    page = client.get(f"/consultazioni/{consultation.slug}?q=mobilit%C3%A0").get_data(as_text=True)
    assert "Più corse dei treni suburbani" in page and "Case per studenti" not in page
