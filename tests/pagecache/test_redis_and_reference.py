"""The page cache shared through Redis by several worker processes, and the reference data
kept per process."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
import redis

from app import create_app
from app.extensions import db, limiter
from app.reference.models import Mission
from app.reference.snapshot import reference_data
from tests.conftest import IN_CI, _base_config
from tests.factories import create_consultation, create_proposal, create_user
from tests.proposals.helpers import sign_in


def _mission_ids(*codes) -> list[int]:
    return list(db.session.scalars(db.select(Mission.id).where(Mission.code.in_(codes))))


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_or_skip() -> redis.Redis:
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.RedisError:
        if IN_CI:
            pytest.fail(f"Redis is not reachable at {REDIS_URL} in CI")
        pytest.skip(f"Redis not reachable at {REDIS_URL}; start redis-server to run this test")
    return connection


@contextmanager
def _workers(app, count: int, **config):
    """``count`` apps on the test database, like the worker processes of one server."""
    base = _base_config(app.config["SQLALCHEMY_DATABASE_URI"])
    base.update(config)
    saved = (limiter._storage, limiter._limiter)  # the limiter is shared by every app
    workers = [create_app(base) for _ in range(count)]
    try:
        yield workers
    finally:
        limiter._storage, limiter._limiter = saved
        for worker in workers:
            with worker.app_context():
                db.engine.dispose()


def test_with_redis_every_worker_serves_the_same_pages_and_sees_every_write(app):
    connection = _redis_or_skip()
    prefix = f"forum-test-{uuid.uuid4().hex[:8]}"
    proposal = create_proposal(title="Biblioteche aperte la sera")
    supporter = create_user()
    detail = f"/proposte/{proposal.id}"
    try:
        with _workers(app, 2, REDIS_URL=REDIS_URL, PAGE_CACHE_KEY_PREFIX=prefix) as (one, two):
            first = one.test_client().get(detail)
            assert first.headers["X-Cache"] == "miss"
            from_two = two.test_client().get(detail)
            assert from_two.headers["X-Cache"] == "hit"  # rendered by the other worker
            assert from_two.get_data() == first.get_data()
            assert list(connection.scan_iter(f"{prefix}:page:*"))

            browser = two.test_client()
            sign_in(browser, supporter)
            assert browser.post(f"{detail}/sostieni").status_code == 302

            again = one.test_client().get(detail)
            assert again.headers["X-Cache"] == "miss"
            assert again.get_data() != first.get_data()
    finally:
        for key in connection.scan_iter(f"{prefix}:*"):
            connection.delete(key)


def test_without_redis_the_workers_of_one_host_share_the_generation(app):
    """No Redis: each process keeps its own pages, but a write made in one process is seen by
    the others at once (the generation is a file beside the database)."""
    proposal = create_proposal()
    detail = f"/proposte/{proposal.id}"
    with _workers(app, 2, REDIS_URL="") as (one, two):
        reader = one.test_client()
        before = reader.get(detail)
        assert reader.get(detail).headers["X-Cache"] == "hit"
        browser = two.test_client()
        sign_in(browser, create_user())
        assert browser.post(f"{detail}/sostieni").status_code == 302
        after = reader.get(detail)
        assert after.headers["X-Cache"] == "miss"
        assert after.get_data() != before.get_data()


def test_a_redis_that_does_not_answer_only_switches_the_cache_off(app):
    proposal = create_proposal(title="Orti urbani nei parchi")
    # Nothing listens on port 1: every Redis call fails at once.
    with _workers(app, 1, REDIS_URL="redis://127.0.0.1:1/0") as (worker,):
        visitor = worker.test_client()
        for _ in range(2):
            page = visitor.get(f"/proposte/{proposal.id}")
            assert page.status_code == 200
            assert page.headers["X-Cache"] == "miss"
            assert "Orti urbani nei parchi" in page.get_data(as_text=True)
        browser = worker.test_client()
        sign_in(browser, create_user())
        assert browser.post(f"/proposte/{proposal.id}/sostieni").status_code == 302


def test_reference_data_is_read_once_per_process_and_again_after_an_edit(app, client, count_queries):
    consultation = create_consultation()
    with app.test_request_context():
        reference_data()
    with app.test_request_context(), count_queries() as counter:
        drivers = reference_data().drivers
    assert counter.count == 0
    assert [d.code for d in drivers] == [f"D{n}" for n in range(1, 11)]
    assert [m.code for m in drivers[4].missions] == ["M3"]

    sign_in(client, create_user(roles=["admin"]))
    response = client.post(
        "/admin/driver/5",
        data={
            "name": "Mobilità sostenibile",
            "description": "Trasporti.",
            "missions": _mission_ids("M1", "M3"),
        },
    )
    assert response.status_code == 302
    with app.test_request_context():
        driver = reference_data().drivers[4]
    assert driver.name == "Mobilità sostenibile"
    assert [m.code for m in driver.missions] == ["M1", "M3"]
    # Filters and forms read them: the consultation page lists the new name.
    page = client.get(f"/consultazioni/{consultation.slug}").get_data(as_text=True)
    assert "Mobilità sostenibile" in page
