"""Unbound Flask extensions, initialised in :func:`app.create_app`."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# A naming convention makes constraint names stable across SQLite and PostgreSQL,
# so Alembic can drop and alter them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
# Storage, limits and switches come from the configuration: see app.security.
limiter = Limiter(get_remote_address)


def configure_sqlite(engine: Engine) -> None:
    """Make SQLite behave like the PostgreSQL we run in production.

    - foreign keys are enforced (SQLite ignores them unless asked, per connection);
    - the Python driver's own transaction handling is switched off and we emit BEGIN
      ourselves, so SAVEPOINTs (used to absorb a duplicate insert) nest inside the
      request's transaction instead of committing it early;
    - file databases use WAL, so readers do not block the writer in the demo server;
    - a writer waits for a lock instead of failing at once;
    - a transaction that reads and then writes what it read as of one moment (the counting
      of the statistics) asks for ``sqlite_begin_immediate``: it takes the write lock at
      BEGIN, so no other writer commits between its reads and its writes.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        immediate = connection.get_execution_options().get("sqlite_begin_immediate")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
