"""Rules and writes of the community's side of a published proposal: supports, comments, flags.

Every function takes the acting user, only flushes, and raises :mod:`app.errors`
exceptions; the route commits once. Counters change in SQL in the same transaction.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from app import audit, labels
from app.errors import Conflict, DomainError, ValidationFailed
from app.extensions import db
from app.models_base import utcnow
from app.moderation.services import hide_if_reported
from app.notifications.events import announce
from app.policy import require
from app.proposals import queries
from app.proposals.models import Comment, Flag, Proposal, Support
from app.proposals.services import actor_type_id, resolve_entity
from app.sanitize import clean_text
from app.statistics import live

COMMENT_MIN, COMMENT_MAX = 2, 5000
FLAG_DETAILS_MAX = 2000

CLOSED_MESSAGE = _l("This consultation is closed: supports, comments and reports are no longer accepted.")


def require_open(proposal: Proposal) -> None:
    """Refuse any support, comment or report once the proposal's consultation is closed.

    Checked before the permission (a 409 that says why, rather than a bare 403), by the
    routes and again by every service below so the CLI and jobs obey it too.

    :raises Conflict: (409) if the consultation is closed.
    """
    if proposal.consultation.is_closed:
        raise Conflict(CLOSED_MESSAGE)


# --- supports -------------------------------------------------------------------------


def support_proposal(actor, proposal: Proposal, on_behalf: str = "") -> bool:
    """Add ``actor``'s support (adesione), in their own name or for an entity.

    Authors may not support their own proposal: supports measure how much of the
    community beyond the author backs it, and counting the author would inflate
    every proposal by one.

    :returns: True if added, False if ``actor`` already supported it (no error).
    :raises Conflict: the consultation is closed.
    :raises PermissionDenied: not confirmed, or the proposal is not published.
    :raises DomainError: own proposal, or the entity already supports it.
    :raises ValidationFailed: not a verified representative of the entity.
    """
    require_open(proposal)
    require(actor, "proposal.support", proposal)
    if proposal.author_id == actor.id:
        raise DomainError(_l("You cannot support your own proposal."))
    organisation, comune = resolve_entity(actor, on_behalf)
    if queries.entity_supports(
        proposal, organisation.id if organisation else None, comune.id if comune else None
    ):
        raise DomainError(_l("This organisation or comune already supports this proposal."))
    organisation_id = organisation.id if organisation else None
    comune_id = comune.id if comune else None
    support_id = _insert_support_once(
        proposal_id=proposal.id,
        user_id=actor.id,
        organisation_id=organisation_id,
        on_behalf_comune_id=comune_id,
        actor_type_id=actor_type_id(organisation, comune),
    )
    if support_id is None:
        live.nothing_counted()
        return False
    _bump(proposal, Proposal.supports_count, +1)
    live.support_added(support_id, live.participant_key(actor.id, organisation_id, comune_id))
    return True


def _insert_support_once(**values) -> int | None:
    """Insert a support unless this person already supports the proposal.

    One ``INSERT ... ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id``: the
    unique constraint decides between two simultaneous clicks, with no read before and
    no savepoint around it (PostgreSQL and SQLite have the same syntax).

    :returns: the new row's id, None if there was one already.
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(Support)
        .values(created_at=utcnow(), **values)
        .on_conflict_do_nothing(index_elements=["proposal_id", "user_id"])
        .returning(Support.id)
    )
    return db.session.execute(statement).scalar()


def unsupport_proposal(actor, proposal: Proposal) -> bool:
    """Remove ``actor``'s support.

    :returns: True if a support was removed, False if there was none.
    :raises Conflict: the consultation is closed (its counts are final).
    :raises PermissionDenied: not logged in.
    """
    require_open(proposal)
    require(actor, "proposal.unsupport", proposal)
    deleted = db.session.execute(
        delete(Support)
        .where(Support.proposal_id == proposal.id, Support.user_id == actor.id)
        .returning(*live.SUPPORT_ACT_COLUMNS)
        .execution_options(synchronize_session=False)
    ).all()
    if len(deleted) != 1:
        live.nothing_counted()
        return False
    _bump(proposal, Proposal.supports_count, -1)
    live.support_removed(deleted[0])
    return True


def _bump(proposal: Proposal, column, delta: int) -> None:
    """Change a counter in SQL (``SET n = n + 1``): concurrent requests never lose a count."""
    db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id)
        .values({column.key: column + delta})
        .execution_options(synchronize_session=False)
    )
    db.session.expire(proposal, [column.key])


# --- comments -------------------------------------------------------------------------


