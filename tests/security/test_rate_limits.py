"""Rate limits: failed logins per account and per IP, submissions, comments, reports.

The suite runs with high limits (tests/conftest.py); each test here lowers the one it
checks through the configuration, which the limiter reads at every request.
"""

from __future__ import annotations

import os
import uuid

import pytest
import redis
from sqlalchemy import func, select

from app import create_app
from app.extensions import db, limiter
from app.proposals.models import Comment, Flag, Proposal
from tests.conftest import IN_CI, _base_config
from tests.factories import PASSWORD, create_comment, create_consultation, create_proposal, create_user
from tests.proposals.helpers import english, full_form, sign_in

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _fail_login(client, email: str, ip: str = "127.0.0.1"):
    return client.post(
        "/account/accedi",
        data={"email": email, "password": "non-è-la-password"},
        environ_base={"REMOTE_ADDR": ip},
    )


def _login(client, email: str, ip: str = "127.0.0.1"):
    return client.post(
        "/account/accedi", data={"email": email, "password": PASSWORD}, environ_base={"REMOTE_ADDR": ip}
    )


def test_failed_logins_are_throttled_per_account_with_a_clear_message(app, client):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per minute"
    user = create_user(email="vittima@example.org")
    english(client)
    for _ in range(3):
        assert _fail_login(client, "vittima@example.org").status_code == 401
    # Case and spaces do not make a new account key.
    blocked = _fail_login(client, "  Vittima@Example.ORG ", ip="10.0.0.9")
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert "<h1>Too many requests</h1>" in page
    assert "Please wait a moment and try again." in page
    # Even the right password waits: the attacker must not learn it by retrying.
    assert _login(client, user.email, ip="10.0.0.10").status_code == 429
    # Another account from the same address is not affected.
    other = create_user()
    assert _login(client, other.email).status_code == 302


def test_successful_logins_do_not_count_against_the_account(app, client):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per minute"
    user = create_user()
    for _ in range(4):
        assert _login(app.test_client(), user.email).status_code == 302


def test_failed_logins_are_throttled_per_ip_across_accounts(app, client):
    app.config["LOGIN_LIMIT_PER_IP"] = "4 per minute"
    for n in range(4):
        assert _fail_login(client, f"tentativo{n}@example.org", ip="203.0.113.5").status_code == 401
    assert _fail_login(client, "ancora@example.org", ip="203.0.113.5").status_code == 429
    # Another address is not blocked.
    assert _fail_login(client, "ancora@example.org", ip="203.0.113.6").status_code == 401


def test_429_page_is_in_italian_by_default(app, client):
    app.config["LOGIN_LIMIT_PER_IP"] = "1 per minute"
    _fail_login(client, "a@example.org")
    response = _fail_login(client, "a@example.org")
    assert response.status_code == 429
    assert "<h1>Troppe richieste</h1>" in response.get_data(as_text=True)


def test_proposal_submissions_are_limited_per_account(app, client):
    app.config["SUBMIT_LIMIT_PER_ACCOUNT"] = "2 per minute"
    consultation = create_consultation(is_premoderated=False)
    sign_in(client, create_user())
    url = f"/consultazioni/{consultation.slug}/proposte/nuova"
    for _ in range(2):
        assert client.post(url, data=full_form()).status_code == 302
    assert client.post(url, data=full_form()).status_code == 429
    assert db.session.scalar(select(func.count(Proposal.id))) == 2
    # The form itself still opens (only sending counts).
    assert client.get(url).status_code == 200


def test_invalid_submissions_do_not_use_up_the_limit(app, client):
    app.config["SUBMIT_LIMIT_PER_ACCOUNT"] = "1 per minute"
    consultation = create_consultation()
    sign_in(client, create_user())
    url = f"/consultazioni/{consultation.slug}/proposte/nuova"
    for _ in range(3):
        assert client.post(url, data=full_form(title="")).status_code == 422
    assert client.post(url, data=full_form()).status_code == 302


