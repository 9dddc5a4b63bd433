"""Reads of consultations."""

from __future__ import annotations

from sqlalchemy import or_, select

from app.consultations.models import Consultation
from app.extensions import db
from app.models_base import utcnow


def list_open_consultations() -> list[Consultation]:
    """Consultations that have opened and not closed, newest first."""
    now = utcnow()
    return list(
        db.session.scalars(
            select(Consultation)
            .where(Consultation.information_starts_at <= now, Consultation.closes_at > now)
            .where(or_(Consultation.closed_early_at.is_(None), Consultation.closed_early_at > now))
            .order_by(Consultation.collection_starts_at.desc())
        )
    )
