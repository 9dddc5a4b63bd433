"""A real HTTP server around the test app, and a tiny client, for the concurrency tests.

The server is werkzeug's threaded server in a background thread: every request runs in
its own thread with its own database connection, so concurrent requests really race in
PostgreSQL. Clients are authenticated with a signed session cookie (as a browser would
after logging in), without paying for a password hash per request.
"""

from __future__ import annotations

import http.client
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from werkzeug.serving import make_server

from tests.conftest import IS_POSTGRES
from tests.factories import session_id_for

# On SQLite one writer at a time holds the database, so races cannot happen there. The
# PostgreSQL run of the suite executes these (and fails in CI if PostgreSQL is missing,
# see tests/conftest.py).
# Marked "postgres" so the SQLite run of `make test` deselects them (they run in the
# PostgreSQL run); a plain local pytest on SQLite skips them with the reason.
postgres_only = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not IS_POSTGRES,
        reason="concurrency tests need PostgreSQL (TEST_DATABASE_URL); SQLite serialises every writer",
    ),
]


@dataclass
class Answer:
    status: int
    location: str
    cookie: str | None
    body: str


@contextmanager
def live_server(app):
    """Serve ``app`` on a free loopback port in a background thread; yields the port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(10)


def session_cookie(app, user=None, **values) -> str:
    """A signed session cookie logging ``user`` in (and holding ``values``, e.g. locale)."""
    data = dict(values)
    if user is not None:
        data.update({"_user_id": session_id_for(user), "_fresh": True})
    return app.session_interface.get_signing_serializer(app).dumps(data)


def read_session(app, cookie: str | None) -> dict:
    if not cookie:
        return {}
    return app.session_interface.get_signing_serializer(app).loads(cookie)


def post(port: int, path: str, data: dict | None = None, cookie: str | None = None, timeout=60) -> Answer:
    """POST a form to the live server (no redirect followed)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Host": "localhost"}
    if cookie:
        headers["Cookie"] = f"session={cookie}"
    try:
        connection.request("POST", path, body=urlencode(data or {}), headers=headers)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        new_cookie = None
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session="):
                new_cookie = value.split(";", 1)[0].split("=", 1)[1]
        return Answer(response.status, response.getheader("Location", ""), new_cookie, body)
    finally:
        connection.close()


def at_once(count: int, action) -> list:
    """Run ``action(i)`` in ``count`` threads released together; return their results in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = action(i)
        except Exception as error:  # reported by the test's assertions
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results
