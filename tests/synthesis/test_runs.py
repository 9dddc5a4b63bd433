"""Theme runs: started from the workspace, executed in the background (thread or RQ)."""

from __future__ import annotations

import os
import threading
import time
import uuid

import pytest
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker
from sqlalchemy import func, select

import nlp
from app.extensions import db
from app.moderation.models import AuditEntry
from app.synthesis.models import Theme, ThemeMembership, ThemeRun
from app.synthesis.runs import engine
from app.synthesis.runs import services as runs
from tests import factories
from tests.proposals.helpers import english, sign_in
from tests.synthesis.run_helpers import add_proposals, latest_run, wait_for_run

REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
IN_CI = bool(os.environ.get("CI"))


@pytest.fixture
def in_process(app):
    """Runs go to the in-process worker thread, whatever the environment says."""
    app.config["REDIS_URL"] = ""
    return app


@pytest.fixture
def analyst(client):
    user = factories.create_user(roles=["analyst"])
    sign_in(client, user)
    return user


@pytest.fixture
def gate(monkeypatch):
    """Holds every nlp.analyse call until the test opens the gate."""
    opened = threading.Event()
    real = nlp.analyse

    def held(*args, **kwargs):
        assert opened.wait(60), "the test never opened the gate"
        return real(*args, **kwargs)

    monkeypatch.setattr(nlp, "analyse", held)
    yield opened
    opened.set()


def _start(client, consultation, **data):
    form = {"driver": "all", "k": "4", "seed": "0", **data}
    return client.post(f"/sintesi/consultazioni/{consultation.slug}/esecuzioni", data=form)


def test_run_returns_at_once_and_finishes_in_the_background(client, in_process, analyst, gate):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 32)
    english(client)

    started = time.monotonic()
    response = _start(client, consultation)
    elapsed = time.monotonic() - started

    # The engine is held, so the answer proves the request did not wait for it.
    assert response.status_code == 302
    run = latest_run()
    assert response.headers["Location"].endswith(f"/sintesi/esecuzioni/{run.id}")
    assert elapsed < 10
    assert run.status in ("queued", "running")
    assert run.started_by_id == analyst.id and run.requested_k == 4 and run.seed == 0
    # End the test's read transaction: on SQLite, a write after the job's commits would
    # otherwise hit a stale snapshot (each real request has its own transaction).
    db.session.rollback()
    page = client.get(f"/sintesi/esecuzioni/{run.id}")
    assert page.status_code == 200
    assert b'http-equiv="refresh"' in page.data
    assert b"<progress" in page.data

    gate.set()
    run = wait_for_run(run.id)
    assert run.status == "succeeded", run.error
    assert run.documents_count == 32 and run.themes_count == 4
    assert run.code_version == nlp.CODE_VERSION
    assert run.params["k"] == 4 and run.params["seed"] == 0 and "n_features" in run.params
    assert run.started_at is not None and run.finished_at >= run.started_at
    status = client.get(f"/sintesi/esecuzioni/{run.id}.json").get_json()
    assert status["status"] == "succeeded" and status["progress"] == 100 and status["themes"] == 4

    themes = db.session.scalars(select(Theme).where(Theme.consultation_id == consultation.id)).all()
    assert len(themes) == 4 and all(t.is_active and t.label_auto and t.keywords for t in themes)
    members = db.session.scalar(
        select(func.count(ThemeMembership.id)).where(ThemeMembership.run_id == run.id)
    )
    assert members == 32

    workspace = client.get(f"/sintesi/consultazioni/{consultation.slug}")
    assert workspace.status_code == 200
    for theme in themes:
        assert theme.label_auto.encode() in workspace.data
    assert b"Representative proposals" in workspace.data
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "synthesis.run_start")) == 1


def test_a_failed_run_says_why_and_leaves_the_previous_run_intact(client, in_process, analyst, monkeypatch):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 24)
    first = wait_for_run(_run_id(_start(client, consultation)))
    assert first.status == "succeeded", first.error
    before = _theme_state(consultation)

    def broken(*args, **kwargs):
        raise RuntimeError("the engine ran out of memory")

    monkeypatch.setattr(nlp, "analyse", broken)
    english(client)
    second = wait_for_run(_run_id(_start(client, consultation)))

    assert second.status == "failed"
    assert second.error == "RuntimeError: the engine ran out of memory"
    assert _theme_state(consultation) == before
    workspace = client.get(f"/sintesi/consultazioni/{consultation.slug}").data
    assert b"The latest run (#%d) failed" % second.id in workspace
    assert b"the engine ran out of memory" in workspace
    assert b"Run #%d of" % first.id in workspace  # the themes shown are the first run's
    assert b"the engine ran out of memory" in client.get(f"/sintesi/esecuzioni/{second.id}").data


