"""``flask synthesis run`` and ``flask synthesis worker``."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.synthesis.models import Theme, ThemeRun
from tests import factories
from tests.synthesis.run_helpers import add_proposals


def test_run_command_runs_now_with_a_progress_bar(runner):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 24)

    result = runner.invoke(args=["synthesis", "run", "--consultation", str(consultation.id), "--k", "3"])

    assert result.exit_code == 0, result.output
    run = db.session.scalar(select(ThemeRun))
    assert run.status == "succeeded" and run.started_by_id is None
    assert run.requested_k == 3 and run.themes_count == 3 and run.documents_count == 24
    assert f"run #{run.id}: 3 themes from 24 proposals" in result.stdout
    # The progress bar (on a terminal it redraws; here each step's label is printed).
    assert "Finding themes" in result.stderr and "Done" in result.stderr
    assert len(db.session.scalars(select(Theme)).all()) == 3


def test_run_all_skips_consultations_without_proposals(runner):
    empty = factories.create_consultation(phase="collection")
    full = factories.create_consultation(phase="synthesis")
    add_proposals(full, 16)

    result = runner.invoke(args=["synthesis", "run", "--consultation", "all", "--driver", "1", "--k", "2"])

    assert result.exit_code == 0, result.output
    assert f"Consultation {empty.id} ({empty.slug}): skipped" in result.stderr
    runs = db.session.scalars(select(ThemeRun)).all()
    assert [(r.consultation_id, r.scope, r.status, r.documents_count) for r in runs] == [
        (full.id, "D1", "succeeded", 4)
    ]


def test_run_command_rejects_bad_arguments(runner):
    assert runner.invoke(args=["synthesis", "run", "--consultation", "nessuna"]).exit_code == 2
    assert runner.invoke(args=["synthesis", "run", "--consultation", "9999"]).exit_code == 2
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 8)
    bad_k = runner.invoke(args=["synthesis", "run", "--consultation", str(consultation.id), "--k", "99"])
    assert bad_k.exit_code == 1 and "skipped" in bad_k.stderr
    assert db.session.scalars(select(ThemeRun)).all() == []


def test_worker_needs_redis(runner, app):
    app.config["REDIS_URL"] = ""
    result = runner.invoke(args=["synthesis", "worker", "--burst"])
    assert result.exit_code == 1 and "REDIS_URL is not set" in result.output


def test_skip_existing_keeps_consultations_that_have_themes(runner):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 12)
    assert runner.invoke(args=["synthesis", "run", "--consultation", "all", "--k", "2"]).exit_code == 0

    again = runner.invoke(args=["synthesis", "run", "--consultation", "all", "--skip-existing"])

    assert again.exit_code == 0, again.output
    assert "already has themes" in again.stderr
    assert len(db.session.scalars(select(ThemeRun)).all()) == 1
