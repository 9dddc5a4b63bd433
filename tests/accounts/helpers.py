"""Helpers shared by the accounts tests."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db

LINK = re.compile(r"http://localhost(/account/[a-z-]+/[A-Za-z0-9_.\-]+)")


def body_of(message) -> str:
    return message.get_payload(decode=True).decode()


def link_in(message) -> str:
    """The path of the first account link in an e-mail."""
    match = LINK.search(body_of(message))
    assert match, body_of(message)
    return match.group(1)


def english(client) -> None:
    client.get("/lingua/en")


def user_by_email(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def csrf_token_from(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, "no csrf token in the page"
    return match.group(1)
