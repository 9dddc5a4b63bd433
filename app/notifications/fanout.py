"""Who hears about a new comment or a consultation's new phase (run by the worker).

Called by :mod:`app.notifications.events` when it expands an event, never by a request:
each function writes one notification per person concerned, in that person's language,
and flushes; the worker commits and sends.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale, gettext

from app import labels
from app.consultations.models import Consultation
from app.extensions import db
from app.notifications import queries
from app.notifications.links import external_url
from app.notifications.models import Notification
from app.notifications.services import can_receive, enqueue, finish, site_path, user_locale
from app.proposals.models import Comment

# Why a person hears about a comment, strongest first: each person gets one message.
COMMENT_RELATIONS = ("proposal_commented", "comment_replied", "followed_proposal_commented")


def notify_comment_posted(comment: Comment) -> list[Notification]:
    """Tell the proposal's author, the author of the comment replied to and the proposal's
    followers about ``comment`` (never its own author; nothing if it was hidden since).

    :returns: the notifications added (flushed).
    """
    proposal = comment.proposal
    if comment.state != "published" or proposal is None or proposal.state != "published":
        return []
    wanted: dict[int, str] = {}

    def offer(user_id: int | None, kind: str) -> None:
        if user_id is None or user_id == comment.author_id:
            return
        current = wanted.get(user_id)
        if current is None or COMMENT_RELATIONS.index(kind) < COMMENT_RELATIONS.index(current):
            wanted[user_id] = kind

    offer(proposal.author_id, "proposal_commented")
    if comment.parent_id is not None:
        parent = db.session.get(Comment, comment.parent_id)
        offer(parent.author_id if parent is not None else None, "comment_replied")
    for user_id in queries.proposal_follower_ids_by_proposal([proposal.id])[proposal.id]:
        offer(user_id, "followed_proposal_commented")
    preferences = queries.preferences_for(wanted)
    link = site_path("proposals.detail", proposal_id=proposal.id) + f"#comment-{comment.id}"
    absolute = external_url("proposals.detail", proposal_id=proposal.id) + f"#comment-{comment.id}"
    added = []
    for user in queries.list_users(wanted):
        if not can_receive(user):
            continue
        kind = wanted[user.id]
        with force_locale(user_locale(user)):
            if kind == "comment_replied":
                subject = gettext("New reply to your comment on “%(title)s”", title=proposal.title)
            elif kind == "proposal_commented":
                subject = gettext("New comment on your proposal “%(title)s”", title=proposal.title)
            else:
                subject = gettext("New comment on “%(title)s”, which you follow", title=proposal.title)
            body = render_template(
                "notifications/email/comment_posted.txt",
                user=user,
                kind=kind,
                comment=comment,
                proposal=proposal,
                link=absolute,
            )
        preference = preferences.get(user.id)
        added.append(enqueue(user, preference, kind, subject, body, proposal.consultation_id, link))
    return finish(added)


def notify_phase_started(consultation_id: int, phase: str) -> list[Notification]:
    """Tell a consultation's followers that it entered ``phase``.

    :returns: the notifications added (flushed).
    """
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        return []
    users = queries.list_users(queries.follower_ids(consultation.id))
    preferences = queries.preferences_for(u.id for u in users)
    link = site_path("consultations.detail", slug=consultation.slug)
    absolute = external_url("consultations.detail", slug=consultation.slug)
    added = []
    for user in users:
        if not can_receive(user):
            continue
        with force_locale(user_locale(user)):
            phase_label = labels.label(labels.CONSULTATION_STATES, phase)
            if phase == "closed":
                subject = gettext("“%(title)s” is closed", title=consultation.title)
            else:
                subject = gettext(
                    "“%(title)s” enters a new phase: %(phase)s", title=consultation.title, phase=phase_label
                )
            body = render_template(
                "notifications/email/phase_started.txt",
                user=user,
                consultation=consultation,
                phase=phase,
                phase_label=phase_label,
                link=absolute,
            )
        preference = preferences.get(user.id)
        added.append(enqueue(user, preference, "consultation_phase", subject, body, consultation.id, link))
    return finish(added)
