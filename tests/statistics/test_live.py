"""The figures kept exact by every write give exactly what a full refresh gives."""

from __future__ import annotations

import csv
import io
import threading

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.admin import services as admin_services
from app.extensions import db
from app.moderation import services as moderation
from app.privacy import services as privacy
from app.proposals import community
from app.proposals import services as proposals
from app.proposals.models import Proposal
from app.statistics import documents as store
from app.statistics import live, queries, refresh, services
from app.statistics.cells import empty_document, has_places, normalised
from tests import factories as f
from tests.conftest import IS_POSTGRES
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
    # ...the changes the writes recorded are counted into the documents, in one batch...
    refresh.process_changes()
    assert not live.changes_waiting()
    kept = stored()
    # ...and a full count of everything finds exactly them.
    assert refresh.run_refresh()
    assert stored() == kept


def total(scope: str = "all") -> list[int]:
    return stored()[scope]["total"]


# The writes are counted in batches: one per write, every other write, or all in one (a
# support given and taken back, a comment and a proposal hidden and restored, two
# publications about one place, all counted together).
COUNTED = ["after each write", "after every other write", "all at once"]


@pytest.mark.parametrize("counted", COUNTED)
def test_every_kind_of_write_keeps_the_figures_exact(app, counted):
    writes = iter(range(100))

    def checkpoint() -> None:
        write = next(writes)
        if counted == COUNTED[0] or (counted == COUNTED[1] and write % 2):
            assert_same_as_a_full_refresh()

    admin = f.create_user(roles=["admin"])
    moderator = f.create_user(roles=["moderator"])
    consultation = f.create_consultation()
    open_consultation = f.create_consultation(is_premoderated=False)
    about_two = proposal_about(consultation, ["Rho", "Pero"])
    zone_wide = f.create_proposal(
        consultation, scope="zone", zone_id=f.zone("nord-ovest").id, driver_number=3
    )
    # Published below, like the proposal about Rho submitted straight to publication in
    # the open consultation: two proposals of one Driver entering one place.
    waiting = proposal_about(open_consultation, ["Rho"], state="submitted", driver_number=5)
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
    if counted == COUNTED[0]:
        # 5 supports; new people: people[1], the organisation, the comune (people[0] commented).
        refresh.process_changes()
        assert total() == [before[0], before[1] + 5, before[2], before[3] + 3]
    checkpoint()

    assert community.unsupport_proposal(people[1], about_two)
    assert community.unsupport_proposal(representative, about_two)
    db.session.commit()
    checkpoint()

    comment, _ = community.add_comment(people[2], zone_wide, "Un commento sulla zona.")
    community.add_comment(
        representative, about_two, "Per l'associazione.", on_behalf=f"organisation:{organisation.id}"
    )
    db.session.commit()
    checkpoint()

    moderation.hide_comment(moderator, comment, reason="Fuori tema.")
    db.session.commit()
    checkpoint()
    moderation.restore_comment(moderator, comment)
    db.session.commit()
    checkpoint()

    moderation.hide_proposal(moderator, about_two, reason="Fuori tema.")
    db.session.commit()
    checkpoint()
    moderation.restore_proposal(moderator, about_two)
    db.session.commit()
    checkpoint()

    proposals.withdraw_proposal(zone_wide.author, zone_wide)
    db.session.commit()
    checkpoint()

    moderation.publish_proposal(moderator, waiting)
    db.session.commit()
    checkpoint()

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
    checkpoint()

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
    checkpoint()

    privacy.delete_account(admin, people[0])
    db.session.commit()
    checkpoint()
    assert_same_as_a_full_refresh()


@pytest.mark.postgres
@pytest.mark.skipif(not IS_POSTGRES, reason="two writers at once need PostgreSQL (TEST_DATABASE_URL)")
def test_a_write_committed_while_a_batch_is_counted_is_counted_once_after_it(app, monkeypatch):
    consultation = nord_ovest_fixture()
    proposal = proposal_about(consultation, ["Rho"])
    early, late = f.create_user(), f.create_user()
    moderator_id = f.create_user(roles=["moderator"]).id
    assert refresh.run_refresh()
    community.support_proposal(early, proposal)
    db.session.commit()
    late_id, proposal_id = late.id, proposal.id
    count_batch = live._delta_of

    def support_late() -> None:
        with app.app_context():
            proposal = db.session.get(Proposal, proposal_id)
            community.support_proposal(db.session.get(User, late_id), proposal)
            db.session.commit()
            moderation.hide_proposal(db.session.get(User, moderator_id), proposal, reason="Fuori tema.")
            db.session.commit()

    def count_with_a_write_meanwhile(change):
        # The batch's snapshot is taken: these commit after it, from another connection.
        writer = threading.Thread(target=support_late)
        writer.start()
        writer.join(30)
        return count_batch(change)

    monkeypatch.setattr(live, "_delta_of", count_with_a_write_meanwhile)
    assert refresh.process_changes() == 1
    monkeypatch.undo()
    # The late support and the hiding are still waiting; counting them gives the exact
    # figures (the proposal and its three supports no longer count).
    assert live.changes_waiting()
    assert_same_as_a_full_refresh()
    assert total()[:2] == [3, 12]


