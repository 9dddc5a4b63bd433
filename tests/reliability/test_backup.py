"""`flask forum backup` and `flask forum restore`: a round trip brings the data back as it was."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select, text

from app.accounts.models import User
from app.extensions import db
from app.proposals.models import Comment, Proposal, Support
from tests.conftest import IN_CI, IS_POSTGRES
from tests.factories import create_comment, create_proposal, create_support, create_user

needs_pg_tools = pytest.mark.skipif(
    IS_POSTGRES and not IN_CI and shutil.which("pg_dump") is None,
    reason="pg_dump/pg_restore not installed (apt-get install postgresql-client)",
)


def _snapshot() -> dict:
    db.session.expire_all()
    return {
        "users": sorted(db.session.scalars(select(User.email))),
        "proposals": sorted(db.session.execute(select(Proposal.id, Proposal.title, Proposal.supports_count))),
        "supports": db.session.scalar(select(func.count()).select_from(Support)),
        "comments": sorted(db.session.scalars(select(Comment.body))),
    }


@needs_pg_tools
def test_backup_then_restore_brings_everything_back(runner, tmp_path):
    proposal = create_proposal(title="Una proposta da salvare")
    create_support(proposal)
    create_support(proposal)
    create_comment(proposal, body="Un commento da salvare")
    before = _snapshot()
    path = tmp_path / "backups" / "forum.backup"

    result = runner.invoke(args=["forum", "backup", str(path)])
    assert result.exit_code == 0, result.output
    assert path.is_file() and path.stat().st_size > 0

    # Things change after the backup: rows deleted, edited, added.
    db.session.execute(text("DELETE FROM supports"))
    db.session.execute(text("UPDATE proposals SET title = 'Cambiata', supports_count = 0"))
    db.session.commit()
    create_user(email="dopo.il.backup@example.org")
    assert _snapshot() != before

    # Without --yes the command asks, and "no" changes nothing.
    result = runner.invoke(args=["forum", "restore", str(path)], input="n\n")
    assert result.exit_code != 0
    assert "Continue?" in result.output
    assert _snapshot() != before

    result = runner.invoke(args=["forum", "restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert _snapshot() == before
    # The restored database works for new writes too (sequences restored).
    create_proposal(title="Dopo il ripristino")
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 2


def test_restore_refuses_a_file_that_is_not_a_backup(runner, tmp_path):
    create_user(email="resto@example.org")
    bogus = tmp_path / "not-a-backup.db"
    bogus.write_bytes(b"this is not a database backup" * 100)
    result = runner.invoke(args=["forum", "restore", str(bogus), "--yes"])
    assert result.exit_code != 0
    assert "Error" in result.output
    assert _snapshot()["users"] == ["resto@example.org"]
