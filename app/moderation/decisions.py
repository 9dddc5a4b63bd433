"""A moderator's decision on a proposal, and the e-mail that tells its author.

One service for every decision of the review page, so the rule "the author hears about it"
lives here and not in a route. The mail is only queued (flushed to the outbox): it leaves
after the caller's commit, never for a decision that was rolled back.
"""

from __future__ import annotations

from app.moderation import services
from app.notifications import mails
from app.proposals.models import Proposal


def decide_proposal(
    actor,
    proposal: Proposal,
    code: str,
    *,
    reason: str = "",
    message: str = "",
    original_id: int | None = None,
    expected_state: str | None = None,
) -> None:
    """Apply the decision ``code`` (see :data:`services.DECISIONS`) and queue the author's mail.

    :raises PermissionDenied: unless ``actor`` may moderate this proposal.
    :raises ValidationFailed: a missing reason or message, a bad original for a duplicate.
    :raises Conflict: when the proposal is no longer in ``expected_state``.
    :raises KeyError: for an unknown decision code.
    """
    apply = {
        "publish": lambda: services.publish_proposal(actor, proposal, expected_state=expected_state),
        "reject": lambda: services.reject_proposal(
            actor, proposal, reason=reason, expected_state=expected_state
        ),
        "request_changes": lambda: services.request_changes(
            actor, proposal, message=message, expected_state=expected_state
        ),
        "hide": lambda: services.hide_proposal(actor, proposal, reason=reason, expected_state=expected_state),
        "restore": lambda: services.restore_proposal(actor, proposal, expected_state=expected_state),
        "mark_duplicate": lambda: services.mark_duplicate(
            actor, proposal, original_id=original_id, expected_state=expected_state
        ),
    }[code]
    apply()
    # The author hears about it by e-mail, through the outbox (sent after the commit).
    mails.queue_proposal_decision(actor, proposal, code)
