"""Where attachment files live: a folder outside ``static/`` (``ATTACHMENTS_DIR``, by default
``instance/attachments``), each file under a random name, written atomically.

Files follow the database transaction: a file written by a transaction that rolls back is
removed, and a file whose row is deleted is removed only once the deletion is committed.
So the folder never loses a file the database still names (a crash can at worst leave an
orphan file, which nobody can reach).
"""

from __future__ import annotations

import os
import secrets
import shutil
import tarfile
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db

_WRITTEN = "forum.documents.written"
_TO_DELETE = "forum.documents.to_delete"
ARCHIVE_SUFFIX = ".attachments.tar"


def root() -> Path:
    folder = Path(current_app.config["ATTACHMENTS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_key() -> str:
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}"


def path_of(key: str) -> Path:
    return root() / key


def save(data: bytes) -> str:
    """Write ``data`` under a new random key (removed again if the transaction rolls back)."""
    key = new_key()
    target = path_of(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(partial, target)
    db.session.info.setdefault(_WRITTEN, []).append(target)
    return key


def delete_after_commit(key: str) -> None:
    db.session.info.setdefault(_TO_DELETE, []).append(path_of(key))


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    session.info.pop(_WRITTEN, None)
    for path in session.info.pop(_TO_DELETE, None) or []:
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session, previous_transaction) -> None:
    if previous_transaction.parent is not None:  # a SAVEPOINT: the outer transaction goes on
        return
    session.info.pop(_TO_DELETE, None)
    for path in session.info.pop(_WRITTEN, None) or []:
        path.unlink(missing_ok=True)


# --- backup and restore (app.ops.backup) ------------------------------------------------------


def archive_path(database_backup: Path) -> Path:
    return database_backup.with_name(database_backup.name + ARCHIVE_SUFFIX)


def backup_files(database_backup: Path) -> Path:
    """Copy every attachment into a tar next to the database backup (``<backup>.attachments.tar``)."""
    target = archive_path(database_backup)
    partial = target.with_name(target.name + ".partial")
    with tarfile.open(partial, "w") as archive:
        archive.add(root(), arcname="attachments")
    os.replace(partial, target)
    return target


def restore_files(database_backup: Path) -> bool:
    """Put back the attachments saved with ``database_backup``, replacing the folder's content.

    :returns: False when the backup has no attachments archive (made before documents
        existed): the folder is then left as it is.
    """
    source = archive_path(database_backup)
    if not source.is_file():
        return False
    folder = root()
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".attachments-restore-"))
    try:
        with tarfile.open(source, "r") as archive:
            # The "data" filter refuses absolute paths, "..", links out of the folder, devices.
            archive.extractall(staging, filter="data")
        restored = staging / "attachments"
        restored.mkdir(exist_ok=True)
        old = folder.with_name(folder.name + ".before-restore")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(folder, old)
        os.replace(restored, folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True
