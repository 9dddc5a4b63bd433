"""The public consultation pages: the list and one consultation."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.models_base import utcnow
from tests.factories import create_consultation, driver, zone

CARD = re.compile(r'<h3 class="card-title[^"]*"><a href="/consultazioni/([^"]+)">')


def slugs(client, **params) -> list[str]:
    response = client.get("/consultazioni/", query_string=params)
    assert response.status_code == 200
    return CARD.findall(response.get_data(as_text=True))


def test_list_shows_open_then_upcoming_then_closed(client):
    create_consultation(phase="closed", slug="chiusa")
    create_consultation(phase="upcoming", slug="futura")
    create_consultation(phase="collection", slug="aperta")
    create_consultation(phase="information", slug="informazione")
    early = create_consultation(phase="collection", slug="chiusa-prima")
    early.closed_early_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    order = slugs(client)
    assert set(order[:2]) == {"aperta", "informazione"}
    assert order[2] == "futura"
    assert set(order[3:]) == {"chiusa", "chiusa-prima"}


def test_list_filters_by_scope_and_zone(client):
    create_consultation(slug="metro")
    create_consultation(slug="nord-ovest", scope="zone", zone=zone("nord-ovest"))
    create_consultation(slug="sud-est", scope="zone", zone=zone("sud-est"))
    assert slugs(client, scope="metropolitan") == ["metro"]
    assert set(slugs(client, scope="zone")) == {"nord-ovest", "sud-est"}
    assert slugs(client, zone="sud-est") == ["sud-est"]
    # an unknown value is ignored, not an error
    assert len(slugs(client, zone="atlantide", scope="galassia")) == 3


def test_detail_shows_description_drivers_and_the_current_phase(client):
    client.get("/lingua/en")
    create_consultation(
        phase="discussion", slug="agenda", title="Agenda 2027", drivers=[driver(5), driver(7)]
    )
    page = client.get("/consultazioni/agenda").get_data(as_text=True)
    assert "<h1>Agenda 2027</h1>" in page
    assert "Una consultazione di prova." in page
    assert "Il diritto alla mobilità" in page and "Scuole avamposto di comunità" in page
    assert "Campus metropolitano smart" not in page.split('id="proposals"')[0].split('id="about"')[1]
    current = re.findall(r'aria-current="step">\s*<strong[^>]*>([^<]+)</strong>', page)
    assert current == ["Discussion"]
    state = re.search(r'State: </span><span class="badge[^"]*">([^<]+)</span>', page)
    assert state and state.group(1) == "Discussion"


def test_submit_link_only_while_collecting(client):
    create_consultation(phase="collection", slug="aperta")
    create_consultation(phase="discussion", slug="discussione")
    assert "/consultazioni/aperta/proposte/nuova" in client.get("/consultazioni/aperta").get_data(
        as_text=True
    )
    page = client.get("/consultazioni/discussione").get_data(as_text=True)
    assert "/proposte/nuova" not in page


def test_unknown_consultation_is_404(client):
    assert client.get("/consultazioni/non-esiste").status_code == 404


def test_user_text_is_escaped(client):
    create_consultation(slug="xss", title="<script>alert(1)</script>")
    page = client.get("/consultazioni/xss").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def _dated_consultation(slug: str, hour: int):
    """Phases starting on given days of 2026 at ``hour``:00 in Milan (UTC+1 in winter)."""

    def rome(month, day):
        return datetime(2026, month, day, hour, 0, tzinfo=UTC) - timedelta(hours=1)

    consultation = create_consultation(slug=slug)
    consultation.information_starts_at = rome(1, 12)
    consultation.collection_starts_at = rome(1, 19)
    consultation.discussion_starts_at = rome(2, 16)
    consultation.synthesis_starts_at = rome(3, 2)
    consultation.answers_starts_at = rome(3, 16)
    consultation.closes_at = rome(11, 27)
    db.session.commit()
    return consultation


def test_phase_dates_are_dates_alone_at_midnight_with_four_digit_years(client):
    _dated_consultation("date-a-mezzanotte", hour=0)
    page = client.get("/consultazioni/date-a-mezzanotte").get_data(as_text=True)
    # A phase ending where the next begins at midnight ends the day before.
    assert "dal 12 gen 2026 al 18 gen 2026" in page
    assert "dal 16 mar 2026 al 26 nov 2026" in page
    assert "dal 27 nov 2026" in page
    assert "00:00" not in page and "/26" not in page
    client.get("/lingua/en")
    page = client.get("/consultazioni/date-a-mezzanotte").get_data(as_text=True)
    assert "from 12 Jan 2026 to 18 Jan 2026" in page
    assert "from 27 Nov 2026" in page
    assert "11/27/26" not in page and "/26" not in page


def test_phase_dates_keep_the_time_when_it_is_not_midnight(client):
    _dated_consultation("date-con-ora", hour=9)
    client.get("/lingua/en")
    page = client.get("/consultazioni/date-con-ora").get_data(as_text=True)
    assert "from 12 Jan 2026, 09:00 to 19 Jan 2026, 09:00" in page
    assert "AM" not in page and "PM" not in page


def _options(page: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option[^>]*value="([^"]*)"', select)


def test_a_zone_consultation_offers_only_its_zone_and_comuni_in_the_filters(client):
    create_consultation(slug="agenda-nord-ovest", scope="zone", zone=zone("nord-ovest"))
    create_consultation(slug="agenda-metro")
    page = client.get("/consultazioni/agenda-nord-ovest").get_data(as_text=True)
    assert _options(page, "zone") == ["", "nord-ovest"]
    comuni = _options(page, "comune")
    assert "015182" in comuni  # Rho, Nord Ovest
    assert "015050" not in comuni  # Carpiano, Sud Est
    assert "015146" not in comuni  # Milano, a zone of its own
    # A comune of another zone in an old link is ignored, with a message, not an error.
    client.get("/lingua/en")
    response = client.get("/consultazioni/agenda-nord-ovest?comune=015050")
    assert response.status_code == 200 and "is not valid and was ignored" in response.get_data(as_text=True)
    # The metropolitan one keeps every zone and comune.
    page = client.get("/consultazioni/agenda-metro").get_data(as_text=True)
    assert len(_options(page, "zone")) == 9 and "015050" in _options(page, "comune")