def add_comment(
    actor,
    proposal: Proposal,
    body: str,
    *,
    parent_id: int | None = None,
    on_behalf: str = "",
    submission_token: str = "",
) -> tuple[Comment, bool]:
    """Comment on a published proposal, or reply to a comment (one level deep).

    A reply to a reply is attached to the top-level comment.

    :returns: the comment and whether it was created (False: a retried submit).
    :raises Conflict: the consultation is closed.
    :raises PermissionDenied: not confirmed, or the proposal is not published.
    :raises ValidationFailed: the text is too short or too long, or the parent is wrong.
    """
    require_open(proposal)
    require(actor, "proposal.comment", proposal)
    existing = queries.find_comment_by_token(submission_token)
    if existing is not None:
        if existing.author_id != actor.id:
            raise Conflict(_l("This form was already used. Please reload the page."))
        return existing, False
    text = clean_text(body)
    errors: list[tuple[str, object]] = []
    if len(text) < COMMENT_MIN:
        errors.append(("body", _l("Write at least %(n)d characters.", n=COMMENT_MIN)))
    elif len(text) > COMMENT_MAX:
        errors.append(("body", _l("The comment must be at most %(n)d characters long.", n=COMMENT_MAX)))
    parent = None
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is not None and parent.parent_id is not None:
            parent = db.session.get(Comment, parent.parent_id)
        # A hidden comment is not there to reply to (a public reply would point at it).
        if parent is None or parent.proposal_id != proposal.id or parent.state != "published":
            errors.append(("body", _l("The comment you are replying to does not exist.")))
    try:
        organisation, comune = resolve_entity(actor, on_behalf)
    except ValidationFailed as error:
        errors += error.errors
    if errors:
        raise ValidationFailed(errors)

    comment = Comment(
        proposal_id=proposal.id,
        author_id=actor.id,
        parent_id=parent.id if parent is not None else None,
        organisation_id=organisation.id if organisation else None,
        on_behalf_comune_id=comune.id if comune else None,
        body=text,
        submission_token=submission_token or None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(comment)
            db.session.flush()
    except IntegrityError:
        existing = queries.find_comment_by_token(submission_token)
        if existing is None or existing.author_id != actor.id:
            raise Conflict(_l("This form was already used. Please reload the page.")) from None
        return existing, False
    _bump(proposal, Proposal.comments_count, +1)
    live.comment_added(
        comment.id, live.participant_key(actor.id, comment.organisation_id, comment.on_behalf_comune_id)
    )
    audit.record(actor, "comment.create", comment, proposal_id=proposal.id)
    # The proposal's author, the person replied to and the proposal's followers hear of it
    # from the worker, after the commit.
    announce("comment_posted", comment_id=comment.id)
    return comment, True


# --- flags ----------------------------------------------------------------------------


def flag_proposal(actor, proposal: Proposal, reason: str, details: str = "") -> bool:
    """Report a proposal to the moderators.

    :returns: True if a flag was opened, False if ``actor`` had already reported it.
    :raises Conflict: the consultation is closed.
    :raises PermissionDenied: not confirmed, or the proposal is not published.
    :raises ValidationFailed: unknown reason or details too long.
    """
    return _flag(actor, proposal, None, reason, details)


def flag_comment(actor, comment: Comment, reason: str, details: str = "") -> bool:
    """Report a comment to the moderators.

    :returns: True if a flag was opened, False if ``actor`` had already reported it.
    :raises Conflict: the consultation is closed.
    :raises PermissionDenied: not confirmed, the comment is hidden or its proposal is not
        published.
    :raises ValidationFailed: unknown reason or details too long.
    """
    require_open(comment.proposal)
    require(actor, "comment.flag", comment)
    return _flag(actor, comment.proposal, comment, reason, details)


def _flag(actor, proposal: Proposal, comment: Comment | None, reason: str, details: str) -> bool:
    require_open(proposal)
    require(actor, "proposal.flag", proposal)
    text = clean_text(details)
    errors: list[tuple[str, object]] = []
    if reason not in labels.FLAG_REASONS:
        errors.append(("reason", _l("Choose a reason from the list.")))
    if len(text) > FLAG_DETAILS_MAX:
        errors.append(("details", _l("Details must be at most %(n)d characters long.", n=FLAG_DETAILS_MAX)))
    if errors:
        raise ValidationFailed(errors)
    # The usual case answered without an error; two reports at once are stopped by the
    # unique constraint (comments) and the partial unique index (the proposal itself).
    if queries.find_flag(actor, proposal, comment) is not None:
        return False
    flag = Flag(
        reporter_id=actor.id,
        proposal_id=proposal.id,
        comment_id=comment.id if comment is not None else None,
        reason=reason,
        details=text,
        status="open",
    )
    try:
        with db.session.begin_nested():
            db.session.add(flag)
            db.session.flush()
    except IntegrityError:
        return False
    audit.record(actor, "flag.create", flag, proposal_id=proposal.id, comment_id=flag.comment_id)
    hide_if_reported(proposal, comment)
    return True
