"""The list of proposals on a consultation's page: filters, orders, pages, states, query count."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models_base import utcnow
from tests.factories import (
    actor_type,
    comune,
    create_comment,
    create_consultation,
    create_organisation,
    create_proposal,
    create_support,
    create_user,
    login,
    zone,
)

TITLE = re.compile(r'<h3 class="[^"]*proposal-title[^"]*"><a href="/proposte/\d+">([^<]*)</a>')


def titles(client, consultation, **params) -> list[str]:
    response = client.get(f"/consultazioni/{consultation.slug}", query_string=params)
    assert response.status_code == 200
    return [html.unescape(t) for t in TITLE.findall(response.get_data(as_text=True))]


@pytest.fixture
def consultation(app):
    return create_consultation(slug="agenda-2027")


def test_only_published_proposals_of_this_consultation_are_listed(client, consultation):
    create_proposal(consultation, title="Pubblicata")
    for state in ("draft", "submitted", "changes_requested", "rejected", "withdrawn", "hidden"):
        create_proposal(consultation, state=state, title=f"Stato {state}")
    create_proposal(create_consultation(), title="Di un'altra consultazione")
    assert titles(client, consultation) == ["Pubblicata"]


def test_filter_by_driver(client, consultation):
    create_proposal(consultation, title="Mobilità", driver_number=5)
    create_proposal(consultation, title="Scuole", driver_number=7)
    assert titles(client, consultation, driver="5") == ["Mobilità"]
    assert titles(client, consultation, driver="7") == ["Scuole"]


def test_filter_by_zone_matches_the_zone_or_one_of_its_comuni(client, consultation):
    nord_ovest = zone("nord-ovest")
    create_proposal(consultation, title="Per la zona", scope="zone", zone_id=nord_ovest.id)
    by_comune = create_proposal(consultation, title="Per Rho", scope="comuni")
    by_comune.comuni = [comune("Rho")]
    elsewhere = create_proposal(consultation, title="Per Legnano", scope="comuni")
    elsewhere.comuni = [comune("Legnano")]
    create_proposal(consultation, title="Metropolitana")
    db.session.commit()
    assert sorted(titles(client, consultation, zone="nord-ovest")) == ["Per Rho", "Per la zona"]
    assert titles(client, consultation, zone="alto-milanese") == ["Per Legnano"]


def test_filter_by_comune(client, consultation):
    rho = create_proposal(consultation, title="Rho e Legnano", scope="comuni")
    rho.comuni = [comune("Rho"), comune("Legnano")]
    other = create_proposal(consultation, title="Solo Magenta", scope="comuni")
    other.comuni = [comune("Magenta")]
    db.session.commit()
    assert titles(client, consultation, comune="015118") == ["Rho e Legnano"]
    assert titles(client, consultation, comune="015130") == ["Solo Magenta"]


def test_filter_by_actor_type(client, consultation):
    create_proposal(consultation, title="Di un cittadino")
    create_proposal(consultation, title="Di un'associazione", actor_type_id=actor_type("associazione").id)
    assert titles(client, consultation, actor="associazione") == ["Di un'associazione"]
    assert titles(client, consultation, actor="cittadino") == ["Di un cittadino"]


def test_filters_combine(client, consultation):
    create_proposal(
        consultation, title="D5 associazione", driver_number=5, actor_type_id=actor_type("associazione").id
    )
    create_proposal(consultation, title="D5 cittadino", driver_number=5)
    create_proposal(
        consultation, title="D7 associazione", driver_number=7, actor_type_id=actor_type("associazione").id
    )
    assert titles(client, consultation, driver="5", actor="associazione") == ["D5 associazione"]


def test_invalid_filter_values_are_ignored_with_a_note(client, consultation):
    create_proposal(consultation, title="Una proposta")
    client.get("/lingua/en")
    response = client.get(
        f"/consultazioni/{consultation.slug}",
        query_string={"driver": "99", "zone": "atlantide", "sort": "random", "page": "abc"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert TITLE.findall(page) == ["Una proposta"]
    assert "is not valid and was ignored" in page
    assert "Driver" in page and "Zona omogenea" in page and "Order" in page


def test_the_public_cannot_ask_for_other_states(client, consultation):
    create_proposal(consultation, title="Pubblicata")
    create_proposal(consultation, title="Nascosta", state="hidden")
    assert titles(client, consultation, state="hidden") == ["Pubblicata"]
    login(client, create_user())
    assert titles(client, consultation, state="hidden") == ["Pubblicata"]


def test_moderators_can_list_other_states(client, consultation):
    create_proposal(consultation, title="Pubblicata")
    create_proposal(consultation, title="Nascosta", state="hidden")
    create_proposal(consultation, title="In attesa", state="submitted")
    login(client, create_user(roles=["moderator"]))
    assert titles(client, consultation) == ["Pubblicata"]
    assert titles(client, consultation, state="hidden") == ["Nascosta"]
    assert titles(client, consultation, state="submitted") == ["In attesa"]


def test_orders(client, consultation):
    now = utcnow()
    new = create_proposal(consultation, title="Nuova")
    old = create_proposal(consultation, title="Vecchia")
    middle = create_proposal(consultation, title="Media")
    _published(new, now - timedelta(days=1))
    _published(middle, now - timedelta(days=2))
    _published(old, now - timedelta(days=3))
    for _ in range(3):
        create_support(middle)
    create_support(old)
    # state given explicitly: the factory counts a comment only if it is published
    for _ in range(2):
        create_comment(old, state="published")
    create_comment(new, state="published")
    assert titles(client, consultation) == ["Nuova", "Media", "Vecchia"]
    assert titles(client, consultation, sort="newest") == ["Nuova", "Media", "Vecchia"]
    assert titles(client, consultation, sort="supported") == ["Media", "Vecchia", "Nuova"]
    assert titles(client, consultation, sort="commented") == ["Vecchia", "Nuova", "Media"]


def test_pagination_keeps_the_filters(client, consultation):
    now = utcnow()
    for n in range(25):
        proposal = create_proposal(consultation, title=f"Mobilità {n:02d}", driver_number=5)
        _published(proposal, now - timedelta(hours=n))
    create_proposal(consultation, title="Altro Driver", driver_number=1)
    response = client.get(
        f"/consultazioni/{consultation.slug}", query_string={"driver": "5", "sort": "newest"}
    )
    page_one = response.get_data(as_text=True)
    assert TITLE.findall(page_one) == [f"Mobilità {n:02d}" for n in range(20)]
    next_link = re.search(r'href="([^"]*)"[^>]*rel="next"', page_one).group(1).replace("&amp;", "&")
    assert "driver=5" in next_link and "sort=newest" in next_link and "page=2" in next_link
    page_two = client.get(next_link).get_data(as_text=True)
    assert TITLE.findall(page_two) == [f"Mobilità {n:02d}" for n in range(20, 25)]
    assert 'rel="next"' not in page_two


def _published(proposal, when) -> None:
    proposal.published_at = when
    db.session.commit()


def _fill(consultation, count: int) -> None:
    organisation = create_organisation()
    author, supporter = create_user(), create_user()
    for n in range(count):
        proposal = create_proposal(
            consultation,
            author=author,
            title=f"Proposta {n}",
            driver_number=(n % 10) + 1,
            scope="zone",
            zone_id=zone("nord-ovest").id,
            organisation_id=organisation.id if n % 2 else None,
        )
        if n % 3 == 0:
            proposal.comuni = [comune("Rho")]
            create_support(proposal, supporter)
            create_comment(proposal, supporter, state="published")
    db.session.commit()


@pytest.mark.parametrize("params", [{}, {"q": "proposta", "zone": "nord-ovest", "sort": "supported"}])
def test_the_page_runs_the_same_number_of_queries_whatever_the_data(client, count_queries, params):
    small = create_consultation(slug="piccola")
    large = create_consultation(slug="grande")
    _fill(small, 5)
    _fill(large, 60)
    login(client, create_user())
    client.get("/consultazioni/piccola")  # warm up what is cached per process
    db.session.expunge_all()
    with count_queries() as few:
        assert client.get("/consultazioni/piccola", query_string=params).status_code == 200
    db.session.expunge_all()
    with count_queries() as many:
        response = client.get("/consultazioni/grande", query_string=params)
    assert response.status_code == 200
    assert len(TITLE.findall(response.get_data(as_text=True))) == 20
    assert few.count == many.count
    # about 19 today: page, reference lists, count, page of proposals and its selectin loads
    assert many.count <= 25
