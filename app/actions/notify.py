"""Telling people that an action their proposal flowed into changed status.

Messages go through the notifications outbox (:mod:`app.notifications`): rows written in
the caller's transaction, e-mailed after its commit (at once or in the daily digest, as
each person chose), never for a rolled-back change.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale, gettext

from app.actions import queries
from app.actions.labels import status_label
from app.actions.models import PlanAction
from app.extensions import db
from app.notifications import queries as notification_queries
from app.notifications.links import external_url
from app.notifications.models import DEFAULT_FREQUENCY, Notification
from app.notifications.outbox import remember_enqueued
from app.notifications.services import can_receive, people_concerned, user_locale

KIND = "action_status_changed"


def notify_action_status_changed(action: PlanAction, previous_status: str) -> list[Notification]:
    """Tell the authors, supporters and interested followers of the published proposals
    linked to ``action`` (directly or through a theme) about its new status: one message
    per person, listing the proposals that concern them.

    Followers of a consultation hear about it when they asked for news of the answers to
    the proposals they follow (the same preference: what became of a proposal).

    :returns: the notifications added (flushed, delivered after the commit).
    """
    proposals = queries.affected_proposals(action)
    if not proposals:
        return []
    wanted, preferences = people_concerned(proposals)
    by_id = {p.id: p for p in proposals}
    action_link = external_url("actions.detail", action_id=action.id)
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
            subject = gettext(
                "“%(title)s”: %(status)s", title=action.title, status=status_label(action.status)
            )
            body = render_template(
                "actions/email/status_changed.txt",
                user=user,
                action=action,
                previous=status_label(previous_status),
                current=status_label(action.status),
                items=items,
                action_link=action_link,
            )
        frequency = preference.frequency if preference is not None else DEFAULT_FREQUENCY
        consultation_ids = {item["proposal"].consultation_id for item in items}
        added.append(
            Notification(
                user_id=user.id,
                kind=KIND,
                subject=subject[:200],
                body=body,
                consultation_id=consultation_ids.pop() if len(consultation_ids) == 1 else None,
                is_digest=frequency == "daily",
                attempts=0,
            )
        )
    db.session.add_all(added)
    db.session.flush()
    remember_enqueued(added)
    return added
