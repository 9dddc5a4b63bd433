"""Signed unsubscribe links that work without logging in.

The token signs the user id and a digest of the e-mail address it was sent to: it does
not expire (an old message must still let its reader stop the mail), and a link sent to
an address the person no longer uses stops working once the address changes.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from app.accounts.models import User
from app.accounts.queries import get_user
from app.accounts.tokens import TokenInvalid

SALT = "forum.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(f"unsubscribe|{user.id}|{user.email}".encode()).hexdigest()[:24]


def make_unsubscribe_token(user: User) -> str:
    """A URL-safe token that unsubscribes ``user`` from every notification e-mail."""
    return _serializer().dumps({"uid": user.id, "fp": _fingerprint(user)})


def read_unsubscribe_token(token: str) -> User:
    """The person an unsubscribe token was made for.

    :raises TokenInvalid: when the token was tampered with, its account no longer exists
        or its e-mail address changed since.
    """
    try:
        payload = _serializer().loads(token)
    except BadSignature as error:
        raise TokenInvalid() from error
    if not isinstance(payload, dict) or not isinstance(payload.get("uid"), int):
        raise TokenInvalid()
    user = get_user(payload["uid"])
    if user is None or user.deleted_at is not None or payload.get("fp") != _fingerprint(user):
        raise TokenInvalid()
    return user
