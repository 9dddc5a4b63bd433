"""Reads for the moderation queue and the audit log."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.proposals.models import Flag, Proposal


def count_open_queue() -> dict[str, int]:
    """Counts shown in the navigation: proposals awaiting review and open flags."""
    submitted = db.session.scalar(
        select(func.count()).select_from(Proposal).where(Proposal.state == "submitted")
    )
    flags = db.session.scalar(select(func.count()).select_from(Flag).where(Flag.status == "open"))
    return {"proposals": submitted or 0, "flags": flags or 0}
