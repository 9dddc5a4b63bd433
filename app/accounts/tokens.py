"""Signed, expiring, single-use tokens for e-mail links (confirmation, password reset).

A token is an itsdangerous signature over ``{"uid": user id, "fp": fingerprint}``, with
a salt per purpose so a confirmation token can never be used as a reset token. The
fingerprint digests the state the token changes (``confirmed_at`` for confirmation,
``password_hash`` for reset) together with the e-mail address: once the change is made
the fingerprint no longer matches, so the link works once.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.accounts.models import User
from app.accounts.queries import get_user
from app.errors import DomainError

PURPOSES = {
    # purpose: (salt, config key holding the max age in seconds)
    "confirm": ("forum.confirm-email", "CONFIRM_TOKEN_MAX_AGE"),
    "reset": ("forum.reset-password", "RESET_TOKEN_MAX_AGE"),
}


class TokenExpired(DomainError):
    def __init__(self):
        super().__init__(_l("This link has expired. Please ask for a new one."))


class TokenInvalid(DomainError):
    def __init__(self):
        super().__init__(_l("This link is not valid or has already been used. Please ask for a new one."))


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    salt, _ = PURPOSES[purpose]
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(user: User, purpose: str) -> str:
    if purpose == "confirm":
        state = user.confirmed_at.isoformat() if user.confirmed_at else "unconfirmed"
    else:
        state = user.password_hash or "no-password"
    raw = f"{purpose}|{user.id}|{user.email}|{state}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def make_token(user: User, purpose: str) -> str:
    """A URL-safe token for ``purpose`` (``"confirm"`` or ``"reset"``) bound to ``user``'s state."""
    return _serializer(purpose).dumps({"uid": user.id, "fp": _fingerprint(user, purpose)})


def read_token(token: str, purpose: str) -> User:
    """The user a valid, unexpired and unused token was made for.

    :raises TokenExpired: when the token is older than the purpose's max age.
    :raises TokenInvalid: when it was tampered with, made for another purpose, already
        used (the fingerprinted state changed) or its account no longer exists.
    """
    _, max_age_key = PURPOSES[purpose]
    try:
        payload = _serializer(purpose).loads(token, max_age=current_app.config[max_age_key])
    except SignatureExpired as error:
        raise TokenExpired() from error
    except BadSignature as error:
        raise TokenInvalid() from error
    if not isinstance(payload, dict) or not isinstance(payload.get("uid"), int):
        raise TokenInvalid()
    user = get_user(payload["uid"])
    if user is None or user.deleted_at is not None or payload.get("fp") != _fingerprint(user, purpose):
        raise TokenInvalid()
    return user
