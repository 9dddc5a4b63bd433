"""Reads of accounts, roles, organisations and representations."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db


def get_user_for_session(session_id: str) -> User | None:
    """Flask-Login loader: the id is ``"<user id>:<session token>"``.

    A changed token (logout everywhere, password change) invalidates old sessions.
    """
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token or user.deleted_at is not None:
        return None
    return user


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))
