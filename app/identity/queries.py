"""Reads of verified identities."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.identity.models import VerifiedIdentity


def get_identity_by_digest(digest: str) -> VerifiedIdentity | None:
    return db.session.scalar(select(VerifiedIdentity).where(VerifiedIdentity.fiscal_number_digest == digest))


def get_identity_of_user(user_id: int) -> VerifiedIdentity | None:
    return db.session.scalar(select(VerifiedIdentity).where(VerifiedIdentity.user_id == user_id))