def test_comments_are_limited_per_account_and_per_ip(app, client):
    app.config["COMMENT_LIMIT_PER_ACCOUNT"] = "2 per minute"
    app.config["COMMENT_LIMIT_PER_IP"] = "3 per minute"
    proposal = create_proposal()
    sign_in(client, create_user())
    url = f"/proposte/{proposal.id}/commenti"
    for n in range(2):
        assert client.post(url, data={"body": f"Commento numero {n}"}).status_code == 302
    assert client.post(url, data={"body": "Un commento di troppo"}).status_code == 429
    # A second account on the same address gets one more, then the address is blocked.
    second = app.test_client()
    sign_in(second, create_user())
    assert second.post(url, data={"body": "Dal secondo account"}).status_code == 302
    assert second.post(url, data={"body": "Di nuovo dal secondo"}).status_code == 429
    assert db.session.scalar(select(func.count(Comment.id))) == 3


def test_reports_are_limited_per_account_across_proposals_and_comments(app, client):
    app.config["FLAG_LIMIT_PER_ACCOUNT"] = "2 per minute"
    app.config["FLAGS_AUTO_HIDE_THRESHOLD"] = 0
    first, second, third = create_proposal(), create_proposal(), create_proposal()
    comment = create_comment(third)
    sign_in(client, create_user())
    assert client.post(f"/proposte/{first.id}/segnala", data={"reason": "spam"}).status_code == 302
    assert client.post(f"/commenti/{comment.id}/segnala", data={"reason": "spam"}).status_code == 302
    assert client.post(f"/proposte/{second.id}/segnala", data={"reason": "spam"}).status_code == 429
    assert db.session.scalar(select(func.count(Flag.id))) == 2


def _redis_or_skip() -> redis.Redis:
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.RedisError:
        if IN_CI:
            pytest.fail(f"Redis is not reachable at {REDIS_URL} in CI")
        pytest.skip(f"Redis not reachable at {REDIS_URL}; start redis-server to run this test")
    return connection


def test_with_redis_url_the_counters_live_in_redis(app):
    """Production with several worker processes: every process sees the same counters."""
    connection = _redis_or_skip()
    email = f"redis-{uuid.uuid4().hex[:8]}@example.org"  # unique: its keys are found and removed
    ip = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    config = _base_config(app.config["SQLALCHEMY_DATABASE_URI"])
    config.update(RATELIMIT_STORAGE_URI="", REDIS_URL=REDIS_URL)
    config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per minute"
    # The limiter is one object shared by the apps of this process (like the routes that
    # carry its decorators); a new app re-points its storage, restored afterwards.
    saved = (limiter._storage, limiter._limiter)
    redis_app = create_app(config)
    try:
        assert redis_app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
        worker_a, worker_b = redis_app.test_client(), redis_app.test_client()
        assert _fail_login(worker_a, email, ip).status_code == 401
        assert _fail_login(worker_b, email, ip).status_code == 401
        assert _fail_login(worker_a, email, ip).status_code == 429
        keys = list(connection.scan_iter(f"*account:{email}*"))
        assert keys, "no rate-limit counter was written to Redis"
    finally:
        for pattern in (f"*account:{email}*", f"*ip:{ip}/*"):
            for key in connection.scan_iter(pattern):
                connection.delete(key)
        limiter._storage, limiter._limiter = saved
        with redis_app.app_context():
            db.engine.dispose()


def test_forwarded_addresses_are_ignored_unless_proxies_are_trusted(app, client):
    app.config["LOGIN_LIMIT_PER_IP"] = "1 per minute"
    spoof = {"X-Forwarded-For": "192.0.2.1"}
    assert client.post("/account/accedi", data={"email": "a@example.org", "password": "x"}).status_code == 401
    # PROXY_COUNT=0 (default): a client cannot escape the per-IP limit by inventing an address.
    response = client.post("/account/accedi", data={"email": "b@example.org", "password": "x"}, headers=spoof)
    assert response.status_code == 429


def test_behind_one_trusted_proxy_the_client_address_is_the_forwarded_one(app):
    config = _base_config(app.config["SQLALCHEMY_DATABASE_URI"])
    config.update(PROXY_COUNT=1, LOGIN_LIMIT_PER_IP="1 per minute")
    proxied = create_app(config)
    try:
        client = proxied.test_client()

        def attempt(address: str) -> int:
            data = {"email": "c@example.org", "password": "x"}
            return client.post("/account/accedi", data=data, headers={"X-Forwarded-For": address}).status_code

        assert attempt("192.0.2.10") == 401
        assert attempt("192.0.2.11") == 401  # another person behind the same proxy
        assert attempt("192.0.2.10") == 429
    finally:
        limiter.reset()
        with proxied.app_context():
            db.engine.dispose()
