"""The figures kept exact by every write give exactly what a full refresh gives."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from app.admin import services as admin_services
from app.extensions import db
from app.moderation import services as moderation
from app.privacy import services as privacy
from app.proposals import community
from app.proposals import services as proposals
from app.statistics import documents as store
from app.statistics import queries, refresh, services
from app.statistics.cells import empty_document, has_places, normalised
from tests import factories as f
from tests.statistics.helpers import RHO, api_rows, nord_ovest_fixture, proposal_about


def stored() -> dict:
    """The stored documents without their empty entries (and without empty documents)."""
    db.session.expire_all()
    found = {}
    for key, data in store.current_documents(None).items():
        document = normalised(data, has_places(key))
        if document != empty_document(has_places(key)):
            found[key] = document
    return found


def assert_same_as_a_full_refresh() -> None:
    # No write went unannounced: the figures are taken as current without a refresh...
    assert services.is_fresh(queries.get_state())
    kept = stored()
    # Folding the changes the writes left into the documents changes no figure...
    refresh.run_fold()
    assert stored() == kept
    # ...and a full count of everything finds exactly them.
    assert refresh.run_refresh()
    assert stored() == kept


def total(scope: str = "all") -> list[int]:
    return stored()[scope]["total"]


def test_every_kind_of_write_keeps_the_figures_exact(app):
    admin = f.create_user(roles=["admin"])
    moderator = f.create_user(roles=["moderator"])
    consultation = f.create_consultation()
    open_consultation = f.create_consultation(is_premoderated=False)
    about_two = proposal_about(consultation, ["Rho", "Pero"])
    zone_wide = f.create_proposal(
        consultation, scope="zone", zone_id=f.zone("nord-ovest").id, driver_number=3
    )
    waiting = f.create_proposal(consultation, state="submitted", driver_number=5)
    organisation = f.create_organisation()
    representative = f.create_representative(organisation=organisation).user
    arese = f.comune("Arese")
    mayor = f.create_representative(comune=arese).user
    people = [f.create_user() for _ in range(4)]
    f.create_comment(about_two, author=people[0])
    assert refresh.run_refresh()
    assert_same_as_a_full_refresh()
    before = total()

    community.support_proposal(people[0], about_two)
    community.support_proposal(people[1], about_two)
    community.support_proposal(representative, about_two, on_behalf=f"organisation:{organisation.id}")
    community.support_proposal(representative, zone_wide, on_behalf=f"organisation:{organisation.id}")
    community.support_proposal(mayor, zone_wide, on_behalf=f"comune:{arese.id}")
    db.session.commit()
    # 5 supports; new people: people[1], the organisation, the comune (people[0] commented).
    assert total() == [before[0], before[1] + 5, before[2], before[3] + 3]
    assert_same_as_a_full_refresh()

    assert community.unsupport_proposal(people[1], about_two)
    assert community.unsupport_proposal(representative, about_two)
    db.session.commit()
    assert_same_as_a_full_refresh()

    comment, _ = community.add_comment(people[2], zone_wide, "Un commento sulla zona.")
    community.add_comment(
        representative, about_two, "Per l'associazione.", on_behalf=f"organisation:{organisation.id}"
    )
    db.session.commit()
    assert_same_as_a_full_refresh()

    moderation.hide_comment(moderator, comment, reason="Fuori tema.")
    db.session.commit()
    assert_same_as_a_full_refresh()
    moderation.restore_comment(moderator, comment)
    db.session.commit()
    assert_same_as_a_full_refresh()

    moderation.hide_proposal(moderator, about_two, reason="Fuori tema.")
    db.session.commit()
    assert_same_as_a_full_refresh()
    moderation.restore_proposal(moderator, about_two)
    db.session.commit()
    assert_same_as_a_full_refresh()

    proposals.withdraw_proposal(zone_wide.author, zone_wide)
    db.session.commit()
    assert_same_as_a_full_refresh()

    moderation.publish_proposal(moderator, waiting)
    db.session.commit()
    assert_same_as_a_full_refresh()

    data = proposals.ProposalInput(
        title="Più treni serali tra Rho e Milano",
        summary="Corse serali più frequenti.",
        need="Dopo le 20 le corse sono rare.",
        action="Una corsa ogni trenta minuti fino a mezzanotte.",
        expected_results="Meno auto.",
        actors_involved="Comuni e agenzia del trasporto.",
        driver_id=f.driver(5).id,
        scope="comuni",
        comuni=[f.comune("Rho").id],
        submission_token="live-test-token",
    )
    proposals.submit_proposal(people[3], open_consultation, data, final=True)
    db.session.commit()
    assert_same_as_a_full_refresh()

    admin_services.update_organisation(
        admin,
        organisation,
        name=organisation.name,
        actor_type=f.actor_type("universita"),
        description="",
        website="",
        zone=None,
    )
    db.session.commit()
    assert_same_as_a_full_refresh()

    privacy.delete_account(admin, people[0])
    db.session.commit()
    assert_same_as_a_full_refresh()


def test_a_support_shows_at_once_without_a_refresh(app, client):
    consultation = nord_ovest_fixture()
    proposal = proposal_about(consultation, ["Rho"])
    assert api_rows(client, by="comune")["meta"]["totals"]["supports"] == 12
    app.config["STATISTICS_REFRESH_INLINE"] = False
    try:
        supporter = app.test_client()
        f.login(supporter, f.create_user())
        assert supporter.post(f"/proposte/{proposal.id}/sostieni").status_code == 302
        rho = {row["key"]: row for row in api_rows(client, by="comune")["data"]}[RHO]
        # Rho: 7 people before; the new proposal's author and its supporter.
        assert (rho["proposals"], rho["supports"], rho["participants"]) == (2, 7, 9)
        first = client.get("/statistiche")
        assert "statistics-updating" not in first.text
        assert first.headers.get("Cache-Control") != "no-store"
        assert client.get("/statistiche").headers["X-Cache"] == "hit"
    finally:
        app.config["STATISTICS_REFRESH_INLINE"] = True


def test_a_write_no_service_announced_asks_for_a_full_refresh(client):
    consultation = nord_ovest_fixture()
    assert api_rows(client, by="comune")["meta"]["totals"]["participants"] == 15
    assert services.is_fresh(queries.get_state())
    f.create_support(proposal_about(consultation, ["Pero"]))  # rows written directly
    assert not services.is_fresh(queries.get_state())
    assert api_rows(client, by="comune")["meta"]["totals"]["participants"] == 17
    assert services.is_fresh(queries.get_state())


def test_the_participation_per_driver_table_downloads_whole(client):
    consultation = nord_ovest_fixture()
    download = client.get("/statistiche/dati/coverage.csv")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == "attachment; filename=statistiche-coverage.csv"
    lines = list(csv.reader(io.StringIO(download.text.lstrip("\ufeff"))))
    assert lines[0] == ["key", "label", "comuni", "comuni_of", "zones", "zones_of"]
    rows = {line[0]: line for line in lines[1:]}
    assert len(rows) == 10
    # Rho, Arese and Pero of Nord Ovest: small counts of places are shown as they are.
    assert rows["D1"][2:] == ["3", "133", "1", "8"]
    assert rows["D5"][2:] == ["0", "133", "0", "8"]
    zoned = client.get(f"/statistiche/dati/coverage.xlsx?consultazione={consultation.slug}&zona=nord-ovest")
    assert zoned.status_code == 200
    sheet = list(
        load_workbook(io.BytesIO(zoned.data), read_only=True)["coverage"].iter_rows(values_only=True)
    )
    assert sheet[0] == ("key", "label", "comuni", "comuni_of", "zones", "zones_of")
    assert {row[0]: row[2:] for row in sheet[1:]}["D1"] == (3, 16, 1, 1)
    page = client.get("/statistiche")
    assert "/statistiche/dati/coverage.csv" in page.text and "/statistiche/dati/coverage.xlsx" in page.text
