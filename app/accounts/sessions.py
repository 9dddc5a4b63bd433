"""Logins kept on the server, so that logging out really ends them.

Flask's session is a signed cookie: deleting it in the browser does not stop a copy
(stolen, or left on a shared computer) from working. So each login is a
:class:`~app.accounts.models.UserSession` row and the login id in the session and in the
"remember me" cookie is ``"<user id>:<session token>:<key>"``; the user loader
(:func:`app.accounts.queries.get_user_for_session`) accepts it only while the row of
that key exists and has not expired. Logging out deletes the row: every copy of that
session's cookies stops working. Changing the password or "log out everywhere" deletes
them all (and rotates the session token, which also ends logins made before).

A login lasts at most ``SESSION_MAX_DAYS`` (30) days, "remember me" included.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete

from app.accounts.models import User, UserSession
from app.extensions import db
from app.models_base import utcnow


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def open_session(user: User, remember: bool = False) -> str:
    """Record a new login of ``user`` and attach its key to ``user`` (for ``get_id``).

    Expired logins of the same person are deleted on the way.

    :returns: the new key (it goes into the cookies only).
    """
    now = utcnow()
    days = int(current_app.config.get("SESSION_MAX_DAYS", 30))
    expired = delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now)
    db.session.execute(expired)
    key = secrets.token_urlsafe(24)
    db.session.add(
        UserSession(
            user_id=user.id,
            key_digest=key_digest(key),
            is_remembered=bool(remember),
            created_at=now,
            expires_at=now + timedelta(days=min(days, 30)),
        )
    )
    db.session.flush()
    user.session_key = key
    return key


def close_session(user: User | None) -> None:
    """End the login ``user`` was loaded for (logging out): its cookies stop working."""
    if user is None or not getattr(user, "session_key", None):
        return
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.key_digest == key_digest(user.session_key)
        )
    )
    db.session.flush()


def close_all_sessions(user: User) -> None:
    """End every login of ``user`` (password changed, log out everywhere, account deleted)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.flush()