@pytest.mark.postgres
@pytest.mark.skipif(not IS_POSTGRES, reason="two writers at once need PostgreSQL (TEST_DATABASE_URL)")
def test_a_write_committed_while_the_full_refresh_counts_is_counted_after_it(app, monkeypatch):
    consultation = nord_ovest_fixture()
    about_rho, about_pero = proposal_about(consultation, ["Rho"]), proposal_about(consultation, ["Pero"])
    slow, quick = f.create_user(), f.create_user()
    assert refresh.run_refresh()
    slow_id, rho_id = slow.id, about_rho.id
    stored_its_change, may_commit = threading.Event(), threading.Event()

    def support_slowly() -> None:
        with app.app_context():
            community.support_proposal(db.session.get(User, slow_id), db.session.get(Proposal, rho_id))
            db.session.commit()

    writer = threading.Thread(target=support_slowly)

    def hold_the_writer(_session) -> None:  # after the change's row is inserted, before COMMIT
        if threading.current_thread() is writer:
            stored_its_change.set()
            may_commit.wait(30)

    count_everything = services.build_documents

    def count_then_let_it_commit(*args):
        counted = count_everything(*args)  # the refresh's snapshot is taken: commit now
        may_commit.set()
        writer.join(30)
        return counted

    event.listen(Session, "before_commit", hold_the_writer)
    try:
        writer.start()
        assert stored_its_change.wait(30)
        # A later change (a larger id), committed before the refresh starts.
        community.support_proposal(quick, about_pero)
        db.session.commit()
        monkeypatch.setattr(services, "build_documents", count_then_let_it_commit)
        assert refresh.run_refresh()
    finally:
        may_commit.set()
        event.remove(Session, "before_commit", hold_the_writer)
        writer.join(30)
    monkeypatch.undo()
    # The slow support committed after the refresh's snapshot: not counted by it, still
    # waiting, and counted now (a smaller id than the last change the refresh saw).
    assert live.changes_waiting()
    assert_same_as_a_full_refresh()
    assert total()[1] == 12 + 2


@pytest.mark.postgres
@pytest.mark.skipif(not IS_POSTGRES, reason="transaction isolation levels are PostgreSQL's")
def test_a_page_counts_the_changes_waiting_in_one_snapshot(app, client, monkeypatch):
    consultation = nord_ovest_fixture()
    proposal = proposal_about(consultation, ["Rho"])
    supporter = f.create_user()
    assert refresh.run_refresh()
    community.support_proposal(supporter, proposal)
    db.session.commit()
    isolation = []
    count_batch = live._delta_of

    def note_the_isolation(change):
        isolation.append(db.session.execute(text("SHOW transaction_isolation")).scalar())
        return count_batch(change)

    monkeypatch.setattr(live, "_delta_of", note_the_isolation)
    assert api_rows(client, by="comune")["meta"]["totals"]["supports"] == 12 + 1
    assert isolation == ["repeatable read"]


def test_one_counting_at_a_time(app):
    consultation = nord_ovest_fixture()
    about_pero = proposal_about(consultation, ["Pero"])
    people = [f.create_user(), f.create_user()]
    assert refresh.run_refresh()
    community.support_proposal(people[0], about_pero)
    community.support_proposal(people[1], about_pero)
    db.session.commit()
    result = []

    def count_meanwhile() -> None:
        with app.app_context():
            result.append(refresh.process_changes(wait_s=0))

    with refresh.processing_lock(None) as got:
        assert got
        other = threading.Thread(target=count_meanwhile)
        other.start()
        other.join(30)
    # The other one did not wait and counted nothing; the changes wait for the next one.
    assert result == [None]
    assert live.changes_waiting()
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
