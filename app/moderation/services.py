"""Moderators' decisions on proposals, comments and flags.

Every function checks the ``moderation.decide`` permission (a moderator, never on their own
content or reports: four eyes), changes rows with a compare-and-set (two moderators acting
at once: one outcome, the second is told with a :class:`Conflict`), writes the audit log
and only flushes: the caller commits.
Proposal state changes go through :func:`app.proposals.workflow.change_state`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from app import audit, labels
from app.errors import Conflict, DomainError, ValidationFailed
from app.extensions import db
from app.moderation import queries, reporters
from app.moderation.flag_resolution import dismiss_open_flags, flag_details, resolve_flags, uphold_open_flags
from app.policy import require
from app.proposals import workflow
from app.proposals.models import Comment, Flag, Proposal
from app.sanitize import clean_text
from app.statistics import live

REASON_MAX = 2000


@dataclass(frozen=True)
class Decision:
    """One moderator decision on a proposal: where it leads and from which states."""

    to_state: str
    audit_action: str
    from_states: tuple[str, ...]


# Keys are the decision codes the review page offers (routes map URL slugs to them).
DECISIONS: dict[str, Decision] = {
    "publish": Decision("published", "proposal.publish", ("submitted", "changes_requested")),
    "reject": Decision("rejected", "proposal.reject", ("submitted",)),
    "request_changes": Decision("changes_requested", "proposal.request_changes", ("submitted",)),
    "hide": Decision("hidden", "proposal.hide", ("published",)),
    "restore": Decision("published", "proposal.restore", ("hidden",)),
    "mark_duplicate": Decision("hidden", "proposal.mark_duplicate", ("submitted", "published")),
}


def available_decisions(proposal: Proposal) -> list[str]:
    """The decision codes a moderator may take on ``proposal`` in its current state."""
    allowed = workflow.TRANSITIONS.get(proposal.state, set())
    return [
        code
        for code, decision in DECISIONS.items()
        if proposal.state in decision.from_states and decision.to_state in allowed
    ]


def _required_text(value: str | None, field: str, message) -> str:
    text = clean_text(value)
    if not text:
        raise ValidationFailed([(field, message)])
    if len(text) > REASON_MAX:
        raise ValidationFailed([(field, _l("Please write at most %(n)d characters.", n=REASON_MAX))])
    return text


def _decide(actor, proposal: Proposal, code: str, reason: str, expected_state: str | None) -> None:
    require(actor, "moderation.decide", proposal)
    decision = DECISIONS[code]
    if expected_state is not None and proposal.state != expected_state:
        raise Conflict(_l("This proposal was changed by someone else in the meantime."))
    if proposal.state not in decision.from_states:
        raise DomainError(_l("This action is not possible in the proposal's current state."))
    workflow.change_state(
        proposal,
        decision.to_state,
        actor,
        reason,
        expected_state=expected_state,
        audit_action=decision.audit_action,
    )


def publish_proposal(actor, proposal: Proposal, *, expected_state: str | None = None) -> None:
    """Publish a proposal awaiting review (or one sent back for changes).

    :raises PermissionDenied: ``actor`` is not a moderator, or it is their own.
    :raises Conflict: the proposal left ``expected_state`` in the meantime.
    :raises DomainError: the proposal cannot be published from its state.
    """
    _decide(actor, proposal, "publish", "", expected_state)


def reject_proposal(actor, proposal: Proposal, *, reason: str, expected_state: str | None = None) -> None:
    """Reject a submitted proposal; the author reads ``reason``.

    :raises ValidationFailed: the reason is empty or too long.
    :raises PermissionDenied: ``actor`` is not a moderator, or it is their own.
    :raises Conflict: the proposal left ``expected_state`` in the meantime.
    :raises DomainError: the proposal cannot be rejected from its state.
    """
    require(actor, "moderation.decide", proposal)
    text = _required_text(reason, "reason", _l("Please give a reason: the author will read it."))
    _decide(actor, proposal, "reject", text, expected_state)


def request_changes(actor, proposal: Proposal, *, message: str, expected_state: str | None = None) -> None:
    """Send a submitted proposal back to its author, who can edit and resubmit it.

    :raises ValidationFailed: the message is empty or too long.
    :raises PermissionDenied: ``actor`` is not a moderator, or it is their own.
    :raises Conflict: the proposal left ``expected_state`` in the meantime.
    :raises DomainError: changes cannot be requested in the proposal's state.
    """
    require(actor, "moderation.decide", proposal)
    text = _required_text(message, "message", _l("Please tell the author what to change."))
    _decide(actor, proposal, "request_changes", text, expected_state)


def hide_proposal(actor, proposal: Proposal, *, reason: str, expected_state: str | None = None) -> None:
    """Hide a published proposal from the public; the author reads ``reason``.

    :raises ValidationFailed: the reason is empty or too long.
    :raises PermissionDenied: ``actor`` is not a moderator, or it is their own.
    :raises Conflict: the proposal left ``expected_state`` in the meantime.
    :raises DomainError: the proposal is not published.
    """
    require(actor, "moderation.decide", proposal)
    text = _required_text(reason, "reason", _l("Please give a reason: the author will read it."))
    _decide(actor, proposal, "hide", text, expected_state)
    # Hiding is agreeing with whoever reported it: their reports leave the queue.
    uphold_open_flags(actor, proposal.id, None, text)


def restore_proposal(actor, proposal: Proposal, *, expected_state: str | None = None) -> None:
    """Publish again a proposal a moderator had hidden.

    :raises PermissionDenied: ``actor`` is not a moderator, or it is their own.
    :raises Conflict: the proposal left ``expected_state`` in the meantime.
    :raises DomainError: the proposal is not hidden.
    """
    _decide(actor, proposal, "restore", "", expected_state)
    proposal.duplicate_of_id = None
    # Open reports would hide it again at the next one: restoring answers them.
    dismiss_open_flags(actor, proposal.id, None)
    db.session.flush()


def mark_duplicate(
    actor, proposal: Proposal, *, original_id: int | None, expected_state: str | None = None
) -> None:
    """Hide ``proposal`` as a duplicate of ``original`` (published, same consultation).

    :raises ValidationFailed: no such original, or it is this proposal, is not
        published or belongs to another consultation.
    :raises PermissionDenied: ``actor`` is not a moderator, or it is their own.
    :raises Conflict: the proposal left ``expected_state`` in the meantime.
    :raises DomainError: the proposal cannot be hidden from its state.
    """
    require(actor, "moderation.decide", proposal)
    if original_id is None:
        raise ValidationFailed([("original_id", _l("Please give the number of the original proposal."))])
    original = queries.get_proposal_or_none(original_id)
    if original is None:
        raise ValidationFailed([("original_id", _l("There is no proposal with this number."))])
    if original.id == proposal.id:
        raise ValidationFailed([("original_id", _l("A proposal cannot be a duplicate of itself."))])
    if original.consultation_id != proposal.consultation_id:
        raise ValidationFailed([("original_id", _l("The original must belong to the same consultation."))])
    if original.state != "published":
        raise ValidationFailed([("original_id", _l("The original must be a published proposal."))])
    reason = str(_l("Duplicate of #%(number)d", number=original.id))
    _decide(actor, proposal, "mark_duplicate", reason, expected_state)
    proposal.duplicate_of_id = original.id
    uphold_open_flags(actor, proposal.id, None, reason)
    db.session.flush()


def hide_comment(actor, comment: Comment, *, reason: str, expected_state: str = "published") -> None:
    """Hide a comment with a reason; the proposal's public comment count drops by one.

    :raises ValidationFailed: the reason is empty or too long.
    :raises PermissionDenied: ``actor`` is not a moderator, or it is their own.
    :raises Conflict: the comment is no longer in ``expected_state``.
    :raises DomainError: the comment is already hidden.
    """
    require(actor, "moderation.decide", comment)
    text = _required_text(reason, "reason", _l("Please give a reason for hiding this comment."))
    _change_comment_state(actor, comment, "published", "hidden", text, expected_state, "comment.hide")
    uphold_open_flags(actor, comment.proposal_id, comment.id, text)


def restore_comment(actor, comment: Comment, *, expected_state: str = "hidden") -> None:
    """Show a hidden comment again; the proposal's public comment count grows by one.

    :raises PermissionDenied: ``actor`` is not a moderator, or it is their own.
    :raises Conflict: the comment is no longer in ``expected_state``.
    :raises DomainError: the comment is not hidden.
    """
    require(actor, "moderation.decide", comment)
    _change_comment_state(actor, comment, "hidden", "published", "", expected_state, "comment.restore")
    dismiss_open_flags(actor, comment.proposal_id, comment.id)


def _change_comment_state(
    actor,
    comment: Comment,
    from_state: str,
    to_state: str,
    reason: str,
    expected_state: str,
    action: str,
    audit_details: dict | None = None,
) -> None:
    if comment.state != expected_state:
        raise Conflict(_l("This comment was changed by someone else in the meantime."))
    if comment.state != from_state:
        raise DomainError(_l("This action is not possible in the comment's current state."))
    # Compare-and-set: of two moderators acting at once only one finds the row.
    result = db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id, Comment.state == from_state)
        .values(state=to_state, hidden_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(comment)
        raise Conflict(_l("This comment was changed by someone else in the meantime."))
    author = live.participant_key(comment.author_id, comment.organisation_id, comment.on_behalf_comune_id)
    live.comment_state_changed(comment.id, author, from_state)
    delta = -1 if to_state == "hidden" else 1
    db.session.execute(
        update(Proposal)
        .where(Proposal.id == comment.proposal_id)
        .values(comments_count=Proposal.comments_count + delta)
        .execution_options(synchronize_session=False)
    )
    audit.record(
        actor, action, comment, proposal_id=comment.proposal_id, reason=reason, **(audit_details or {})
    )
    db.session.flush()
    db.session.expire(comment, ["state", "hidden_reason"])
    proposal = db.session.get(Proposal, comment.proposal_id)
    if proposal is not None:
        db.session.expire(proposal, ["comments_count"])


def uphold_flags(actor, flag: Flag, *, note: str = "") -> list[int]:
    """Agree with the reports on ``flag``'s target: hide the target, resolve all its open flags.

    The target is hidden with ``note`` as reason, or with the flag's reason if no note.

    :returns: the ids of the flags resolved.
    :raises PermissionDenied: ``actor`` is not a moderator, or it is their own.
    :raises Conflict: the flags were already handled by someone else.
    """
    require(actor, "moderation.decide", flag)
    note = clean_text(note)[:REASON_MAX]
    reason = note or labels.label(labels.FLAG_REASONS, flag.reason)
    resolved = resolve_flags(actor, flag, "upheld", note)
    if flag.comment_id is not None:
        comment = db.session.get(Comment, flag.comment_id)
        if comment is not None and comment.state == "published":
            hide_comment(actor, comment, reason=reason, expected_state="published")
    elif flag.proposal.state == "published":
        hide_proposal(actor, flag.proposal, reason=reason, expected_state="published")
    audit.record(actor, "flag.uphold", flag, **flag_details(flag, resolved, note))
    db.session.flush()
    return resolved


def dismiss_flags(actor, flag: Flag, *, note: str) -> list[int]:
    """Disagree with the reports on ``flag``'s target: resolve all its open flags, change nothing else.

    :returns: the ids of the flags resolved.
    :raises ValidationFailed: the note is empty or too long.
    :raises PermissionDenied: ``actor`` is not a moderator, or it is their own.
    :raises Conflict: the flags were already handled by someone else.
    """
    require(actor, "moderation.decide", flag)
    text = _required_text(note, "note", _l("Please write a note explaining the decision."))
    resolved = resolve_flags(actor, flag, "dismissed", text)
    audit.record(actor, "flag.dismiss", flag, **flag_details(flag, resolved, text))
    # Content hidden automatically by the reports comes back when they are dismissed.
    if queries.was_hidden_automatically(flag.proposal_id, flag.comment_id):
        if flag.comment_id is not None:
            _change_comment_state(actor, flag.comment, "hidden", "published", "", "hidden", "comment.restore")
        else:
            _decide(actor, flag.proposal, "restore", "", "hidden")
    db.session.flush()
    return resolved


# --- automatic hiding after reports ----------------------------------------------------------


def hide_if_reported(proposal: Proposal, comment: Comment | None = None) -> bool:
    """Hide a published proposal (or comment) reported by ``FLAGS_AUTO_HIDE_THRESHOLD``
    distinct people, until a moderator reviews it (the system acts: no actor).

    Distinct people are distinct normalised mailboxes of accounts confirmed at least
    ``FLAGS_AUTO_HIDE_ACCOUNT_AGE_HOURS`` before their report (:mod:`app.moderation.reporters`).
    The reports stay open, so the target is in the moderation queue marked "hidden, pending
    review", and the audit entry says which reports counted; a moderator restoring it or
    dismissing the reports publishes it again, upholding them keeps it hidden. A threshold
    of 0 switches this off.

    :returns: True if the target was hidden now.
    """
    threshold = int(current_app.config.get("FLAGS_AUTO_HIDE_THRESHOLD", 0) or 0)
    target = comment if comment is not None else proposal
    if threshold <= 0 or target.state != "published":
        return False
    flags = queries.list_open_flags_on_target(proposal.id, comment.id if comment is not None else None)
    hours = float(current_app.config.get("FLAGS_AUTO_HIDE_ACCOUNT_AGE_HOURS", 24) or 0)
    people = reporters.distinct_people(flags, timedelta(hours=hours))
    if len(people) < threshold:
        return False
    # Stored once, in the platform's main language (the author reads it on their page).
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "it")):
        reason = str(_l("Automatically hidden after %(n)d reports, pending review", n=len(people)))
    # For the moderators' review: which reports counted (no personal data in the log).
    review = {
        "people": len(people),
        "counted_flag_ids": sorted(i for ids in people.values() for i in ids),
        "open_flag_ids": [f.id for f in flags],
    }
    try:
        if comment is not None:
            _change_comment_state(
                None, comment, "published", "hidden", reason, "published", "comment.auto_hide", review
            )
        else:
            workflow.change_state(
                proposal,
                "hidden",
                None,
                reason,
                expected_state="published",
                audit_action="proposal.auto_hide",
                audit_details=review,
            )
    except Conflict:
        return False  # hidden by a moderator (or a simultaneous report) in the meantime
    return True
