"""The in-site side of notifications: reading them, and following single proposals.

Plain services (``actor`` explicit, flush only): the routes commit.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.errors import PermissionDenied
from app.extensions import db
from app.models_base import utcnow
from app.notifications import queries
from app.notifications.models import Notification, ProposalFollow
from app.policy import require
from app.proposals.models import Proposal


def mark_read(actor: User, notification: Notification) -> None:
    """Mark one of ``actor``'s notifications as read (reading it twice changes nothing).

    :raises PermissionDenied: it is someone else's.
    """
    if actor is None or notification.user_id != actor.id:
        raise PermissionDenied()
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(actor: User) -> int:
    """Mark every unread notification of ``actor`` on the Notifiche page as read.

    :returns: how many were unread.
    """
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == actor.id,
            Notification.kind.in_(queries.SITE_KINDS),
            Notification.read_at.is_(None),
        )
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def follow_proposal(actor: User, proposal: Proposal) -> bool:
    """Follow ``proposal``: hear of its new comments and of its official answer.

    :returns: False when ``actor`` already followed it (a double click changes nothing).
    :raises PermissionDenied: not a confirmed account, its author, or not published.
    """
    require(actor, "proposal.follow", proposal)
    if queries.get_proposal_follow(actor.id, proposal.id) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(ProposalFollow(user_id=actor.id, proposal_id=proposal.id))
            db.session.flush()
    except IntegrityError:
        return False  # the same person's other click got there first
    return True


def unfollow_proposal(actor: User, proposal: Proposal) -> bool:
    """Stop following ``proposal`` (always possible, whatever its state now).

    :returns: False when ``actor`` did not follow it.
    """
    follow = queries.get_proposal_follow(actor.id, proposal.id)
    if follow is None:
        return False
    db.session.delete(follow)
    db.session.flush()
    return True
