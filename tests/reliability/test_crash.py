"""A worker killed in the middle of a write leaves nothing half-written (gunicorn, PostgreSQL).

The app runs under a real gunicorn with the test-only fault injection of
:mod:`app.ops.faults`: every transaction sleeps right after its first INSERT. The test
posts a support, waits until PostgreSQL shows that transaction holding an uncommitted
write, kills the worker with SIGKILL, and checks that neither the support row nor the
counter update survived, and that the master starts a new worker.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from app.extensions import db
from app.proposals.models import Proposal, Support
from tests.conftest import TEST_DATABASE_URL
from tests.factories import create_proposal, create_user
from tests.reliability.live import post, postgres_only, session_cookie

pytestmark = postgres_only

GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), 0.5):
            return True
    except OSError:
        return False


def _get_status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        return connection.getresponse().status
    finally:
        connection.close()


def _writing_transactions(engine, database: str) -> int:
    """Backends of ``database`` inside a transaction that has written (holds an xid)."""
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = :db "
                "AND state LIKE 'idle in transaction%' AND backend_xid IS NOT NULL"
            ),
            {"db": database},
        ).scalar()


def test_killing_the_worker_mid_write_leaves_no_partial_write(app, tmp_path):
    proposal = create_proposal()
    cookie = session_cookie(app, create_user())
    url = f"/proposte/{proposal.id}/sostieni"
    port = _free_port()
    overrides = {
        "TESTING": True,
        "SECRET_KEY": app.config["SECRET_KEY"],
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }
    empty_config = tmp_path / "gunicorn.conf.py"  # do not pick up the repository's own
    empty_config.write_text("")
    env = {**os.environ, "FORUM_TEST_SLOW_WRITE_SECONDS": "20"}
    master = subprocess.Popen(
        [
            str(GUNICORN),
            "--config",
            str(empty_config),
            "--workers",
            "1",
            "--timeout",
            "60",
            "--bind",
            f"127.0.0.1:{port}",
            f"app:create_app({overrides!r})",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    monitor = create_engine(TEST_DATABASE_URL, poolclass=None)
    database = monitor.url.database
    try:
        # The worker imports the whole app (NLP libraries included) before it answers.
        _wait_until(lambda: _listening(port) and _get_status(port, "/privacy") == 200, 120, "the app")
        worker = _children(master.pid)[0]

        outcome: dict = {}
        request = threading.Thread(
            target=lambda: outcome.update(answer=_try(lambda: post(port, url, cookie=cookie, timeout=40)))
        )
        request.start()
        # The support row is inserted, not committed: the worker sleeps inside the transaction.
        _wait_until(lambda: _writing_transactions(monitor, database), 20, "the uncommitted write")
        os.kill(worker, signal.SIGKILL)
        request.join(45)
        assert isinstance(outcome.get("answer"), Exception), "the request should have died with its worker"

        # PostgreSQL sees the connection drop and rolls the transaction back.
        _wait_until(lambda: _writing_transactions(monitor, database) == 0, 20, "the rollback")
        db.session.expire_all()
        rows = db.session.scalar(select(func.count()).select_from(Support))
        assert (rows, db.session.get(Proposal, proposal.id).supports_count) == (0, 0)

        # The master replaces the dead worker (it would answer once it has imported the app).
        _wait_until(lambda: [p for p in _children(master.pid) if p != worker], 30, "a new worker")
    finally:
        master.terminate()
        try:
            master.wait(15)
        except subprocess.TimeoutExpired:
            master.kill()
            master.wait(5)
        monitor.dispose()


def _try(action):
    try:
        return action()
    except Exception as error:  # the connection is reset when the worker dies
        return error
