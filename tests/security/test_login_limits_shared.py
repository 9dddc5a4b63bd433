"""Issue 13, finding 4: without Redis the login limits hold across gunicorn workers.

The penetration test passed 19–20 of 25 attempts through a "5 per minute" limit: each
worker counted in its own memory. Here a real gunicorn with two workers serves the app
with no ``REDIS_URL`` (counters in the database, app/ratelimit.py); failed logins are
sent two at a time so both workers take part, and the limit holds for the account as a
whole.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from app.extensions import db
from app.ratelimit import RateLimitCounter
from tests.factories import PASSWORD, create_user

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 5
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _request(port: int, method: str, path: str, body: str = "", cookie: str = ""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookies = [v.split(";", 1)[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
        return response.status, text, "; ".join(cookies)
    finally:
        connection.close()


def _attempt(port: int, email: str, password: str) -> int:
    """One login through the real form: its page (CSRF token), then the POST."""
    _status, page, cookie = _request(port, "GET", "/account/accedi")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urlencode({"email": email, "password": password, "csrf_token": token})
    status, _text, _cookie = _request(port, "POST", "/account/accedi", body, cookie)
    return status


@pytest.fixture
def gunicorn_two_workers(app, tmp_path):
    port = _free_port()
    access_log = tmp_path / "access.log"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("FORCE_HTTPS", "FORUM_ENV", "PUBLIC_URL"))
    }
    env.update(
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        SECRET_KEY="a-secret-key-of-the-shared-limits-test",
        REDIS_URL="",
        LOGIN_LIMIT_PER_ACCOUNT=f"{LIMIT} per minute",
        LOGIN_LIMIT_PER_IP="1000 per minute",
        PAGE_CACHE_ENABLED="0",
    )
    command = [sys.executable, "-m", "gunicorn", "wsgi:app", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    command += ["--access-logfile", str(access_log), "--access-logformat", "%(p)s %(m)s %(s)s"]
    command += ["--max-requests", "0", "--timeout", "60"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if _request(port, "GET", "/privacy")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"gunicorn did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield port, access_log
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        server.stderr.close()


def test_failed_logins_are_counted_once_for_all_workers(app, gunicorn_two_workers):
    port, access_log = gunicorn_two_workers
    email = create_user(email="bersaglio@example.org").email  # read here: the threads have no app
    statuses = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _round in range(12):
            statuses += pool.map(lambda _: _attempt(port, email, "non-e-la-password"), range(2))
    let_through = statuses.count(401)
    # Two attempts checked at the same instant may both pass the last free slot.
    assert LIMIT <= let_through <= LIMIT + 1, statuses
    assert statuses.count(429) == len(statuses) - let_through
    # Even the right password now waits, whichever worker takes it.
    assert [_attempt(port, email, PASSWORD) for _ in range(2)] == [429, 429]

    posts = [line.split() for line in access_log.read_text().splitlines() if " POST " in line]
    assert len({pid for pid, _method, _status in posts}) == 2, "both workers must have answered"
    db.session.commit()  # read what the workers wrote
    keys = db.session.scalars(select(RateLimitCounter.key)).all()
    assert keys and not any("bersaglio" in key for key in keys)  # digests, not the typed address
