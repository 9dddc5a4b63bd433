"""Writing notifications to the outbox, and people's notification preferences.

Services only add rows and flush: the e-mails leave after the caller's commit
(:mod:`app.notifications.delivery`), so a rolled-back action never notifies anybody.
Messages are written in each recipient's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import render_template
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.errors import PermissionDenied, ValidationFailed
from app.extensions import db
from app.notifications import queries
from app.notifications.links import external_url
from app.notifications.models import (
    DEFAULT_FREQUENCY,
    FREQUENCIES,
    PREFERENCE_CATEGORIES,
    Notification,
    NotificationPreference,
)
from app.notifications.outbox import remember_enqueued
from app.proposals.models import Proposal

# Why a person hears about an answer, strongest first.
RELATIONS = ("author", "supporter", "proposal_follower", "follower")


def user_locale(user: User) -> str:
    return user.locale if user.locale in ("it", "en") else "it"


def can_receive(user: User, preference: NotificationPreference | None = None) -> bool:
    """Only confirmed, active accounts get notifications (on the site; by e-mail as they chose)."""
    return bool(user.email) and user.deleted_at is None and user.is_confirmed


def site_path(endpoint: str, **values) -> str:
    """The path (under ``PUBLIC_URL``) of an in-site notification's link; works in a worker too."""
    parts = urlsplit(external_url(endpoint, **values))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def enqueue(
    user: User, preference, kind: str, subject: str, body: str, consultation_id, link: str | None = None
) -> Notification:
    """Add one notification for ``user``: on their Notifiche page, and e-mailed as they chose
    for ``kind`` (at once, in the daily digest, or not at all)."""
    frequency = preference.frequency_for(kind) if preference is not None else DEFAULT_FREQUENCY
    notification = Notification(
        user_id=user.id,
        kind=kind,
        subject=subject[:200],
        body=body,
        consultation_id=consultation_id,
        is_digest=frequency == "daily",
        is_emailed=frequency != "off",
        link=link,
        attempts=0,
    )
    db.session.add(notification)
    return notification


def finish(notifications: list[Notification]) -> list[Notification]:
    db.session.flush()
    remember_enqueued(notifications)
    return notifications


def notify_synthesis_published(synthesis) -> list[Notification]:
    """Tell the followers of the synthesis's consultation that it is published.

    :returns: the notifications added (flushed, delivered after the commit).
    """
    consultation = synthesis.consultation
    users = queries.list_users(queries.follower_ids(consultation.id))
    preferences = queries.preferences_for(u.id for u in users)
    # The public synthesis page of the consultation (app/synthesis/readings/routes.py).
    link = external_url("consultations.detail", slug=consultation.slug) + "/sintesi"
    added = []
    for user in users:
        preference = preferences.get(user.id)
        if not can_receive(user, preference):
            continue
        with force_locale(user_locale(user)):
            subject = gettext("The synthesis of “%(title)s” is published", title=consultation.title)
            body = render_template(
                "notifications/email/synthesis_published.txt",
                user=user,
                consultation=consultation,
                synthesis=synthesis,
                link=link,
            )
        added.append(
            enqueue(
                user,
                preference,
                "synthesis_published",
                subject,
                body,
                consultation.id,
                site_path("consultations.detail", slug=consultation.slug) + "/sintesi",
            )
        )
    return finish(added)


def notify_proposal_answered(proposal: Proposal) -> list[Notification]:
    """Tell a proposal's author, supporters and interested followers about its answer.

    :returns: the notifications added (flushed, delivered after the commit).
    """
    return notify_proposals_answered([proposal])


