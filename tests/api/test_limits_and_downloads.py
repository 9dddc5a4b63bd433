"""The open-data API is rate limited per address, and an XLSX download is capped and
streamed (issue 13: the API had no limit, and a full XLSX cost about a millisecond a row,
built in memory before the first byte)."""

from __future__ import annotations

import io
import os
import uuid

import pytest
import redis
from openpyxl import load_workbook

from app import create_app
from app.extensions import db, limiter
from tests import factories
from tests.conftest import IN_CI, _base_config

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _get(client, url: str, ip: str = "127.0.0.1"):
    return client.get(url, environ_base={"REMOTE_ADDR": ip})


def test_the_api_is_limited_per_address_with_a_json_429_and_retry_after(app, client):
    app.config["API_LIMIT_PER_IP"] = "3 per minute"
    for url in ("/api/", "/api/proposals", "/api/openapi.json"):
        assert _get(client, url).status_code == 200
    blocked = _get(client, "/api/proposals?page=2")
    assert blocked.status_code == 429
    assert blocked.mimetype == "application/json" and blocked.get_json()["error"]
    assert 1 <= int(blocked.headers["Retry-After"]) <= 61
    # Another address is not affected; the HTML pages are not counted.
    assert _get(client, "/api/proposals", ip="10.1.2.3").status_code == 200
    assert _get(client, "/dati-aperti").status_code == 200


def test_downloads_have_their_own_lower_limit(app, client):
    app.config["API_DOWNLOAD_LIMIT_PER_IP"] = "2 per minute"
    assert _get(client, "/api/proposals.csv").status_code == 200
    assert _get(client, "/api/proposals?format=xlsx").status_code == 200
    refused = _get(client, "/api/answers.xlsx")
    assert refused.status_code == 429 and refused.get_json()["error"]
    assert _get(client, "/api/proposals?format=csv").status_code == 429
    # Paginated JSON is still served.
    assert _get(client, "/api/proposals").status_code == 200


def _redis_or_skip() -> redis.Redis:
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.RedisError:
        if IN_CI:
            pytest.fail(f"Redis is not reachable at {REDIS_URL} in CI")
        pytest.skip(f"Redis not reachable at {REDIS_URL}; start redis-server to run this test")
    return connection


def test_with_redis_url_the_api_counters_are_shared_by_every_worker(app):
    connection = _redis_or_skip()
    ip = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    config = _base_config(app.config["SQLALCHEMY_DATABASE_URI"])
    config.update(RATELIMIT_STORAGE_URI="", REDIS_URL=REDIS_URL, API_LIMIT_PER_IP="2 per minute")
    saved = (limiter._storage, limiter._limiter)  # one limiter per process (see test_rate_limits)
    redis_app = create_app(config)
    try:
        worker_a, worker_b = redis_app.test_client(), redis_app.test_client()
        assert _get(worker_a, "/api/", ip).status_code == 200
        assert _get(worker_b, "/api/", ip).status_code == 200
        assert _get(worker_a, "/api/", ip).status_code == 429
        assert list(connection.scan_iter(f"*ip:{ip}/api-ip*")), "no API counter was written to Redis"
    finally:
        for key in connection.scan_iter(f"*ip:{ip}/*"):
            connection.delete(key)
        limiter._storage, limiter._limiter = saved
        with redis_app.app_context():
            db.engine.dispose()


def _rows(data: bytes) -> tuple[list[tuple], dict]:
    workbook = load_workbook(io.BytesIO(data))
    rows = list(workbook["proposals"].iter_rows(values_only=True))
    about = dict(workbook["licence"].iter_rows(values_only=True))
    return rows, about


def test_an_xlsx_holds_at_most_the_row_cap_is_streamed_and_links_the_next_page(app, client):
    app.config["API_XLSX_MAX_ROWS"] = 3
    consultation = factories.create_consultation()
    proposals = [factories.create_proposal(consultation, title=f"Proposta {n}") for n in range(7)]
    first = client.get("/api/proposals.xlsx")
    assert first.status_code == 200 and first.is_streamed
    assert first.headers["X-Total-Count"] == "7"
    assert int(first.headers["Content-Length"]) == len(first.data)
    rows, about = _rows(first.data)
    assert rows[0][0] == "id" and [r[0] for r in rows[1:]] == [p.id for p in proposals[:3]]
    assert about["rows"] == "1-3 of 7" and about["next_page"].endswith("/api/proposals.xlsx?page=2")
    assert 'rel="next"' in first.headers["Link"] and "page=2" in first.headers["Link"]
    last = client.get("/api/proposals.xlsx?page=3")
    rows, about = _rows(last.data)
    assert [r[0] for r in rows[1:]] == [proposals[6].id]
    assert about["rows"] == "7-7 of 7" and "next_page" not in about
    assert 'rel="next"' not in last.headers["Link"]
    assert "proposals-3.xlsx" in last.headers["Content-Disposition"]
    # A page past the end is an empty sheet, still with its licence; a bad page number a 400.
    rows, about = _rows(client.get("/api/proposals.xlsx?page=9").data)
    assert len(rows) == 1 and about["rows"] == "0 of 7"
    assert client.get("/api/proposals.xlsx?page=²").status_code == 400
