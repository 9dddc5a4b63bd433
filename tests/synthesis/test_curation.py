"""Curating themes in the workspace, and curation surviving a re-run."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.moderation.models import AuditEntry
from app.synthesis.models import CurationAct, Theme, ThemeMembership
from app.synthesis.runs import engine, queries
from app.synthesis.runs import services as runs
from tests import factories
from tests.proposals.helpers import english, sign_in
from tests.synthesis.run_helpers import add_proposals, wait_for_split


@pytest.fixture
def analyst(client, app):
    app.config["REDIS_URL"] = ""
    user = factories.create_user(roles=["analyst"])
    sign_in(client, user)
    english(client)
    return user


def _run(consultation, k=None):
    """A run executed now, in the test (the background paths are tested in test_runs)."""
    run = runs.start_theme_run(None, consultation, "all", k=k)
    db.session.commit()
    run = engine.execute_theme_run(run.id)
    assert run.status == "succeeded", run.error
    return run


def _members(run, theme) -> list[int]:
    return [m.proposal_id for m, _ in queries.list_members(run, theme)]


def _theme_of(run, proposal_id) -> int:
    return queries.get_membership(run, proposal_id).theme_id


def _largest_two(run) -> tuple[Theme, Theme]:
    summaries = queries.list_theme_summaries(run)
    return summaries[0].theme, summaries[1].theme


def _audit(action: str) -> int:
    return db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == action))


def test_curation_is_kept_after_a_rerun_and_lost_moves_are_shown_as_conflicts(client, analyst):
    consultation = factories.create_consultation(phase="synthesis")
    proposals = add_proposals(consultation, 40)
    first = _run(consultation, k=4)
    theme_a, theme_b = _largest_two(first)
    a_members, b_members = _members(first, theme_a), _members(first, theme_b)
    pinned, moved, lost = a_members[1], a_members[-1], b_members[-1]

    base = f"/sintesi/temi/{theme_a.id}"
    assert client.post(f"{base}/etichetta", data={"label": "Mobilità sostenibile"}).status_code == 302
    assert client.post(f"{base}/nota", data={"note": "Tema centrale per i comuni."}).status_code == 302
    assert client.post(f"{base}/fissa", data={"proposal_id": pinned}).status_code == 302
    assert client.post(f"{base}/sposta", data={"proposal_id": moved, "target": theme_b.id}).status_code == 302
    lost_move = client.post(
        f"/sintesi/temi/{theme_b.id}/sposta", data={"proposal_id": lost, "target": theme_a.id}
    )
    assert lost_move.status_code == 302

    db.session.expire_all()
    assert theme_a.label == "Mobilità sostenibile" and theme_a.note == "Tema centrale per i comuni."
    assert _theme_of(first, moved) == theme_b.id and _theme_of(first, lost) == theme_a.id
    assert queries.get_membership(first, pinned).is_pinned
    page = client.get(base).data.decode()
    assert "Mobilità sostenibile" in page and "Tema centrale per i comuni." in page
    assert page.index(f"#{pinned} ") < page.index(f"#{a_members[0]} ")  # pinned on top
    assert (
        _audit("synthesis.rename"),
        _audit("synthesis.note"),
        _audit("synthesis.pin"),
        _audit("synthesis.move"),
    ) == (
        1,
        1,
        1,
        2,
    )

    # 10% new proposals; the proposal moved into theme A is withdrawn by its author.
    add_proposals(consultation, 4, seed=7)
    withdrawn = db.session.get(type(proposals[0]), lost)
    withdrawn.state = "withdrawn"
    db.session.commit()
    second = _run(consultation)

    db.session.expire_all()
    assert second.documents_count == 43 and second.themes_count == 4
    assert theme_a.is_active and theme_a.last_run_id == second.id
    assert theme_a.label == "Mobilità sostenibile" and theme_a.note == "Tema centrale per i comuni."
    kept = queries.get_membership(second, moved)
    assert kept.theme_id == theme_b.id and kept.is_moved
    assert queries.get_membership(second, pinned).is_pinned
    assert queries.get_membership(second, lost) is None
    conflicts = queries.list_conflicts(consultation.id, "all")
    assert [(c.kind, c.proposal_id) for c in conflicts] == [("move", lost)]
    assert conflicts[0].conflict == "The proposal is no longer part of the analysed proposals."
    workspace = client.get(f"/sintesi/consultazioni/{consultation.slug}").data.decode()
    assert "Curation that could not be applied again" in workspace
    assert "The proposal is no longer part of the analysed proposals." in workspace
    assert "Mobilità sostenibile" in workspace


def test_merge_moves_every_member_and_survives_a_rerun(client, analyst):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 32)
    first = _run(consultation, k=4)
    theme_a, theme_b = _largest_two(first)
    together = set(_members(first, theme_a)) | set(_members(first, theme_b))

    response = client.post(f"/sintesi/temi/{theme_a.id}/unisci", data={"other": theme_b.id})
    assert response.status_code == 302
    db.session.expire_all()
    assert set(_members(first, theme_a)) == together
    assert not theme_b.is_active and theme_b.merged_into_id == theme_a.id
    assert _audit("synthesis.merge") == 1

    second = _run(consultation)
    db.session.expire_all()
    assert second.themes_count == 3  # the merged theme is not brought back
    assert theme_a.is_active and not theme_b.is_active
    assert queries.list_conflicts(consultation.id, "all") == []


def test_split_recluster_a_theme_in_the_background(client, analyst):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 32)
    first = _run(consultation, k=2)
    theme = queries.list_theme_summaries(first)[0].theme
    before = set(_members(first, theme))

    response = client.post(f"/sintesi/temi/{theme.id}/dividi", data={"parts": "2"})
    assert response.status_code == 302
    act = db.session.scalar(select(CurationAct).where(CurationAct.kind == "split"))
    act = wait_for_split(act.id)
    assert act.value["status"] == "done", act.value
    children = [db.session.get(Theme, i) for i in act.value["children"]]
    assert len(children) == 2 and all(c.is_active for c in children)
    assert not db.session.get(Theme, theme.id).is_active
    after = set(_members(first, children[0])) | set(_members(first, children[1]))
    assert after == before and all(_members(first, c) for c in children)

    second = _run(consultation)
    assert second.themes_count == 3  # the two parts and the other theme
    assert all(db.session.get(Theme, c.id).is_active for c in children)
    assert queries.list_conflicts(consultation.id, "all") == []


def test_bad_curation_input_changes_nothing(client, analyst):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 16)
    other_consultation = factories.create_consultation(phase="synthesis")
    add_proposals(other_consultation, 16, seed=3)
    run = _run(consultation, k=2)
    other_run = _run(other_consultation, k=2)
    theme_a, theme_b = _largest_two(run)
    foreign = queries.list_theme_summaries(other_run)[0].theme
    outsider = _members(run, theme_b)[0]
    base = f"/sintesi/temi/{theme_a.id}"
    before = db.session.scalar(select(func.count(CurationAct.id)))

    too_long = client.post(f"{base}/etichetta", data={"label": "x" * 201})
    assert too_long.status_code == 422 and b'aria-invalid="true"' in too_long.data
    not_member = client.post(f"{base}/fissa", data={"proposal_id": outsider})
    assert not_member.status_code == 422 and b"This proposal is not in this theme." in not_member.data
    garbage = client.post(f"{base}/fissa", data={"proposal_id": "abc"})
    assert garbage.status_code == 422
    cross = client.post(
        f"{base}/sposta", data={"proposal_id": _members(run, theme_a)[0], "target": foreign.id}
    )
    assert cross.status_code == 422
    assert client.post(f"{base}/unisci", data={"other": theme_a.id}).status_code == 422
    assert client.post(f"{base}/dividi", data={"parts": "9"}).status_code == 422

    db.session.expire_all()
    assert db.session.scalar(select(func.count(CurationAct.id))) == before
    assert theme_a.label_curated is None
    assert _theme_of(run, outsider) == theme_b.id
    assert db.session.scalar(select(func.count(ThemeMembership.id)).where(ThemeMembership.is_pinned)) == 0
