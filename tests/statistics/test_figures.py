"""/statistiche and /api/statistics on a fixture whose figures are worked out by hand."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from app.extensions import db
from app.statistics import refresh
from tests import factories as f
from tests.statistics.helpers import (
    ARESE,
    NORD_OVEST_POPULATION,
    PERO,
    POPULATION,
    RHO,
    api_rows,
    nord_ovest_fixture,
    proposal_about,
    supported_by,
    table_row,
)


def by_key(body: dict) -> dict:
    return {row["key"]: row for row in body["data"]}


def test_public_figures_per_comune_with_rates_and_suppression(client):
    nord_ovest_fixture()
    rows = by_key(api_rows(client, by="comune"))
    rho = rows[RHO]
    # 1 proposal, 6 supports, 1 comment; the author and 6 supporters: 7 people.
    assert (rho["proposals"], rho["supports"], rho["comments"], rho["participants"]) == (1, 6, 1, 7)
    assert rho["participants_per_1000"] == round(7 * 1000 / POPULATION[RHO], 3) == 0.141
    assert rho["proposals_per_1000"] == round(1000 / POPULATION[RHO], 3)
    # Pero: 2 people -> hidden, and its rate; Arese (6) hidden too, or 15 - 7 - x gives Pero away.
    assert rows[PERO]["participants"] is None and rows[PERO]["participants_per_1000"] is None
    assert rows[PERO]["participants_suppressed"] is True
    assert rows[ARESE]["participants"] is None and rows[ARESE]["participants_suppressed"] is True
    # Acts stay public: each proposal shows its supports anyway.
    assert (rows[PERO]["proposals"], rows[PERO]["supports"]) == (1, 1)
    # Comuni nobody spoke about are zero, not hidden.
    assert rows["015146"]["participants"] == 0


def test_zone_totals_are_the_sum_of_their_comuni(client):
    nord_ovest_fixture()
    analyst = f.create_user(roles=["analyst"])
    f.login(client, analyst)
    comuni = api_rows(client, by="comune", zone="nord-ovest")
    zones = by_key(api_rows(client, by="zone"))
    assert comuni["meta"]["exact"] is True
    nord_ovest = zones["nord-ovest"]
    for measure in ("proposals", "supports", "comments", "participants"):
        assert nord_ovest[measure] == sum(row[measure] for row in comuni["data"])
    assert (nord_ovest["proposals"], nord_ovest["supports"], nord_ovest["participants"]) == (3, 12, 15)
    assert nord_ovest["population"] == NORD_OVEST_POPULATION
    assert nord_ovest["participants_per_1000"] == round(15 * 1000 / NORD_OVEST_POPULATION, 3)
    # The analyst sees the small counts the public does not.
    assert by_key(comuni)[PERO]["participants"] == 2
    assert zones["sud-est"]["participants"] == 0


def test_the_page_csv_and_xlsx_hide_the_same_cells(client):
    nord_ovest_fixture()
    page = client.get("/statistiche")
    assert page.status_code == 200
    html = page.text
    assert table_row(html, RHO)[:6] == ["Rho", "49.609", "1", "6", "1", "7"]
    assert table_row(html, RHO)[6] == "0,14"
    # "< 5" on screen, "fewer than 5" for screen readers (Italian by default).
    assert table_row(html, PERO)[5] == "< 5meno di 5"
    assert "< 5" in table_row(html, ARESE)[5]
    download = client.get("/statistiche/dati/comune.csv")
    assert download.status_code == 200
    lines = {row[0]: row for row in csv.reader(io.StringIO(download.text.lstrip("\ufeff")))}
    header = lines["key"]
    rho, pero, arese = (dict(zip(header, lines[code], strict=True)) for code in (RHO, PERO, ARESE))
    assert (rho["participants"], rho["participants_per_1000"]) == ("7", "0.141")
    assert (pero["participants"], pero["participants_per_1000"]) == ("< 5", "")
    assert arese["participants"] == "< 5"
    workbook = load_workbook(io.BytesIO(client.get("/statistiche/dati/comune.xlsx").data), read_only=True)
    sheet = list(workbook["comune"].iter_rows(values_only=True))
    cells = {row[0]: dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]}
    assert cells[RHO]["participants"] == 7
    assert cells[PERO]["participants"] == "< 5" and cells[PERO]["participants_per_1000"] is None
    assert cells[ARESE]["participants"] == "< 5"


def test_a_representative_counts_once_for_the_organisation(client):
    consultation = f.create_consultation()
    proposal = proposal_about(consultation, ["Rho"])
    organisation = f.create_organisation()
    association = f.actor_type("associazione")
    organisation.actor_type_id = association.id
    db.session.commit()
    for _ in range(3):
        person = f.create_representative(organisation=organisation).user
        f.create_support(proposal, user=person, organisation_id=organisation.id, actor_type_id=association.id)
    supported_by(proposal, 4)
    f.login(client, f.create_user(roles=["analyst"]))
    rows = by_key(api_rows(client, by="actor_type", consultation=consultation.slug))
    assert (rows["associazione"]["supports"], rows["associazione"]["participants"]) == (3, 1)
    # The author and 4 citizens who supported.
    assert rows["cittadino"]["participants"] == 5
    assert api_rows(client, by="comune")["meta"]["totals"]["participants"] == 6


def test_a_proposal_about_two_comuni_counts_in_each_and_once_in_their_zone(client):
    consultation = f.create_consultation()
    proposal = proposal_about(consultation, ["Rho", "Pero"])
    supported_by(proposal, 5)
    zone_wide = f.create_proposal(consultation, scope="zone", zone_id=f.zone("nord-ovest").id)
    supported_by(zone_wide, 1)
    rows = by_key(api_rows(client, by="comune"))
    assert rows[RHO]["participants"] == rows[PERO]["participants"] == 6
    zone = by_key(api_rows(client, by="zone"))["nord-ovest"]
    # Two proposals (one about two comuni, one about the zone), 6 + 2 people.
    assert (zone["proposals"], zone["supports"], zone["participants"]) == (2, 6, 8)


def test_figures_per_consultation_zone_driver_and_week(client):
    consultation = nord_ovest_fixture()
    other = f.create_consultation()
    supported_by(proposal_about(other, ["Rho"], driver_number=5), 9)
    first = api_rows(client, by="driver", consultation=consultation.slug)
    drivers = by_key(first)
    assert (drivers["D1"]["proposals"], drivers["D1"]["participants"]) == (3, 15)
    assert drivers["D5"]["participants"] == 0
    assert first["meta"]["totals"]["participants"] == 15
    everything = by_key(api_rows(client, by="driver"))
    assert (everything["D5"]["proposals"], everything["D5"]["participants"]) == (1, 10)
    weeks = api_rows(client, by="week", zone="nord-ovest")
    assert len(weeks["data"]) == 1
    assert weeks["data"][0]["participants"] == 25
    page = client.get(f"/statistiche?consultazione={consultation.slug}&zona=nord-ovest")
    assert page.status_code == 200
    # Only Nord Ovest's 16 comuni are listed; the map still draws all 133.
    assert page.text.count("<tr data-istat=") == 16
    assert page.text.count('class="map-comune') == 133
    # Who took part per Driver: 3 of the zone's 16 comuni, 1 of 1 zone.
    assert "3 su 16" in page.text


def test_exact_after_a_write(client):
    consultation = nord_ovest_fixture()
    assert by_key(api_rows(client, by="comune"))[RHO]["participants"] == 7
    rho_proposal = f.create_proposal(consultation)  # about no comune: counts in the total only
    f.create_support(rho_proposal)
    body = api_rows(client, by="comune")
    assert body["meta"]["totals"]["proposals"] == 4
    assert body["meta"]["totals"]["participants"] == 15 + 2


def test_coordinators_see_exact_counts_of_their_zone_only(client):
    nord_ovest_fixture()
    coordinator = f.create_user(roles=["zone_coordinator"], zone=f.zone("nord-ovest"))
    f.login(client, coordinator)
    own = api_rows(client, by="comune", zone="nord-ovest")
    assert own["meta"]["exact"] is True and by_key(own)[PERO]["participants"] == 2
    everywhere = api_rows(client, by="comune")
    assert everywhere["meta"]["exact"] is False and by_key(everywhere)[PERO]["participants"] is None
    page = client.get("/statistiche?zona=nord-ovest")
    assert 'id="statistics-exact"' in page.text
    # Exact figures are never kept for anyone else.
    assert client.get("/statistiche?zona=nord-ovest").headers.get("X-Cache") == "miss"


def test_bad_parameters_get_a_clear_message(client):
    response = client.get("/api/statistics?by=provincia")
    assert response.status_code == 400
    assert "by" in response.json["error"] and "comune" in response.json["error"]
    response = client.get("/api/statistics?zone=atlantide", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json["error"] == "There is no zone “atlantide”."
    assert client.get("/statistiche?zona=atlantide").status_code == 404
    assert client.get("/statistiche?consultazione=nessuna").status_code == 404
    assert client.get("/statistiche/dati/zone.csv?zona=nord-ovest").status_code == 404


def test_the_public_page_is_served_from_the_page_cache(client):
    nord_ovest_fixture()
    assert client.get("/statistiche").headers["X-Cache"] == "miss"
    assert client.get("/statistiche").headers["X-Cache"] == "hit"
    f.create_support(f.create_proposal())
    fresh = client.get("/statistiche")
    assert fresh.headers["X-Cache"] == "miss"


def test_stale_figures_are_refreshed_in_the_background_and_never_cached(app, client):
    consultation = nord_ovest_fixture()
    assert by_key(api_rows(client, by="comune"))[RHO]["participants"] == 7
    app.config["STATISTICS_REFRESH_INLINE"] = False
    try:
        supported_by(proposal_about(consultation, ["Rho"]), 2)
        stale = client.get("/statistiche")
        assert stale.headers["Cache-Control"] == "no-store"
        assert 'id="statistics-updating"' in stale.text
        # The refresh queued by that page runs in the one statistics thread: wait for it.
        refresh._executor_for().submit(lambda: None).result(timeout=60)
        fresh = api_rows(client, by="comune")
        assert by_key(fresh)[RHO]["participants"] == 7 + 3
        assert "statistics-updating" not in client.get("/statistiche").text
    finally:
        app.config["STATISTICS_REFRESH_INLINE"] = True
