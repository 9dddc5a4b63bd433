"""`flask forum purge-unconfirmed`: accounts never confirmed are deleted after N days."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.models_base import utcnow
from tests.factories import create_user


def _emails() -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(User.email).where(User.email.is_not(None))))


def test_purge_deletes_only_old_unconfirmed_accounts(runner, app):
    now = utcnow()
    create_user(email="vecchio@example.org", confirmed=False, created_at=now - timedelta(days=8))
    create_user(email="recente@example.org", confirmed=False, created_at=now - timedelta(days=6))
    create_user(email="confermato@example.org", created_at=now - timedelta(days=400))
    assert app.config["UNCONFIRMED_RETENTION_DAYS"] == 7

    result = runner.invoke(args=["forum", "purge-unconfirmed"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 unconfirmed account(s) older than 7 day(s)." in result.output
    assert _emails() == {"recente@example.org", "confermato@example.org"}

    result = runner.invoke(args=["forum", "purge-unconfirmed", "--days", "5"])
    assert "Deleted 1 unconfirmed" in result.output
    assert _emails() == {"confermato@example.org"}

    # Run again: nothing left to do.
    result = runner.invoke(args=["forum", "purge-unconfirmed", "--days", "0"])
    assert "Deleted 0 unconfirmed" in result.output


def test_purge_refuses_a_negative_number_of_days(runner):
    create_user(confirmed=False, created_at=utcnow() - timedelta(days=30))
    result = runner.invoke(args=["forum", "purge-unconfirmed", "--days", "-1"])
    assert result.exit_code != 0
    assert len(_emails()) == 1
