"""A person's identity verified through SPID or CIE, linked to one account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime, utcnow


class VerifiedIdentity(db.Model):
    """One account's link to a public digital identity (SPID or CIE).

    Only a keyed HMAC of the fiscal number is stored: enough to recognise the same
    person at the next sign-in (and to refuse linking one identity to two accounts),
    useless to anyone reading the table without the key. Deleting the account deletes
    the link (app.privacy.services).
    """

    __tablename__ = "verified_identities"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    fiscal_number_digest: Mapped[str] = mapped_column(String(64), unique=True)
    # The gateway's issuer URL: which service vouched for the identity.
    issuer: Mapped[str] = mapped_column(String(300))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_verified_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
