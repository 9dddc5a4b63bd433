"""The home page and the language switch."""

from tests.factories import create_consultation, create_proposal


def test_home_lists_open_consultations_and_the_ten_drivers(client):
    create_consultation(phase="collection", title="Agenda metropolitana 2027")
    create_consultation(phase="closed", title="Consultazione chiusa")
    page = client.get("/").get_data(as_text=True)
    assert "Agenda metropolitana 2027" in page
    assert "Consultazione chiusa" not in page
    assert "Campus metropolitano smart" in page
    assert "Sistema salute territorio" in page
    assert page.count("<li><strong>") == 10


def test_home_is_in_italian_by_default_and_has_a_language_attribute(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="it">' in page


def test_language_switch_to_english_is_remembered(client):
    response = client.post("/lingua", data={"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page


def test_language_switch_refuses_open_redirects(client):
    response = client.post("/lingua", data={"language": "en", "next": "https://evil.example/"})
    assert response.headers["Location"].endswith("/")
    assert "evil.example" not in response.headers["Location"]


def test_home_shows_phase_key_dates_and_published_count(client):
    client.post("/lingua", data={"language": "en"})
    consultation = create_consultation(phase="collection", title="Agenda metropolitana 2027")
    create_proposal(consultation)
    create_proposal(consultation)
    create_proposal(consultation, state="submitted")
    page = client.get("/").get_data(as_text=True)
    card = page.split("Agenda metropolitana 2027")[1].split("</li>")[0]
    assert "Collecting proposals" in card
    assert "Proposals collected" in card and "Closes" in card
    assert "<dd>2</dd>" in card
    assert f'href="/consultazioni/{consultation.slug}"' in page


def test_home_runs_a_fixed_number_of_queries(client, count_queries):
    create_consultation(phase="collection")
    with count_queries() as one:
        client.get("/")
    for _ in range(5):
        create_consultation(phase="discussion")
    with count_queries() as six:
        client.get("/")
    assert one.count == six.count
