"""Full-text search of proposals (SQLite FTS5 or PostgreSQL tsvector, whichever runs)."""

from __future__ import annotations

import html
import re

import pytest

from app.extensions import db
from app.proposals.search import ProposalSearch, fts5_match_expression, search_proposals, search_words
from tests.factories import create_consultation, create_proposal, create_support, create_user, login

TITLE = re.compile(r'<h3 class="[^"]*proposal-title[^"]*"><a href="/proposte/\d+">([^<]*)</a>')


def found(client, consultation, q, **params) -> list[str]:
    response = client.get(f"/consultazioni/{consultation.slug}", query_string={"q": q, **params})
    assert response.status_code == 200
    return [html.unescape(t) for t in TITLE.findall(response.get_data(as_text=True))]


@pytest.fixture
def consultation(app):
    consultation = create_consultation(slug="agenda")
    create_proposal(
        consultation,
        title="Più autobus notturni",
        summary="Potenziare il trasporto pubblico di notte tra i comuni della cintura.",
    )
    create_proposal(
        consultation,
        title="Aprire le scuole al quartiere",
        summary="Le scuole superiori diventano centri civici il pomeriggio.",
    )
    create_proposal(
        consultation,
        title="Comunità energetiche",
        summary="Impianti fotovoltaici sui tetti degli edifici pubblici della città.",
    )
    return consultation


def test_a_word_finds_the_proposal_that_contains_it(client, consultation):
    assert found(client, consultation, "autobus") == ["Più autobus notturni"]
    assert found(client, consultation, "fotovoltaici") == ["Comunità energetiche"]


def test_italian_inflections_match(client, consultation):
    # singular/plural and a truncated word
    assert found(client, consultation, "scuola") == ["Aprire le scuole al quartiere"]
    assert found(client, consultation, "trasporti") == ["Più autobus notturni"]
    assert found(client, consultation, "notturno") == ["Più autobus notturni"]


def test_accented_words_and_case(client, consultation):
    assert found(client, consultation, "città") == ["Comunità energetiche"]
    assert found(client, consultation, "CITTÀ") == ["Comunità energetiche"]
    assert found(client, consultation, "energetica") == ["Comunità energetiche"]
    if db.engine.dialect.name == "sqlite":
        # FTS5 removes diacritics: informal writing without accents still finds it.
        assert found(client, consultation, "citta") == ["Comunità energetiche"]


def test_all_words_must_match(client, consultation):
    assert found(client, consultation, "scuole quartiere") == ["Aprire le scuole al quartiere"]
    assert found(client, consultation, "scuole fotovoltaici") == []


HOSTILE = [
    '"); DROP TABLE proposals; --',
    "NEAR(",
    "*",
    '"',
    "title:autobus",
    "autobus OR",
    "AND NOT (",
    "^autobus",
    "' OR 1=1 --",
    "%_%",
    "!!!",
    "x" * 500,
    "autobus " * 40,
]


def test_hostile_queries_give_a_normal_page(client, consultation):
    for hostile in HOSTILE:
        response = client.get(f"/consultazioni/{consultation.slug}", query_string={"q": hostile})
        assert response.status_code == 200, hostile
    # the table is still there and searchable
    assert found(client, consultation, "autobus") == ["Più autobus notturni"]


def test_a_query_with_no_words_is_ignored_and_says_so(client, consultation):
    client.get("/lingua/en")
    response = client.get(f"/consultazioni/{consultation.slug}", query_string={"q": "*"})
    page = response.get_data(as_text=True)
    assert len(TITLE.findall(page)) == 3
    assert "no words to look for" in page


def test_hidden_rejected_and_draft_proposals_are_never_found(client, consultation):
    for state in ("hidden", "rejected", "draft", "submitted", "withdrawn"):
        create_proposal(consultation, state=state, title=f"Autobus {state}", summary="autobus")
    assert found(client, consultation, "autobus") == ["Più autobus notturni"]
    login(client, create_user())
    assert found(client, consultation, "autobus", state="hidden") == ["Più autobus notturni"]


def test_results_are_in_relevance_order_unless_another_order_is_chosen(client, consultation):
    # A match in the title counts more than one in the text.
    # The title match is older, so relevance and "newest" give different orders.
    create_proposal(consultation, title="Piste ciclabili sicure", summary="Percorsi protetti.")
    in_text = create_proposal(
        consultation, title="Biciclette", summary="Servono piste ciclabili e parcheggi."
    )
    for _ in range(2):
        create_support(in_text)
    assert found(client, consultation, "ciclabili") == ["Piste ciclabili sicure", "Biciclette"]
    assert found(client, consultation, "ciclabili", sort="newest") == ["Biciclette", "Piste ciclabili sicure"]
    assert found(client, consultation, "ciclabili", sort="supported") == [
        "Biciclette",
        "Piste ciclabili sicure",
    ]


def test_search_follows_edits(client, consultation):
    proposal = create_proposal(consultation, title="Parchi", summary="Nuovi alberi.")
    proposal.summary = "Forestazione urbana lungo i Navigli."
    db.session.commit()
    assert found(client, consultation, "forestazione") == ["Parchi"]
    assert found(client, consultation, "alberi") == []


def test_the_service_restricts_to_public_states_by_default(app, consultation):
    create_proposal(consultation, state="hidden", title="Autobus nascosti")
    page = search_proposals(ProposalSearch(text="autobus"))
    assert [p.title for p in page.items] == ["Più autobus notturni"]
    assert page.total == 1


def test_fts5_expression_quotes_every_word():
    assert fts5_match_expression('scuole "NEAR(" trasporti*') == '"scuol"* "near"* "trasport"*'
    assert fts5_match_expression('"); DROP TABLE proposals; --') == '"drop"* "tabl"* "proposals"*'
    assert fts5_match_expression("* ( ) :") is None
    assert search_words("Città città CITTÀ") == ["città"]