def test_rerun_keeps_theme_ids_and_retires_nothing_when_nothing_changed(client, in_process, analyst):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 24)
    first = wait_for_run(_run_id(_start(client, consultation)))
    ids_before = {t.id for t in _themes(consultation)}
    second = wait_for_run(_run_id(_start(client, consultation, k="")))  # k kept from the themes
    assert second.status == "succeeded", second.error
    assert second.id != first.id and second.themes_count == 4
    assert {t.id for t in _themes(consultation)} == ids_before
    assert all(t.is_active and t.last_run_id == second.id for t in _themes(consultation))


def test_one_driver_scope_analyses_only_its_proposals(client, in_process, analyst):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 40)  # 10 per Driver 1, 3, 5, 7
    run = wait_for_run(_run_id(_start(client, consultation, driver="D3", k="2")))
    assert run.status == "succeeded", run.error
    assert run.scope == "D3" and run.documents_count == 10
    assert all(t.scope == "D3" for t in _themes(consultation))


def test_bad_input_changes_nothing(client, in_process, analyst):
    consultation = factories.create_consultation(phase="synthesis")
    english(client)
    empty = _start(client, consultation)
    assert empty.status_code == 422
    assert b"There are no published proposals to analyse in this scope." in empty.data
    add_proposals(consultation, 8)
    bad_k = _start(client, consultation, k="99")
    assert bad_k.status_code == 422 and b'aria-invalid="true"' in bad_k.data
    bad_driver = _start(client, consultation, driver="D99")
    assert bad_driver.status_code == 422
    assert db.session.scalar(select(func.count(ThemeRun.id))) == 0


def test_a_second_run_of_the_same_scope_waits_for_the_first(client, in_process, analyst, gate):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 16)
    english(client)
    first = _run_id(_start(client, consultation))
    again = _start(client, consultation)
    assert again.status_code == 302
    assert b"already under way" in client.get(again.headers["Location"]).data
    assert db.session.scalar(select(func.count(ThemeRun.id))) == 1
    gate.set()
    assert wait_for_run(first).status == "succeeded"


def test_an_unreachable_queue_fails_the_run_with_the_reason(client, app, analyst):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 8)
    english(client)
    response = _start(client, consultation)
    assert response.status_code == 302
    run = latest_run()
    assert run.status == "failed" and "unreachable" in run.error
    assert b"the job queue is unreachable" in client.get(response.headers["Location"]).data


def _redis_or_skip() -> Redis:
    connection = Redis.from_url(REDIS_TEST_URL)
    try:
        connection.ping()
    except RedisError:
        if IN_CI:
            pytest.fail(f"Redis is not reachable at {REDIS_TEST_URL} in CI")
        pytest.skip(f"Redis not reachable at {REDIS_TEST_URL}; start it to test the RQ worker path")
    return connection


def test_with_redis_the_run_waits_in_the_queue_for_an_rq_worker(client, app, analyst):
    connection = _redis_or_skip()
    queue_name = f"forum-nlp-test-{uuid.uuid4().hex[:8]}"
    app.config.update(REDIS_URL=REDIS_TEST_URL, SYNTHESIS_QUEUE=queue_name)
    queue = Queue(queue_name, connection=connection)
    try:
        consultation = factories.create_consultation(phase="synthesis")
        add_proposals(consultation, 24)
        run_id = _run_id(_start(client, consultation))

        run = db.session.get(ThemeRun, run_id)
        assert run.status == "queued"  # nothing runs it in this process
        assert queue.count == 1 and queue.job_ids == [run.job_id]

        SimpleWorker([queue], connection=connection).work(burst=True)

        run = wait_for_run(run_id, timeout=5)
        assert run.status == "succeeded", run.error
        assert run.themes_count == 4 and len(_themes(consultation)) == 4
        assert queue.count == 0
    finally:
        queue.delete(delete_jobs=True)
        connection.close()


def test_execute_ignores_a_run_already_taken(app):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 8)
    run = runs.start_theme_run(None, consultation, "all", k=2)
    run.status = "running"
    db.session.commit()
    assert engine.execute_theme_run(run.id).status == "running"


def _run_id(response) -> int:
    assert response.status_code == 302, response.data[:2000]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def _themes(consultation) -> list[Theme]:
    return list(db.session.scalars(select(Theme).where(Theme.consultation_id == consultation.id)))


def _theme_state(consultation) -> tuple:
    themes = sorted((t.id, t.nlp_id, t.label_auto, t.is_active, t.last_run_id) for t in _themes(consultation))
    members = db.session.scalar(select(func.count(ThemeMembership.id)))
    return tuple(themes), members
