"""The home page (the language switch: tests/main/test_language.py)."""

from tests.factories import create_consultation, create_proposal, create_user, login


def test_home_lists_open_consultations_and_the_ten_drivers(client):
    create_consultation(phase="collection", title="Agenda metropolitana 2027")
    create_consultation(phase="closed", title="Consultazione chiusa")
    page = client.get("/").get_data(as_text=True)
    assert "Agenda metropolitana 2027" in page
    assert "Consultazione chiusa" not in page
    assert "Campus metropolitano smart" in page
    assert "Sistema salute territorio" in page
    assert page.count('class="col-12 col-lg-6 driver-item"') == 10


def test_home_is_in_italian_by_default_and_has_a_language_attribute(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="it">' in page


def test_home_shows_phase_key_dates_and_published_count(client):
    client.get("/lingua/en")
    consultation = create_consultation(phase="collection", title="Agenda metropolitana 2027")
    create_proposal(consultation)
    create_proposal(consultation)
    create_proposal(consultation, state="submitted")
    page = client.get("/").get_data(as_text=True)
    card = next(part for part in page.split("consultation-card")[1:] if "Agenda metropolitana 2027" in part)
    assert "Collecting proposals" in card
    assert "Proposals collected" in card and "Closes" in card
    assert "<dd>2</dd>" in card
    assert f'href="/consultazioni/{consultation.slug}"' in page


def test_home_runs_a_fixed_number_of_queries(app, client, count_queries):
    app.config["PAGE_CACHE_ENABLED"] = False  # the rendering is measured, not the page cache
    client.get("/")  # reference data is read once per process
    create_consultation(phase="collection")
    with count_queries() as one:
        client.get("/")
    for _ in range(5):
        create_consultation(phase="discussion")
    with count_queries() as six:
        client.get("/")
    assert one.count == six.count


def test_home_invites_visitors_to_register_but_not_people_already_in(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/account/registrati"' in page.split('class="hero-actions"')[1].split("</div>")[0]
    login(client, create_user())
    page = client.get("/").get_data(as_text=True)
    assert 'href="/account/registrati"' not in page
