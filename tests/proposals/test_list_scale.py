"""The proposal list at scale: deep pages, totals from the counter, what a page loads.

Speed itself is measured by bench/http_bench.py on a seeded database, never here; these
tests pin the behaviour the fast paths must keep.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models_base import utcnow
from app.proposals.models import Proposal
from tests.factories import create_consultation, create_proposal, create_support, zone

TITLE = re.compile(r'<h3 class="[^"]*proposal-title[^"]*"><a href="/proposte/\d+">([^<]*)</a>')
FOUND = re.compile(r"([\d.,]+) (?:proposte trovate|proposals found|proposta trovata|proposal found)")


def _titles(client, slug: str, **params) -> list[str]:
    response = client.get(f"/consultazioni/{slug}", query_string=params)
    assert response.status_code == 200
    return [html.unescape(t) for t in TITLE.findall(response.get_data(as_text=True))]


@pytest.fixture
def crowded(app):
    """12 published proposals in pages of 5, several published at the same time (ties)."""
    app.config["PAGE_SIZE"] = 5
    consultation = create_consultation(slug="affollata")
    base = utcnow() - timedelta(days=3)
    for n in range(12):
        proposal = create_proposal(
            consultation, title=f"Proposta {n:02d}", published_at=base + timedelta(minutes=n // 3)
        )
        for _ in range(n % 3):
            create_support(proposal)
        proposal.supports_count = n % 3
    db.session.commit()
    return consultation


@pytest.mark.parametrize("sort", ["newest", "supported"])
def test_pages_cut_the_list_without_gaps_or_repeats(client, crowded, sort):
    pages = [_titles(client, crowded.slug, sort=sort, page=n) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [5, 5, 2]
    listed = [title for page in pages for title in page]
    assert len(set(listed)) == 12
    proposals = db.session.scalars(db.select(Proposal).where(Proposal.consultation_id == crowded.id)).all()
    key = {
        "newest": lambda p: (p.published_at, p.id),
        "supported": lambda p: (p.supports_count, p.published_at, p.id),
    }[sort]
    assert listed == [p.title for p in sorted(proposals, key=key, reverse=True)]


def test_a_deep_page_runs_the_same_queries_as_the_first(app, client, crowded, count_queries):
    app.config["PAGE_CACHE_ENABLED"] = False  # the rendering is measured, not the page cache
    client.get(f"/consultazioni/{crowded.slug}")  # warm up what is cached per process
    db.session.expunge_all()
    with count_queries() as first:
        assert len(_titles(client, crowded.slug)) == 5
    db.session.expunge_all()
    with count_queries() as deep:
        assert len(_titles(client, crowded.slug, page=3)) == 2
    assert first.count == deep.count


def test_the_unfiltered_total_is_the_consultations_counter(client, crowded, count_queries):
    client.get("/lingua/en")
    with count_queries() as counter:
        body = client.get(f"/consultazioni/{crowded.slug}").get_data(as_text=True)
    assert FOUND.search(body).group(1) == "12"
    # No count(*) over the proposals: the exact denormalised counter is read instead.
    assert not [s for s in counter.statements if "count(" in s.lower() and "answer_kind" not in s]


def test_a_filtered_total_is_counted(client, crowded):
    client.get("/lingua/en")
    elsewhere = create_proposal(crowded, title="Altrove", scope="zone", zone_id=zone("nord-ovest").id)
    body = client.get(f"/consultazioni/{crowded.slug}", query_string={"zone": "nord-ovest"}).get_data(
        as_text=True
    )
    assert FOUND.search(body).group(1) == "1"
    assert _titles(client, crowded.slug, zone="nord-ovest") == [elsewhere.title]


def test_a_page_past_the_end_is_empty_not_an_error(client, crowded):
    assert _titles(client, crowded.slug, page=500) == []
