"""A published synthesis can be found (issue 15, section 1): from its consultation's page,
from the list, from the home page; and its page explains in words how the themes were made."""

from __future__ import annotations

from app.extensions import db
from tests import factories
from tests.synthesis.factories import add_members, create_run, create_synthesis, create_theme

SYNTHESIS_LINK = "Read the published synthesis"


def _consultation_with_synthesis(status: str = "published", phase: str = "closed", slug: str = "con-sintesi"):
    consultation = factories.create_consultation(phase=phase, slug=slug, title="Mobilità e ambiente")
    proposals = [factories.create_proposal(consultation=consultation) for _ in range(3)]
    consultation.published_count = 3
    proposals[0].answer_kind = "accepted"
    proposals[0].answer_text = "Accolta nel piano."
    db.session.commit()
    run = create_run(
        consultation,
        params={
            "k": 2,
            "seed": 7,
            "n_documents": 3,
            "n_usable": 3,
            "n_features": 120,
            "min_theme_size": 1,
            "k_chosen_automatically": True,
            "stop_words": ["comune"],
            "duplicate_groups": [],
        },
    )
    first, second = create_theme(run, "Piste ciclabili"), create_theme(run, "Verde urbano")
    add_members(run, first, proposals[:2])
    add_members(run, second, proposals[2:])
    create_synthesis(consultation, run, status=status)
    return consultation


def _english(client):
    client.get("/lingua/en")


def test_consultation_page_links_to_its_synthesis_with_date_themes_and_answers(client):
    consultation = _consultation_with_synthesis()
    _english(client)
    page = client.get(f"/consultazioni/{consultation.slug}").get_data(as_text=True)
    assert "The synthesis is published" in page
    assert f'href="/consultazioni/{consultation.slug}/sintesi"' in page
    assert "Read the synthesis of this consultation" in page
    assert "2 themes" in page
    assert "1 of 3 proposals answered" in page
    assert client.get(f"/consultazioni/{consultation.slug}/sintesi").status_code == 200


def test_a_draft_synthesis_is_neither_linked_nor_announced(client):
    consultation = _consultation_with_synthesis(status="draft")
    _english(client)
    page = client.get(f"/consultazioni/{consultation.slug}").get_data(as_text=True)
    assert "The synthesis is published" not in page and "/sintesi" not in page
    listing = client.get("/consultazioni/").get_data(as_text=True)
    assert SYNTHESIS_LINK not in listing
    assert "Results: the published syntheses" not in client.get("/").get_data(as_text=True)


def test_list_marks_the_consultations_that_have_a_synthesis(client):
    with_one = _consultation_with_synthesis()
    without = factories.create_consultation(phase="closed", slug="senza-sintesi")
    _english(client)
    listing = client.get("/consultazioni/").get_data(as_text=True)
    assert listing.count(SYNTHESIS_LINK) == 1
    assert f'href="/consultazioni/{with_one.slug}/sintesi"' in listing
    assert f"/consultazioni/{without.slug}/sintesi" not in listing


def test_home_shows_the_published_syntheses_even_of_closed_consultations(client):
    closed = _consultation_with_synthesis(phase="closed", slug="chiusa-con-sintesi")
    open_one = _consultation_with_synthesis(phase="collection", slug="aperta-con-sintesi")
    _english(client)
    home = client.get("/").get_data(as_text=True)
    assert "Results: the published syntheses" in home
    assert f'href="/consultazioni/{closed.slug}/sintesi"' in home
    assert "Synthesis: Mobilità e ambiente" in home
    # The open consultation's card carries the link as well.
    assert SYNTHESIS_LINK in home and f'href="/consultazioni/{open_one.slug}/sintesi"' in home


def test_public_synthesis_explains_how_themes_were_computed_without_raw_json(client):
    consultation = _consultation_with_synthesis()
    _english(client)
    page = client.get(f"/consultazioni/{consultation.slug}/sintesi").get_data(as_text=True)
    assert "How the themes were computed" in page
    assert "All parameters" not in page
    assert "{&#34;" not in page and '{"' not in page and "duplicate_groups" not in page
    assert "Proposals read" in page
    assert "chosen by the engine as the clearest grouping" in page
    assert "Words set aside as naming no theme" in page and "comune" in page
    printable = client.get(f"/consultazioni/{consultation.slug}/sintesi/stampa").get_data(as_text=True)
    assert "Proposals read" in printable and "duplicate_groups" not in printable
    client.get("/lingua/it")
    page = client.get(f"/consultazioni/{consultation.slug}/sintesi").get_data(as_text=True)
    assert "Come sono stati calcolati i temi" in page and "Proposte lette" in page
