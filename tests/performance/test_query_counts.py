"""How many SQL statements the busiest requests run (issue #6): each one is a round trip
to PostgreSQL under load, and the numbers below are what the pages need, no more."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.statistics.refresh import run_refresh
from tests.factories import create_consultation, create_proposal, create_user
from tests.proposals.helpers import sign_in

REFERENCE_TABLE = re.compile(r"\bFROM (drivers|zones|comuni|actor_types|missions|vision_keywords)\b")


@pytest.fixture
def rendered(app):
    """Measure the pages as rendered, not as served from the page cache."""
    app.config["PAGE_CACHE_ENABLED"] = False
    return app


def test_a_support_runs_at_most_eleven_statements(client, count_queries):
    proposal = create_proposal()
    url = f"/proposte/{proposal.id}/sostieni"
    run_refresh()  # the participation figures exist, as they do once a site runs
    sign_in(client, create_user())
    client.get("/")  # what a process reads once (reference data) is read
    db.session.expunge_all()  # a request starts with an empty session, as on a server
    with count_queries() as counter:
        response = client.post(url)
    assert response.status_code == 302
    # The person with their roles, their consent (once per session), the proposal, the
    # insert, the counter; then the statistics kept exact (app/statistics/live.py): the lock
    # on the person (PostgreSQL), their acts and the places of what they acted on (2), and
    # at the commit the documents concerned, locked and written (2).
    assert counter.count <= 11, counter.statements
    insert = next(i for i, s in enumerate(counter.statements) if s.lstrip().upper().startswith("INSERT"))
    # The unique constraint decides: no read of the supports before the insert.
    assert not [s for s in counter.statements[:insert] if "FROM supports" in s]


def test_a_second_support_by_the_same_person_changes_nothing(client, count_queries):
    proposal = create_proposal()
    url = f"/proposte/{proposal.id}/sostieni"
    sign_in(client, create_user())
    client.post(url)
    with count_queries() as counter:
        client.post(url)
    assert not [s for s in counter.statements if s.lstrip().upper().startswith("UPDATE")]


def test_a_submission_runs_a_fixed_number_of_statements(client, count_queries):
    consultation = create_consultation(is_premoderated=False)
    run_refresh()
    url = f"/consultazioni/{consultation.slug}/proposte/nuova"
    driver_id = str(consultation.drivers[0].id)
    sign_in(client, create_user())
    client.get("/")
    db.session.expunge_all()
    form = {
        "intent": "submit",
        "title": "Mercati contadini in ogni comune",
        "summary": "Un mercato a chilometro zero ogni settimana.",
        "action": "Aprire un mercato settimanale nelle piazze.",
        "driver_id": driver_id,
        "scope": "metropolitan",
    }
    with count_queries() as counter:
        response = client.post(url, data=form)
    assert response.status_code == 302
    # Reads: person and roles, consultation and its Drivers, entities, the retry token;
    # writes: the proposal inserted in its final state (no UPDATE of it), its two history
    # steps, two audit entries (one multi-row INSERT each where the driver allows), the
    # consultation's counter, and the savepoint around the INSERT.
    # Nothing is reloaded after the commit. The statistics (app/statistics/live.py): the
    # lock on the author (PostgreSQL), their acts and the places of what they acted on (2),
    # the documents locked and written at the commit (2).
    assert counter.count <= 18, counter.statements
    assert not [s for s in counter.statements if s.lstrip().upper().startswith("UPDATE PROPOSALS")]
    assert not [s for s in counter.statements if REFERENCE_TABLE.search(s)]


@pytest.mark.parametrize("path", ["/", "/consultazioni/{slug}", "/consultazioni/{slug}?zone=nord-ovest"])
def test_reference_data_is_not_read_again_on_every_page(rendered, client, count_queries, path):
    consultation = create_consultation()
    create_proposal(consultation=consultation)
    url = path.format(slug=consultation.slug)
    client.get(url)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    assert not [s for s in counter.statements if REFERENCE_TABLE.search(s) and "JOIN" not in s]


def test_the_proposal_page_loads_one_proposal_in_one_statement(rendered, client, count_queries):
    url = f"/proposte/{create_proposal().id}"
    client.get(url)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    # Proposal, supports by actor type, supports from verified identities, comment count,
    # comments, (no replies: none), its documents, the meetings that discussed it, the plan
    # actions it flowed into (directly, and through its themes: read once though shown
    # twice), missions and keywords shown on the
    # page; no Drivers' missions, no author's roles.
    assert counter.count <= 11, counter.statements
    assert not [s for s in counter.statements if "role_assignments" in s or "driver_missions" in s]
