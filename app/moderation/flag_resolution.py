"""Closing reports: every open flag on one target (a proposal, or one comment) at once.

Used by the moderators' decisions in :mod:`app.moderation.services`: upholding or
dismissing the reports from the queue, hiding reported content from its review page
(which upholds them), restoring it (which dismisses them). Each change is a
compare-and-set on ``status='open'`` and is audited; nothing is committed here.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from app import audit
from app.errors import Conflict
from app.extensions import db
from app.models_base import utcnow
from app.moderation import queries
from app.policy import can, require
from app.proposals.models import Flag


def flag_details(flag: Flag, resolved: list[int], note: str) -> dict:
    return {
        "proposal_id": flag.proposal_id,
        "comment_id": flag.comment_id,
        "flag_ids": resolved,
        "note": note,
    }


def resolve_flags(actor, flag: Flag, status: str, note: str) -> list[int]:
    """Resolve every open flag on ``flag``'s target (compare-and-set on ``status='open'``).

    :raises Conflict: they were already handled by someone else.
    :raises PermissionDenied: one of them is the moderator's own report.
    """
    open_flags = queries.list_open_flags_on_target(flag.proposal_id, flag.comment_id)
    if not open_flags:
        raise Conflict(_l("These reports were already handled by someone else."))
    require(actor, "moderation.decide", open_flags)  # one of them is the moderator's own
    ids = [f.id for f in open_flags]
    _set_status(actor, ids, status, note)
    for f in open_flags:
        db.session.expire(f)
    return ids


def uphold_open_flags(actor, proposal_id: int, comment_id: int | None, note: str) -> list[int]:
    """Uphold the reports still open on content a moderator has just hidden.

    The moderator's own reports stay open (four eyes: nobody settles their own report);
    another moderator closes them from the queue.

    :returns: the ids of the flags upheld.
    """
    open_flags = queries.list_open_flags_on_target(proposal_id, comment_id)
    ids = [f.id for f in open_flags if can(actor, "moderation.decide", f)]
    if not ids:
        return []
    _set_status(actor, ids, "upheld", note)
    for f in open_flags:
        db.session.expire(f)
    audit.record(
        actor,
        "flag.uphold",
        None,
        object_type="flags",
        proposal_id=proposal_id,
        comment_id=comment_id,
        flag_ids=ids,
        note=note,
    )
    return ids


def dismiss_open_flags(actor, proposal_id: int, comment_id: int | None) -> None:
    """Dismiss whatever reports are still open on a target a moderator restores."""
    ids = [f.id for f in queries.list_open_flags_on_target(proposal_id, comment_id)]
    if not ids:
        return
    note = str(_l("Restored by a moderator"))
    db.session.execute(
        update(Flag)
        .where(Flag.id.in_(ids), Flag.status == "open")
        .values(status="dismissed", resolved_by_id=actor.id, resolved_at=utcnow(), resolution_note=note)
        .execution_options(synchronize_session=False)
    )
    audit.record(
        actor,
        "flag.dismiss",
        None,
        object_type="flags",
        proposal_id=proposal_id,
        comment_id=comment_id,
        flag_ids=ids,
        note=note,
    )


def _set_status(actor, ids: list[int], status: str, note: str) -> None:
    result = db.session.execute(
        update(Flag)
        .where(Flag.id.in_(ids), Flag.status == "open")
        .values(status=status, resolved_by_id=actor.id, resolved_at=utcnow(), resolution_note=note)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != len(ids):
        raise Conflict(_l("These reports were already handled by someone else."))
