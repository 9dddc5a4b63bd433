"""Issue 12 in the app: themes from the texts alone, the Driver as an annotation, the run options
(a consultation's own stop words, guided themes) stored and shown, a merge that rescoring members."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.synthesis.models import Theme, ThemeMembership, ThemeRun
from app.synthesis.runs import engine, queries
from app.synthesis.runs import services as runs
from tests import factories
from tests.proposals.helpers import english, sign_in
from tests.synthesis.factories import create_synthesis
from tests.synthesis.run_helpers import add_proposals


@pytest.fixture
def analyst(client, app):
    app.config["REDIS_URL"] = ""
    user = factories.create_user(roles=["analyst"])
    sign_in(client, user)
    english(client)
    return user


def _start(client, consultation, **data):
    form = {"driver": "all", "k": "4", "seed": "0", "stop_words": "", "seed_themes": "", **data}
    return client.post(f"/sintesi/consultazioni/{consultation.slug}/esecuzioni", data=form)


def _execute_latest() -> ThemeRun:
    run = db.session.scalar(select(ThemeRun).order_by(ThemeRun.id.desc()).limit(1))
    if run.status == "queued":
        run = engine.execute_theme_run(run.id)
    db.session.expire_all()
    run = db.session.get(ThemeRun, run.id)
    assert run.status == "succeeded", run.error
    return run


def test_guided_themes_and_stop_words_are_stored_used_and_shown(client, analyst, monkeypatch):
    # the run is executed by the test itself (the background paths are tested in test_runs)
    monkeypatch.setattr("app.synthesis.runs.jobs.enqueue", lambda *args, **kwargs: None)
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 40)
    response = _start(
        client,
        consultation,
        k="5",
        stop_words="proposta, città metropolitana",
        seed_themes="Scuole aperte: scuola, scuole, palestra\nEnergia: energia, fotovoltaico",
    )
    assert response.status_code == 302
    run = _execute_latest()
    assert run.params["stop_words"] == ["proposta", "città metropolitana"]
    assert run.params["seed_themes"] == [
        {"name": "Scuole aperte", "words": ["scuola", "scuole", "palestra"]},
        {"name": "Energia", "words": ["energia", "fotovoltaico"]},
    ]
    themes = db.session.scalars(select(Theme).where(Theme.last_run_id == run.id)).all()
    assert len(themes) == 5
    assert {t.seed_name for t in themes if t.seed_name} == {"Scuole aperte", "Energia"}
    assert not [t for t in themes if "propost" in " ".join([t.label_auto, *t.keywords]).lower()]

    page = client.get(f"/sintesi/esecuzioni/{run.id}").get_data(as_text=True)
    assert "proposta, città metropolitana" in page
    assert "<strong>Scuole aperte</strong>: scuola, scuole, palestra" in page
    workspace = client.get(f"/sintesi/consultazioni/{consultation.slug}").get_data(as_text=True)
    assert workspace.count("Guided theme") >= 2
    # the next run starts from what this one was asked
    assert "Scuole aperte: scuola, scuole, palestra" in workspace


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("seed_themes", "Scuole aperte scuola, palestra", "Line 1: write a name, a colon"),
        ("seed_themes", "A: x1\nA: scuola", "Line 2: this name is already used."),
        ("stop_words", "una frase di troppe parole", "is not a word or a two-word phrase"),
        ("k", "2", "Ask for more themes than guided themes"),
    ],
)
def test_bad_run_options_are_refused_and_nothing_is_queued(client, analyst, field, value, message):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 12)
    data = {"seed_themes": "Scuole: scuola\nEnergia: energia"} if field == "k" else {}
    response = _start(client, consultation, **{**data, field: value})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(ThemeRun.id)) is None


def test_the_driver_is_an_annotation_in_the_workspace_and_the_synthesis(client, analyst):
    consultation = factories.create_consultation(phase="answers")
    add_proposals(consultation, 32)
    run = runs.start_theme_run(None, consultation, "all", k=4)
    db.session.commit()
    run = engine.execute_theme_run(run.id)
    assert run.status == "succeeded", run.error
    themes = db.session.scalars(select(Theme).where(Theme.last_run_id == run.id)).all()
    # the engine never saw the Drivers; the suggestion reads each theme's words afterwards
    assert all(t.suggested_driver in (1, 3, 5, 7) for t in themes)
    summaries = queries.list_theme_summaries(run)
    assert all(s.driver_mix and sum(c for _, c in s.driver_mix) <= s.size for s in summaries)
    workspace = client.get(f"/sintesi/consultazioni/{consultation.slug}").get_data(as_text=True)
    assert "Drivers chosen by the authors" in workspace and "Driver its words suggest" in workspace
    create_synthesis(consultation, run)
    public = client.get(f"/consultazioni/{consultation.slug}/sintesi").get_data(as_text=True)
    assert "Drivers chosen by the authors" in public
    assert summaries[0].driver_mix[0][0] in public


def test_a_merge_rescores_the_members_and_chooses_the_representatives_again(client, analyst):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 40)
    run = runs.start_theme_run(None, consultation, "all", k=4)
    db.session.commit()
    run = engine.execute_theme_run(run.id)
    summaries = queries.list_theme_summaries(run)
    target, source = summaries[0].theme, summaries[-1].theme
    before = {
        m.proposal_id: m.score for m in queries.list_memberships(run).values() if m.theme_id == source.id
    }

    assert client.post(f"/sintesi/temi/{target.id}/unisci", data={"other": source.id}).status_code == 302
    db.session.expire_all()
    members = [m for m in queries.list_memberships(run).values() if m.theme_id == target.id]
    moved = [m for m in members if m.proposal_id in before]
    # the merged-in proposals are scored against the merged theme, not their old one
    assert all(m.score < before[m.proposal_id] for m in moved)
    representatives = sorted((m for m in members if m.is_representative), key=lambda m: -m.score)
    assert len(representatives) == 5
    best = sorted(members, key=lambda m: (-m.score, m.proposal_id))[:5]
    assert {m.id for m in representatives} == {m.id for m in best}
    assert db.session.scalar(select(ThemeMembership.score).where(ThemeMembership.score > 1)) is None
