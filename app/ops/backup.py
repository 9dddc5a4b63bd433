"""Backup and restore of the whole database.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent
snapshot page by page while the application keeps running, and restores the same way.
PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot of a running database)
and ``pg_restore --clean --if-exists --single-transaction`` (all or nothing).

pg_dump and pg_restore run with an argument list, never through a shell (bandit B404/B603).

A restore replaces the current data: stop the application servers first, then run
``flask db upgrade`` if the backup is older than the code.

Attached documents are files, not rows: the backup writes them to ``PATH.attachments.tar``
beside the database copy, and the restore puts them back once the database is restored
(app.documents.storage). Keep the two files together.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404
from pathlib import Path

from sqlalchemy.engine import make_url

from app.documents import storage as document_storage
from app.errors import DomainError
from app.extensions import db


class BackupError(DomainError):
    """The backup or the restore could not be made; nothing was changed."""


def backup_database(path: str | Path) -> Path:
    """Write a consistent copy of the database to ``path``.

    :raises BackupError: unsupported database, missing client tools or a failed dump.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    url = make_url(db.engine.url)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url), target)
    elif url.get_backend_name() == "postgresql":
        partial = target.with_name(target.name + ".partial")
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(partial)], url)
        os.replace(partial, target)  # a crash mid-dump never leaves a truncated backup at ``path``
    else:
        raise BackupError(f"backups are not supported for {url.get_backend_name()}")
    # After the database: a document uploaded meanwhile is at worst an extra file, never a
    # row without its file.
    document_storage.backup_files(target)
    return target


def restore_database(path: str | Path) -> None:
    """Replace the database's content with the backup at ``path`` (all or nothing).

    :raises BackupError: missing or unreadable backup, or a failed restore (in which
        case the database is left as it was).
    """
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    url = make_url(db.engine.url)
    # Our own pooled connections would hold locks or stale pages: let them go first.
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        _sqlite_copy(source, _sqlite_path(url))
    elif url.get_backend_name() == "postgresql":
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(source)],
            url,
            database_flag=True,
        )
    else:
        raise BackupError(f"restores are not supported for {url.get_backend_name()}")
    document_storage.restore_files(source)


def _sqlite_path(url) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Online, consistent copy with SQLite's backup API (works while others write)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _check_sqlite_backup(source: Path) -> None:
    try:
        connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            ok = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            has_schema = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'"
            ).fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a SQLite database: {error}") from error
    if not ok or not has_schema:
        raise BackupError(f"{source} is not a valid backup of this application")


def _run(command: list[str], url, database_flag: bool = False) -> None:
    """Run a PostgreSQL client tool against ``url`` (the password goes in the environment)."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} not found: install the PostgreSQL client tools")
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[variable] = str(value)
    if database_flag:
        command = [*command[:-1], "--dbname", url.database, command[-1]]
    # A fixed tool name and an argument list: nothing is parsed by a shell.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")
