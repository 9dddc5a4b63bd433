"""Test fixtures: a real database built by the real migrations, on SQLite or PostgreSQL.

``TEST_DATABASE_URL`` selects the back-end: unset means SQLite; a
``postgresql+psycopg://`` URL means PostgreSQL (the suite creates and drops its own
database named in the URL). Each test gets a clean database with the reference data:
on SQLite a fresh copy of a migrated template file, on PostgreSQL the tables truncated.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
from contextlib import contextmanager

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from flask import current_app, g, request_finished, request_started
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from app import create_app, pagecache
from app.extensions import db, limiter
from app.notifications.dispatch import wait_for_deliveries
from app.reference.services import load_reference

# The real-browser fixtures (chromium, live_server), shared by tests/e2e and tests/security.
pytest_plugins = ["tests.browser"]

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
IS_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")
IN_CI = bool(os.environ.get("CI"))
TEST_PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
RATE_LIMITED = ("LOGIN", "SUBMIT", "COMMENT", "FLAG")


def _postgres_reachable(url: str) -> bool:
    parsed = make_url(url)
    try:
        with socket.create_connection((parsed.host or "127.0.0.1", parsed.port or 5432), 2):
            return True
    except OSError:
        return False


def _base_config(database_url: str) -> dict:
    return {
        "TESTING": True,
        # 32 bytes or more, as production requires (app.settings); the tests are not production.
        "SECRET_KEY": "test-secret-of-the-forum-test-suite",
        # E-mail links are built on PUBLIC_URL, never on the request's host.
        "PUBLIC_URL": "http://localhost",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "localhost",
        "MAIL_SERVER": "",
        # Still scrypt, with a cost that keeps a login in tests at a few milliseconds.
        "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH_METHOD,
        # Rate limits stay on, high enough for tests that post many times; the tests of
        # the limits themselves (tests/security) lower them. Counters in memory.
        "RATELIMIT_STORAGE_URI": "memory://",
        **{
            f"{name}_LIMIT_PER_{who}": "10000 per minute"
            for name in RATE_LIMITED
            for who in ("ACCOUNT", "IP")
        },
        "MAIL_LIMIT_PER_IP": "10000 per minute",
        "API_LIMIT_PER_IP": "100000 per minute",
        "API_DOWNLOAD_LIMIT_PER_IP": "100000 per minute",
        # Visitors' pages show every write at once, so tests can look right after one;
        # tests/pagecache checks the grace itself.
        "PAGE_CACHE_ACTIVITY_GRACE": 0,
        # Statistics are recomputed during the request that finds them stale, so a test
        # sees them right after a write (in production: in the background).
        "STATISTICS_REFRESH_INLINE": True,
        # Runs do not draw their charts in the background (a job still drawing would write into
        # the next test's database); tests/synthesis/test_prepared_charts.py turns it on.
        "SYNTHESIS_PREPARE_CHARTS": False,
    }


def _migrate(database_url: str) -> None:
    app = create_app(_base_config(database_url))
    with app.app_context():
        upgrade()
        load_reference()
        db.session.commit()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """Run the real migrations once; return what each test needs to get a clean copy."""
    if IS_POSTGRES:
        if not _postgres_reachable(TEST_DATABASE_URL):
            if IN_CI:
                pytest.fail("PostgreSQL is not reachable at TEST_DATABASE_URL in CI")
            pytest.skip("PostgreSQL not reachable at TEST_DATABASE_URL; start it to run these")
        url = make_url(TEST_DATABASE_URL)
        admin_engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
        admin_engine.dispose()
        _migrate(TEST_DATABASE_URL)
        yield {"kind": "postgresql", "url": TEST_DATABASE_URL}
    else:
        template = tmp_path_factory.mktemp("db") / "template.sqlite"
        _migrate(f"sqlite:///{template}")
        yield {"kind": "sqlite", "path": template}


def _make_app(database_url: str, **overrides):
    config = _base_config(database_url)
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def _apps(database_template, tmp_path_factory):
    """One app per session (building an app compiles every route and template, which
    costs far more than a test); each test gets a clean database under it instead."""
    if database_template["kind"] == "sqlite":
        live = tmp_path_factory.mktemp("live") / "test.sqlite"
        shutil.copyfile(database_template["path"], live)
        url = f"sqlite:///{live}"
    else:
        url = database_template["url"]
    apps = {
        "default": _make_app(url),
        "csrf": _make_app(url, WTF_CSRF_ENABLED=True),
        "live_path": live if database_template["kind"] == "sqlite" else None,
    }
    for key in ("default", "csrf"):
        request_started.connect(_forget_request_globals, apps[key])
        request_finished.connect(_wait_for_mail, apps[key])
    if database_template["kind"] == "postgresql":
        global _reference_fingerprint
        with apps["default"].app_context(), db.engine.connect() as conn:
            _reference_fingerprint = conn.execute(text(REFERENCE_FINGERPRINT_SQL)).scalar()
    yield apps
    for key in ("default", "csrf"):
        with apps[key].app_context():
            db.engine.dispose()


def _forget_request_globals(sender, **extra):
    """Tests keep one app context open across requests (to use the factories), so
    ``g`` would carry the logged-in user, the locale and the CSRF token from one request
    to the next; a real server starts each request afresh, and so do we.

    The same goes for the database session the test shares with its requests: a real
    request starts with no transaction open, so the one the test's own reads left open
    is ended (on SQLite, a read snapshot older than the mail thread's last write would
    make the request's first write fail with "database is locked")."""
    for name in list(g):
        g.pop(name, None)
    if db.session().in_transaction():
        db.session.commit()


def _wait_for_mail(sender, **extra):
    """Each request's mails leave (in the mail thread) before the test goes on: a test
    then reads what was sent, and on SQLite the thread's writes cannot slip between the
    test's own reads and writes (a write in a transaction older than another connection's
    commit fails at once). ``TEST_MAIL_IN_BACKGROUND`` lets a test watch the thread work
    while the request has already answered."""
    if not current_app.config.get("TEST_MAIL_IN_BACKGROUND"):
        # A transaction the request's last hooks opened (in the session the test shares) is older
        # than the mail thread's writes: end it, so the test's next write does not fail on SQLite.
        if wait_for_deliveries() and db.session().in_transaction():
            db.session.commit()


@contextmanager
def _clean_app(apps, key: str, database_template):
    app = apps[key]
    saved_config = dict(app.config)
    # Each test keeps its attached documents in a folder of its own.
    attachments_dir = tempfile.mkdtemp(prefix="forum-attachments-")
    app.config["ATTACHMENTS_DIR"] = attachments_dir
    with app.app_context():
        if database_template["kind"] == "sqlite":
            # A fresh copy of the migrated template, swapped in atomically: connections
            # still open (there should be none) keep the old file, never a torn one.
            db.engine.dispose()
            fresh = apps["live_path"].with_suffix(".next")
            shutil.copyfile(database_template["path"], fresh)
            os.replace(fresh, apps["live_path"])
        # Pages and reference data cached by the previous test describe another database.
        pagecache.forget_everything(app)
        try:
            yield app
        finally:
            wait_for_deliveries()  # the mail thread must not write into the next test's database
            limiter.reset()  # rate-limit counters start from zero in every test
            db.session.remove()
            if database_template["kind"] == "postgresql":
                _truncate_all_but_reference()
            db.engine.dispose()
            app.config.clear()
            app.config.update(saved_config)
            shutil.rmtree(attachments_dir, ignore_errors=True)


@pytest.fixture
def app(_apps, database_template):
    with _clean_app(_apps, "default", database_template) as app:
        yield app


REFERENCE_TABLES = {
    "alembic_version",
    "actor_types",
    "drivers",
    "missions",
    "components",
    "driver_missions",
    "vision_keywords",
    "zones",
    "comuni",
}


def _truncate_all_but_reference() -> None:
    """Empty every table but reference data; reset reference rows edited by a test."""
    tables = [t.name for t in db.metadata.sorted_tables if t.name not in REFERENCE_TABLES]
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    _reset_reference_if_changed()


# One text summarising every reference row; compared after each PostgreSQL test so
# that a test editing reference data (admin pages) leaves the next test the original.
REFERENCE_FINGERPRINT_SQL = """
SELECT md5(
  (SELECT coalesce(string_agg(number || name || description, '|' ORDER BY id), '') FROM drivers) ||
  (SELECT coalesce(string_agg(code || name, '|' ORDER BY id), '') FROM missions) ||
  (SELECT coalesce(string_agg(code || name || mission_id, '|' ORDER BY id), '') FROM components) ||
  (SELECT coalesce(string_agg(driver_id || '-' || mission_id, '|' ORDER BY driver_id, mission_id), '')
     FROM driver_missions) ||
  (SELECT coalesce(string_agg(slug || name, '|' ORDER BY id), '') FROM vision_keywords) ||
  (SELECT coalesce(string_agg(slug || name || is_zona_omogenea, '|' ORDER BY id), '') FROM zones) ||
  (SELECT coalesce(string_agg(istat_code || name || coalesce(zone_id, 0) || coalesce(population, 0),
     '|' ORDER BY id), '') FROM comuni) ||
  (SELECT coalesce(string_agg(code || name || position, '|' ORDER BY id), '') FROM actor_types)
)
"""
_reference_fingerprint: str | None = None


def _reset_reference_if_changed() -> None:
    with db.engine.begin() as conn:
        fingerprint = conn.execute(text(REFERENCE_FINGERPRINT_SQL)).scalar()
        changed = fingerprint != _reference_fingerprint
        if changed:
            reference = [t for t in REFERENCE_TABLES if t != "alembic_version"]
            conn.execute(text(f"TRUNCATE {', '.join(reference)} RESTART IDENTITY CASCADE"))
    if changed:
        load_reference()
        db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def csrf_app(_apps, database_template):
    """An app with CSRF protection on, for the tests that check it."""
    with _clean_app(_apps, "csrf", database_template) as app:
        yield app


TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """``with count_queries() as counter:`` counts the SQL statements run inside."""

    @contextmanager
    def counting():
        counter = QueryCounter()

        def before(conn, cursor, statement, parameters, context, executemany):
            # Transaction control (BEGIN on SQLite, SAVEPOINT) is not a query the page makes.
            if statement.split(None, 1)[0].upper() not in TRANSACTION_CONTROL:
                counter.statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free local port; yields the received messages."""

    class Collector(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    handler = Collector()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    controller.stop()


@pytest.fixture
def mailbox(app, smtp_server):
    """Point the app at the local SMTP server; returns a function waiting for messages."""
    app.config["MAIL_SERVER"] = "127.0.0.1"
    app.config["MAIL_PORT"] = smtp_server.port
    smtp_server.messages.clear()

    def received(count: int = 1, timeout: float = 5.0):
        deadline = time.monotonic() + timeout
        while len(smtp_server.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(smtp_server.messages)

    return received
