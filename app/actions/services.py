"""Analysts' writes on the actions: linking proposals and themes, reporting progress.

Every write is audited and only flushes; the route (or the command) commits once.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from app import audit, policy
from app.accounts.models import User
from app.actions import queries
from app.actions.models import ACTION_STATUSES, ActionLink, ActionUpdate, PlanAction
from app.errors import DomainError, ValidationFailed
from app.extensions import db
from app.notifications.events import announce
from app.proposals.models import Proposal
from app.sanitize import clean_text
from app.synthesis.models import Theme

MAX_NOTE_LENGTH = 2_000
MAX_UPDATE_LENGTH = 10_000
# The DUP years one may report on: the plan's horizon with room on either side.
FIRST_DUP_YEAR, LAST_DUP_YEAR = 2020, 2040


def _clean_note(note: str | None) -> str:
    cleaned = clean_text(note)
    if len(cleaned) > MAX_NOTE_LENGTH:
        raise ValidationFailed(
            [("note", _l("The note is too long (at most %(max)d characters).", max=MAX_NOTE_LENGTH))]
        )
    return cleaned


def _open(action: PlanAction) -> None:
    if action.is_retired:
        raise DomainError(_l("This action was retired: nothing more can be linked to it or reported on it."))


def link_proposal(actor: User, action: PlanAction, proposal: Proposal | None, note: str | None) -> ActionLink:
    """Record that ``proposal`` flowed into ``action``; its people are told (after the commit,
    by the worker: :func:`app.actions.notify.notify_proposals_linked`).

    :raises PermissionDenied: unless ``actor`` is an analyst (or an admin).
    :raises DomainError: when the action is retired.
    :raises ValidationFailed: for a missing or unpublished proposal, one already linked, a long note.
    """
    policy.require(actor, "action.link")
    _open(action)
    if proposal is None or proposal.state != "published":
        raise ValidationFailed([("proposal_id", _l("There is no published proposal with this number."))])
    note = _clean_note(note)
    if queries.get_link(action.id, proposal_id=proposal.id) is not None:
        raise ValidationFailed([("proposal_id", _l("This proposal is already linked to this action."))])
    link = ActionLink(action_id=action.id, proposal_id=proposal.id, note=note, created_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    audit.record(actor, "action.link", action, proposal_id=proposal.id)
    announce("action_linked", link_id=link.id)  # its people are told by the worker
    return link


def link_theme(actor: User, action: PlanAction, theme: Theme | None, note: str | None) -> ActionLink:
    """Record that a whole theme (every proposal it holds) flowed into ``action``; the people
    of the proposals new to the action are told (after the commit, by the worker).

    :raises PermissionDenied: unless ``actor`` is an analyst (or an admin).
    :raises DomainError: when the action is retired.
    :raises ValidationFailed: for a missing theme, one merged into another, one already linked.
    """
    policy.require(actor, "action.link")
    _open(action)
    if theme is None:
        raise ValidationFailed([("theme_id", _l("There is no theme with this number."))])
    if theme.merged_into_id is not None:
        raise ValidationFailed([("theme_id", _l("This theme was merged into another: link that one."))])
    note = _clean_note(note)
    if queries.get_link(action.id, theme_id=theme.id) is not None:
        raise ValidationFailed([("action_id", _l("This theme is already linked to this action."))])
    link = ActionLink(action_id=action.id, theme_id=theme.id, note=note, created_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    audit.record(actor, "action.link", action, theme_id=theme.id)
    announce("action_linked", link_id=link.id)  # its people are told by the worker
    return link


def unlink(actor: User, link: ActionLink) -> None:
    """Remove a link made by mistake (the audit log keeps who removed what, and its note).

    :raises PermissionDenied: unless ``actor`` is an analyst (or an admin).
    """
    policy.require(actor, "action.link")
    audit.record(
        actor,
        "action.unlink",
        link.action,
        proposal_id=link.proposal_id,
        theme_id=link.theme_id,
        note=link.note,
    )
    db.session.delete(link)
    db.session.flush()


def _validated_update(status, progress, body, happened_on, dup_year, today: date):
    errors = []
    if status not in ACTION_STATUSES:
        errors.append(("status", _l("Choose the status of the action.")))
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        errors.append(("progress", _l("Give the progress as a whole number from 0 to 100.")))
    elif status == "completed" and progress != 100:
        errors.append(("progress", _l("A completed action is at 100 %.")))
    cleaned = clean_text(body)
    if not cleaned:
        errors.append(("body", _l("Say what happened.")))
    elif len(cleaned) > MAX_UPDATE_LENGTH:
        errors.append(
            ("body", _l("The text is too long (at most %(max)d characters).", max=MAX_UPDATE_LENGTH))
        )
    if not isinstance(happened_on, date):
        errors.append(("happened_on", _l("Give the date of the update.")))
    elif happened_on > today:
        errors.append(("happened_on", _l("The date cannot be in the future.")))
    if not isinstance(dup_year, int) or not FIRST_DUP_YEAR <= dup_year <= LAST_DUP_YEAR:
        errors.append(
            (
                "dup_year",
                _l(
                    "Give the DUP year (from %(first)d to %(last)d).",
                    first=FIRST_DUP_YEAR,
                    last=LAST_DUP_YEAR,
                ),
            )
        )
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def report_progress(
    actor: User,
    action: PlanAction,
    *,
    status: str | None,
    progress: int | None,
    body: str | None,
    happened_on: date | None,
    dup_year: int | None,
    today: date,
) -> ActionUpdate:
    """Add a dated step to the action's timeline; the action takes the status and progress
    of its most recent step. When that changes its status, the people of the linked
    proposals are notified (after the commit, by the worker).

    ``today`` is the caller's date in Europe/Rome (a step cannot be dated later).

    :raises PermissionDenied: unless ``actor`` is an analyst (or an admin).
    :raises DomainError: when the action is retired.
    :raises ValidationFailed: with every problem of the form at once.
    """
    policy.require(actor, "action.report")
    _open(action)
    body = _validated_update(status, progress, body, happened_on, dup_year, today)
    queries.lock_action(action)
    previous_status, previous_progress = action.status, action.progress
    update = ActionUpdate(
        action_id=action.id,
        author_id=actor.id,
        body=body,
        happened_on=happened_on,
        dup_year=dup_year,
        status=status,
        progress=progress,
        previous_status=previous_status,
        previous_progress=previous_progress,
    )
    db.session.add(update)
    db.session.flush()
    # A step dated before the latest one goes into the timeline without changing the present.
    latest = queries.list_updates(action)[0]
    action.status, action.progress, action.dup_year = latest.status, latest.progress, latest.dup_year
    db.session.flush()
    audit.record(actor, "action.report", action, status=action.status, progress=action.progress)
    if action.status != previous_status:
        # Its people are told by the worker (app.actions.notify): an action may gather thousands.
        announce("action_status_changed", action_id=action.id, previous=previous_status, status=action.status)
    return update
