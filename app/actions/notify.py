"""Telling people what became of their proposal in the plan: that it flowed into an action
(linked directly or with a theme holding it), and that such an action changed status.

Messages go through the notifications outbox (:mod:`app.notifications`): rows written in
the caller's transaction, e-mailed after its commit (at once or in the daily digest, as
each person chose for the "answers" category: what became of a proposal), never for a
rolled-back change. A new link and a change of status are announced as events
(``action_linked``, ``action_status_changed``: :mod:`app.notifications.events`) that the
worker expands (:func:`notify_proposals_linked`, :func:`notify_action_status_changed`): a
theme or an action may gather thousands of proposals, and the request neither counts nor
writes to their people.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.actions import queries
from app.actions.labels import status_label
from app.actions.models import ActionAnnouncement, ActionLink, PlanAction
from app.extensions import db
from app.models_base import utcnow
from app.notifications import queries as notification_queries
from app.notifications.links import external_url
from app.notifications.models import Notification
from app.notifications.services import (
    can_receive,
    enqueue,
    finish,
    people_concerned,
    site_path,
    user_locale,
)
from app.proposals.models import Proposal

STATUS_CHANGED = "action_status_changed"
LINKED = "action_linked"


def notify_action_status_changed(
    action: PlanAction, previous_status: str, status: str | None = None
) -> list[Notification]:
    """Tell the authors, supporters and interested followers of the published proposals
    linked to ``action`` (directly or through a theme) about its new status (``status``, by
    default the present one): one message per person, listing the proposals that concern them.

    Followers of a consultation hear about it when they asked for news of the answers to
    the proposals they follow (the same preference: what became of a proposal).

    :returns: the notifications added (flushed, delivered after the commit).
    """

    status = status or action.status

    def subject(items) -> str:
        return gettext("“%(title)s”: %(status)s", title=action.title, status=status_label(status))

    def body(user, items) -> str:
        return render_template(
            "actions/email/status_changed.txt",
            user=user,
            action=action,
            previous=status_label(previous_status),
            current=status_label(status),
            items=items,
            action_link=external_url("actions.detail", action_id=action.id),
        )

    return _notify(action, queries.affected_proposals(action), STATUS_CHANGED, subject, body)


def notify_proposals_linked(link_id: int) -> list[Notification]:
    """Tell the people of the proposals a new link brought to its action (the worker expands
    the ``action_linked`` event into this). A proposal that already reached the action
    through an earlier link is not news, nor one whose people were told before (a link
    removed by mistake and made again); a link removed before the worker ran says nothing.

    :returns: the notifications added (flushed, delivered after the commit).
    """
    link = db.session.get(ActionLink, link_id)
    if link is None or link.action.is_retired:
        return []
    action = link.action

    def subject(items) -> str:
        title = action.title
        if len(items) == 1 and items[0]["relation"] == "author":
            return gettext("Your proposal flowed into “%(title)s”", title=title)
        return ngettext(
            "A proposal flowed into “%(title)s”",
            "%(num)d proposals flowed into “%(title)s”",
            len(items),
            title=title,
        )

    def body(user, items) -> str:
        return render_template(
            "actions/email/linked.txt",
            user=user,
            action=action,
            status=status_label(action.status),
            link=link,
            items=items,
            action_link=external_url("actions.detail", action_id=action.id),
        )

    candidates = queries.newly_linked_proposals(link)
    told_now = _claim_announcements(action.id, [p.id for p in candidates])
    return _notify(action, [p for p in candidates if p.id in told_now], LINKED, subject, body)


def _claim_announcements(action_id: int, proposal_ids: list[int]) -> set[int]:
    """Record that these proposals' people are told they reached the action; returns the ids
    not told before — a link removed by mistake and made again is not news twice
    (``INSERT … ON CONFLICT DO NOTHING RETURNING``: two workers at once cannot both claim one)."""
    if not proposal_ids:
        return set()
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    now = utcnow()
    statement = (
        insert(ActionAnnouncement)
        .values([{"action_id": action_id, "proposal_id": pid, "announced_at": now} for pid in proposal_ids])
        .on_conflict_do_nothing(index_elements=["action_id", "proposal_id"])
        .returning(ActionAnnouncement.proposal_id)
    )
    return set(db.session.scalars(statement))


def _notify(action: PlanAction, proposals: list[Proposal], kind: str, subject, body) -> list[Notification]:
    """One notification per person concerned by ``proposals`` (see
    :func:`app.notifications.services.people_concerned`), in their language."""
    if not proposals:
        return []
    wanted, preferences = people_concerned(proposals)
    by_id = {p.id: p for p in proposals}
    added = []
    for user in notification_queries.list_users(wanted):
        preference = preferences.get(user.id)
        if not can_receive(user, preference):
            continue
        items = [
            {
                "proposal": by_id[pid],
                "relation": relation,
                "link": external_url("proposals.detail", proposal_id=pid),
            }
            for pid, relation in sorted(wanted[user.id].items())
        ]
        with force_locale(user_locale(user)):
            text_subject, text_body = subject(items), body(user, items)
        consultation_ids = {item["proposal"].consultation_id for item in items}
        added.append(
            enqueue(
                user,
                preference,
                kind,
                text_subject,
                text_body,
                consultation_ids.pop() if len(consultation_ids) == 1 else None,
                site_path("actions.detail", action_id=action.id),
            )
        )
    return finish(added)
