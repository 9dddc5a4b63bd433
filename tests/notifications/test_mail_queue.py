"""The outbox is sent by an RQ worker when REDIS_URL is set (queue ``forum-mail``) and by a
thread of the process otherwise; never by the request that queued the mail."""

from __future__ import annotations

import os
import uuid

import pytest
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker
from sqlalchemy import select

from app.extensions import db
from app.notifications.dispatch import DELIVER_JOB
from app.notifications.models import Notification
from tests.accounts.helpers import link_in
from tests.conftest import IN_CI
from tests.factories import create_user

REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_or_skip() -> Redis:
    connection = Redis.from_url(REDIS_TEST_URL)
    try:
        connection.ping()
    except RedisError:
        if IN_CI:
            pytest.fail(f"Redis is not reachable at {REDIS_TEST_URL} in CI")
        pytest.skip(f"Redis not reachable at {REDIS_TEST_URL}")
    return connection


def test_with_redis_the_mail_waits_for_the_mail_worker(app, client, mailbox):
    connection = _redis_or_skip()
    queue_name = f"forum-mail-test-{uuid.uuid4().hex[:8]}"
    app.config.update(REDIS_URL=REDIS_TEST_URL, MAIL_QUEUE=queue_name)
    queue = Queue(queue_name, connection=connection)
    try:
        user = create_user(email="coda@example.org")
        assert client.post("/account/password-dimenticata", data={"email": user.email}).status_code == 302
        assert mailbox(1, timeout=0.3) == []  # nothing sent by the request or a thread
        assert [job.func_name for job in queue.jobs] == [DELIVER_JOB]

        SimpleWorker([queue], connection=connection).work(burst=True)

        [message] = mailbox(1)
        assert message["To"] == "coda@example.org"
        assert link_in(message).startswith("/account/nuova-password/")
        db.session.expire_all()
        assert db.session.scalars(select(Notification.sent_at)).one() is not None
    finally:
        queue.delete(delete_jobs=True)
        connection.close()


def test_the_mail_worker_command_needs_redis(app, runner):
    app.config["REDIS_URL"] = ""
    result = runner.invoke(args=["forum", "mail-worker", "--burst"])
    assert result.exit_code == 1 and "REDIS_URL is not set" in result.output


def test_redis_down_keeps_the_mail_for_send_notifications(app, client, runner, mailbox):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    user = create_user(email="attesa@example.org")
    assert client.post("/account/password-dimenticata", data={"email": user.email}).status_code == 302
    assert mailbox(1, timeout=0.3) == []
    app.config["REDIS_URL"] = ""
    assert "Notifications sent: 1." in runner.invoke(args=["forum", "send-notifications"]).output
    [message] = mailbox(1)
    assert message["To"] == "attesa@example.org"
