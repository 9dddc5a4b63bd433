"""Official answers of the plan office: per proposal, or one answer for a whole theme.

An answer applied to a theme is a starting point: each proposal can then be answered
again on its own. Every answer is audited and notifies the author, the supporters and
the followers who asked for it (:mod:`app.notifications.services`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app import audit, policy
from app.accounts.models import User
from app.errors import DomainError, ValidationFailed
from app.extensions import db
from app.models_base import utcnow
from app.notifications.events import announce_answers
from app.proposals.models import ANSWER_KINDS, Proposal
from app.sanitize import clean_text
from app.synthesis.answers import queries as answer_queries
from app.synthesis.models import Theme

MAX_ANSWER_LENGTH = 10_000


def _validated(kind: str | None, text: str | None) -> tuple[str, str]:
    """The answer's kind and cleaned text.

    :raises ValidationFailed: with every problem at once.
    """
    errors = []
    if kind not in ANSWER_KINDS:
        errors.append(("kind", _l("Choose the kind of answer.")))
    cleaned = clean_text(text)
    if not cleaned:
        errors.append(("text", _l("Write the text of the answer.")))
    elif len(cleaned) > MAX_ANSWER_LENGTH:
        errors.append(
            ("text", _l("The answer is too long (at most %(max)d characters).", max=MAX_ANSWER_LENGTH))
        )
    if errors:
        raise ValidationFailed(errors)
    return kind, cleaned


def _apply(actor: User, proposal: Proposal, kind: str, text: str, theme: Theme | None = None) -> bool:
    """Set the answer; False when it is already exactly this one (nothing to tell anyone)."""
    if proposal.answer_kind == kind and proposal.answer_text == text:
        return False
    previous = proposal.answer_kind
    proposal.answer_kind = kind
    proposal.answer_text = text
    proposal.answered_by_id = actor.id
    proposal.answered_at = utcnow()
    audit.record(
        actor,
        "proposal.answer",
        proposal,
        kind=kind,
        previous_kind=previous,
        theme_id=theme.id if theme is not None else None,
    )
    return True


def answer_proposal(actor: User, proposal: Proposal, kind: str, text: str) -> Proposal:
    """Give (or change) the official answer to one published proposal.

    :raises PermissionDenied: unless ``actor`` is an analyst (or an admin) and not its author.
    :raises DomainError: when the proposal is not published.
    :raises ValidationFailed: for an unknown kind or an empty or too long text.
    """
    policy.require(actor, "proposal.answer")
    if proposal.state != "published":
        raise DomainError(_l("Only published proposals can be answered."))
    policy.require(actor, "proposal.answer", proposal)  # never one's own (four eyes)
    kind, text = _validated(kind, text)
    if _apply(actor, proposal, kind, text):
        db.session.flush()
        announce_answers([proposal])
    return proposal


def answer_theme(
    actor: User, theme: Theme, kind: str, text: str, *, keep_existing: bool = True
) -> list[Proposal]:
    """Give the same answer to every published proposal of ``theme`` in its current run.

    :param keep_existing: leave the proposals that already have an answer unchanged.
    :returns: the proposals whose answer changed (``actor``'s own proposals are left to
        another analyst: four eyes).
    :raises PermissionDenied: unless ``actor`` is an analyst (or an admin).
    :raises DomainError: when the theme has no published proposal in the current run.
    :raises ValidationFailed: for an unknown kind or an empty or too long text.
    """
    policy.require(actor, "synthesis.manage")
    kind, text = _validated(kind, text)
    proposals = answer_queries.list_theme_proposals(theme)
    if not proposals:
        raise DomainError(_l("This theme has no published proposal in the current run."))
    changed = [
        p
        for p in proposals
        if not (keep_existing and p.answer_kind is not None)
        and policy.can(actor, "proposal.answer", p)
        and _apply(actor, p, kind, text, theme)
    ]
    audit.record(actor, "theme.answer", theme, kind=kind, proposals=len(changed), keep_existing=keep_existing)
    db.session.flush()
    announce_answers(changed)
    return changed
