"""How many proposals match a filter or a search is counted once and remembered until
content changes: for logged-in people too, whose pages are never cached."""

from __future__ import annotations

import re

import pytest

from tests.factories import create_consultation, create_proposal, create_user
from tests.proposals.helpers import sign_in

# A count of proposals; the reader's own unread-notifications badge (one indexed count of
# their rows) is not what these tests are about.
COUNT = re.compile(r"SELECT count\(\*\)(?!.*FROM notifications)", re.IGNORECASE | re.DOTALL)


def _found(response) -> str:
    match = re.search(r'class="results-count">([^<]+)<', response.get_data(as_text=True))
    assert match, "no results count on the page"
    return match.group(1).strip()


@pytest.fixture
def reader(client):
    """A logged-in person: never served a cached page."""
    sign_in(client, create_user())
    return client


def test_a_filtered_count_is_counted_once_then_remembered(reader, count_queries):
    consultation = create_consultation()
    for _ in range(3):
        create_proposal(consultation=consultation, driver_number=consultation.drivers[0].number)
    create_proposal(consultation=consultation, driver_number=consultation.drivers[1].number)
    url = f"/consultazioni/{consultation.slug}?driver={consultation.drivers[0].number}"

    with count_queries() as first:
        assert _found(reader.get(url)) == "3 proposte trovate"
    with count_queries() as second:
        page = reader.get(url)
    assert page.headers.get("X-Cache") != "hit"  # the page itself was rendered
    assert _found(page) == "3 proposte trovate"
    assert [s for s in first.statements if COUNT.search(s)]
    assert not [s for s in second.statements if COUNT.search(s)]
    # Another page of the same filters shares the count; another filter counts afresh.
    with count_queries() as other:
        assert _found(reader.get(f"{url}&sort=supported")) == "3 proposte trovate"
    assert not [s for s in other.statements if COUNT.search(s)]
    other_driver = f"/consultazioni/{consultation.slug}?driver={consultation.drivers[1].number}"
    assert _found(reader.get(other_driver)) == "1 proposta trovata"


def test_a_search_count_follows_a_new_proposal_and_a_hide(app, client, reader):
    consultation = create_consultation()
    create_proposal(consultation=consultation, title="Piste ciclabili lungo il Naviglio")
    url = f"/consultazioni/{consultation.slug}?q=ciclabili"
    assert _found(reader.get(url)) == "1 proposta trovata"

    second = create_proposal(consultation=consultation, title="Nuove piste ciclabili a Rho")
    assert _found(reader.get(url)) == "2 proposte trovate"

    moderator = app.test_client()
    sign_in(moderator, create_user(roles=["moderator"]))
    hidden = moderator.post(
        f"/moderazione/proposte/{second.id}/nascondi",
        data={"expected_state": "published", "reason": "Doppione"},
    )
    assert hidden.status_code == 302
    assert _found(reader.get(url)) == "1 proposta trovata"