def notify_proposals_answered(proposals: Iterable[Proposal]) -> list[Notification]:
    """Like :func:`notify_proposal_answered` for several proposals answered together
    (a theme): each person gets one message listing the proposals that concern them.
    """
    proposals = [p for p in proposals if p.answer_kind and p.state == "published"]
    if not proposals:
        return []
    wanted, preferences = people_concerned(proposals)
    by_id = {p.id: p for p in proposals}
    added = []
    for user in queries.list_users(wanted):
        preference = preferences.get(user.id)
        if not can_receive(user, preference):
            continue
        items = [
            {"proposal": by_id[pid], "relation": relation, "link": _proposal_link(by_id[pid])}
            for pid, relation in sorted(wanted[user.id].items())
        ]
        with force_locale(user_locale(user)):
            if len(items) == 1:
                subject = gettext("Official answer to “%(title)s”", title=items[0]["proposal"].title)
            else:
                subject = gettext("Official answers to %(num)d proposals", num=len(items))
            body = render_template("notifications/email/proposals_answered.txt", user=user, items=items)
        consultation_ids = {item["proposal"].consultation_id for item in items}
        consultation_id = consultation_ids.pop() if len(consultation_ids) == 1 else None
        link = site_path("proposals.detail", proposal_id=items[0]["proposal"].id)
        added.append(enqueue(user, preference, "proposal_answered", subject, body, consultation_id, link))
    return finish(added)


def people_concerned(proposals: list[Proposal]) -> tuple[dict[int, dict[int, str]], dict]:
    """Who hears about what became of ``proposals`` (an answer, the plan action they flowed
    into): authors, supporters, followers of each proposal, and followers of its consultation
    who asked for news of the answers.

    :returns: user id -> proposal id -> the strongest relation (see ``RELATIONS``), and the
        preferences of those people.
    """
    supporters = queries.supporter_ids_by_proposal(p.id for p in proposals)
    proposal_followers = queries.proposal_follower_ids_by_proposal(p.id for p in proposals)
    followers = {cid: set(queries.follower_ids(cid)) for cid in {p.consultation_id for p in proposals}}
    candidates = set().union(
        *supporters.values(),
        *proposal_followers.values(),
        *followers.values(),
        {p.author_id for p in proposals},
    )
    preferences = queries.preferences_for(candidates)
    wanted: dict[int, dict[int, str]] = {}
    for proposal in proposals:
        pairs = [(proposal.author_id, "author")]
        pairs += [(uid, "supporter") for uid in supporters[proposal.id]]
        pairs += [(uid, "proposal_follower") for uid in proposal_followers[proposal.id]]
        pairs += [
            (uid, "follower")
            for uid in followers[proposal.consultation_id]
            if preferences.get(uid) is not None and preferences[uid].followed_answers
        ]
        for user_id, relation in pairs:
            current = wanted.setdefault(user_id, {}).get(proposal.id)
            if current is None or RELATIONS.index(relation) < RELATIONS.index(current):
                wanted[user_id][proposal.id] = relation
    return wanted, preferences


def _proposal_link(proposal: Proposal) -> str:
    return external_url("proposals.detail", proposal_id=proposal.id)


def set_notification_preferences(
    actor: User, user: User, frequencies: dict[str, str], followed_answers: bool
) -> NotificationPreference:
    """Save how ``user`` wants to be notified: a frequency per category
    (:data:`PREFERENCE_CATEGORIES`; a missing category keeps the general frequency).

    :raises PermissionDenied: when ``actor`` is not ``user``.
    :raises ValidationFailed: for an unknown category or frequency (nothing is saved).
    """
    if actor is None or getattr(actor, "id", None) != user.id:
        raise PermissionDenied()
    errors = [
        (category, _l("Choose how often you want to receive e-mails."))
        for category, frequency in frequencies.items()
        if category not in PREFERENCE_CATEGORIES or frequency not in FREQUENCIES
    ]
    if errors:
        raise ValidationFailed(errors)
    preference = queries.get_preference(user)
    if preference is None:
        preference = NotificationPreference(user_id=user.id, frequency=DEFAULT_FREQUENCY)
        db.session.add(preference)
    if preference.frequency == "off":
        # Saving the page after an unsubscribe: the choices made here count again.
        preference.frequency = DEFAULT_FREQUENCY
    for category, frequency in frequencies.items():
        setattr(preference, f"{category}_frequency", frequency)
    preference.followed_answers = bool(followed_answers)
    db.session.flush()
    return preference


def unsubscribe(user: User) -> NotificationPreference:
    """Stop every notification e-mail to ``user`` (from a signed link; no login needed).

    Messages already waiting in the outbox are not sent either: delivery checks the
    preference again.
    """
    preference = queries.get_preference(user)
    if preference is None:
        preference = NotificationPreference(user_id=user.id, followed_answers=False)
        db.session.add(preference)
    preference.frequency = "off"
    db.session.flush()
    return preference
