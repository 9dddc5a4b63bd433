"""The home page and the language switch."""

from tests.factories import create_consultation


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
