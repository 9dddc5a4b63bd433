"""The proposal state machine: the one place where a proposal changes state.

Every change is checked against the allowed transitions, written to the proposal's
history (which its author sees, with the reason) and to the audit log, and keeps the
consultation's published counter exact in the same transaction. A proposal leaving public
view flags the labels of its themes for an analyst's review (app/synthesis/curation/label_review.py).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from app import audit
from app.consultations.models import Consultation
from app.errors import Conflict, DomainError
from app.extensions import db
from app.models_base import utcnow
from app.proposals.models import Proposal, ProposalStateChange
from app.statistics import live
from app.synthesis.curation import label_review

# from-state -> states it may move to
TRANSITIONS: dict[str, set[str]] = {
    "draft": {"submitted", "published", "withdrawn"},
    # submitted -> hidden: a moderator marks a not-yet-published proposal as a duplicate.
    "submitted": {"published", "changes_requested", "rejected", "withdrawn", "draft", "hidden"},
    "changes_requested": {"submitted", "published", "withdrawn", "draft"},
    "published": {"withdrawn", "hidden"},
    "hidden": {"published"},
    "rejected": set(),
    "withdrawn": set(),
}

# Transitions that need a reason the author will read.
REASON_REQUIRED = {"rejected", "changes_requested", "hidden"}


def change_state(
    proposal: Proposal,
    to_state: str,
    actor,
    reason: str = "",
    *,
    expected_state: str | None = None,
    audit_action: str | None = None,
    audit_details: dict | None = None,
) -> ProposalStateChange:
    """Move ``proposal`` to ``to_state``, recording who, when and why.

    :param expected_state: the state the actor saw; if the proposal has moved since
        (another moderator acted first) a :class:`Conflict` is raised and nothing changes.
    :param audit_details: more to write in the audit entry (e.g. which reports hid it).
    :raises Conflict: the proposal is no longer in ``expected_state``.
    :raises DomainError: the transition is not allowed or a required reason is missing.
    """
    from_state = proposal.state
    if expected_state is not None and from_state != expected_state:
        raise Conflict(_l("This proposal was changed by someone else in the meantime."))
    if to_state not in TRANSITIONS.get(from_state, set()):
        raise DomainError(_l("This action is not possible in the proposal's current state."))
    if to_state in REASON_REQUIRED and not reason.strip():
        raise DomainError(_l("Please give a reason: the author will read it."))

    _compare_and_set_state(proposal, from_state, to_state)
    now = utcnow()
    if to_state == "published" and from_state != "published":
        _adjust_published_count(proposal, +1)
        if proposal.published_at is None:
            proposal.published_at = now
    elif from_state == "published" and to_state != "published":
        _adjust_published_count(proposal, -1)
        # Its words may be in theme labels already public: withheld until an analyst looks.
        label_review.withhold_labels_of(actor, proposal)
    if to_state == "submitted":
        proposal.submitted_at = now

    proposal.state = to_state
    proposal.state_reason = reason if to_state in REASON_REQUIRED else ""
    change = ProposalStateChange(
        proposal_id=proposal.id,
        from_state=from_state,
        to_state=to_state,
        actor_id=getattr(actor, "id", None),
        reason=reason,
    )
    db.session.add(change)
    audit.record(
        actor,
        audit_action or f"proposal.{to_state}",
        proposal,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        **(audit_details or {}),
    )
    db.session.flush()
    live.proposal_state_changed(proposal.id, from_state, to_state)
    return change


def creation_state(consultation: Consultation, final: bool) -> str:
    """The state a new proposal is created in: a draft, or submitted to moderation, or
    published at once when the consultation is post-moderated."""
    if not final:
        return "draft"
    return "submitted" if consultation.is_premoderated else "published"


def enter_creation_state(proposal: Proposal, state: str) -> None:
    """Give a proposal not yet inserted its first state and that state's timestamp.

    A submission is inserted directly in its final state: inserting a draft and moving it
    with :func:`change_state` cost two updates of the new row (each a new row version
    in every index of ``proposals``) for a row no other transaction can see yet.
    """
    now = utcnow()
    proposal.state = state
    if state == "submitted":
        proposal.submitted_at = now
    elif state == "published":
        proposal.published_at = now


def record_creation(proposal: Proposal, actor) -> None:
    """After the ``INSERT`` of a new proposal: the same history, audit entries and
    published counter as a draft created and then moved by :func:`change_state`."""
    actor_id = getattr(actor, "id", None)
    db.session.add(
        ProposalStateChange(
            proposal_id=proposal.id, from_state=None, to_state="draft", actor_id=actor_id, reason=""
        )
    )
    audit.record(actor, "proposal.create", proposal)
    if proposal.state == "draft":
        return
    if proposal.state not in TRANSITIONS["draft"]:
        raise DomainError(_l("This action is not possible in the proposal's current state."))
    db.session.add(
        ProposalStateChange(
            proposal_id=proposal.id, from_state="draft", to_state=proposal.state, actor_id=actor_id, reason=""
        )
    )
    audit.record(
        actor, f"proposal.{proposal.state}", proposal, from_state="draft", to_state=proposal.state, reason=""
    )
    if proposal.state == "published":
        _adjust_published_count(proposal, +1)
    author = live.participant_key(proposal.author_id, proposal.organisation_id, proposal.on_behalf_comune_id)
    live.proposal_created(proposal.id, proposal.state, author)


def _compare_and_set_state(proposal: Proposal, from_state: str, to_state: str) -> None:
    """Change the row only if it is still in ``from_state`` (two moderators at once:
    the second finds zero rows and is told; the first wins)."""
    result = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.state == from_state)
        .values(state=to_state)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(proposal)
        raise Conflict(_l("This proposal was changed by someone else in the meantime."))


def _adjust_published_count(proposal: Proposal, delta: int) -> None:
    """Let the database add: two publications at once in one consultation both count."""
    db.session.execute(
        update(Consultation)
        .where(Consultation.id == proposal.consultation_id)
        .values(published_count=Consultation.published_count + delta)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(proposal.consultation, ["published_count"])
