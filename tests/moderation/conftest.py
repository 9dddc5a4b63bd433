"""Helpers for the moderation tests."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.moderation.models import AuditEntry
from app.proposals.models import ProposalStateChange
from tests.factories import create_user, session_id_for


def sign_in(client, user) -> None:
    """Log ``user`` in by writing Flask-Login's session keys.

    The login form belongs to the accounts work; going through the session keeps these
    tests about moderation (the session id format is the one the user loader reads).
    """
    session_id = session_id_for(user)
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True


def english(client) -> None:
    client.get("/lingua/en")


def audit_actions(object_type: str | None = None, object_id: int | None = None) -> list[str]:
    query = select(AuditEntry.action).order_by(AuditEntry.id)
    if object_type is not None:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEntry.object_id == object_id)
    return list(db.session.scalars(query))


def history(proposal) -> list[tuple[str | None, str, str]]:
    return [
        (c.from_state, c.to_state, c.reason)
        for c in db.session.scalars(
            select(ProposalStateChange)
            .where(ProposalStateChange.proposal_id == proposal.id)
            .order_by(ProposalStateChange.id)
        )
    ]


def reload(obj):
    """Read ``obj`` again from the database (what the next request would see)."""
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


@pytest.fixture
def moderator(client):
    user = create_user(roles=["moderator"], display_name="Moderatrice Uno")
    sign_in(client, user)
    return user
