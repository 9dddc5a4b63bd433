"""Sending the outbox: one e-mail per row after the commit, or a daily digest.

Runs in the background (:mod:`app.notifications.dispatch`), the CLI or a test, never in
the request that queued the mail. A notification is *claimed* (``sent_at`` set with a
compare-and-set update and committed) before its e-mail leaves, so two workers never
send it twice; when the SMTP server refuses it the claim is released and a later
``flask forum send-notifications`` tries again (up to five attempts).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from flask import render_template
from flask_babel import force_locale, gettext
from sqlalchemy import delete, update

from app.accounts.models import User
from app.extensions import db
from app.mail import try_send_mail
from app.models_base import utcnow
from app.notifications import events, mails, queries
from app.notifications.links import external_url
from app.notifications.models import DEFAULT_FREQUENCY, Notification
from app.notifications.outbox import (  # noqa: F401 (remember_enqueued re-exported)
    remember_enqueued,
    take_committed,
    take_committed_events,
)
from app.notifications.tokens import make_unsubscribe_token

logger = logging.getLogger("forum.notifications")


def deliver_committed() -> int:
    """Expand the events and send the rows committed by this session since the last call,
    now, in this thread (CLI commands and tests; requests hand them to
    :mod:`app.notifications.dispatch`)."""
    ids = take_committed()
    event_ids = take_committed_events()
    if event_ids:
        ids += events.expand_events(event_ids)
    if not ids:
        return 0
    return deliver_notifications(ids)


def deliver_notifications(ids: Iterable[int] | None = None) -> int:
    """Send waiting immediate notifications (those in ``ids``, or all of them).

    :returns: how many e-mails were sent.
    """
    sent = 0
    for notification in queries.list_undelivered(ids):
        if not _claim([notification.id]):
            continue
        message = _message(notification)
        if message is None:
            continue
        if try_send_mail(*message):
            sent += 1
            if notification.user_id is None:
                _forget_address(notification.id)
        else:
            _release([notification.id])
    return sent


def _message(notification: Notification) -> tuple[str, str, str] | None:
    """``(to, subject, body)``, or None when the message is no longer wanted."""
    if notification.is_service_mail:
        return mails.compose(notification)
    user = notification.user
    if user is None or not _still_wanted(user, notification.kind):
        return None
    return user.email, notification.subject, notification.body + "\n\n-- \n" + _footer(user)


def _forget_address(notification_id: int) -> None:
    """A mail to an address without an account leaves no trace of the address once sent."""
    _write_afresh()
    db.session.execute(delete(Notification).where(Notification.id == notification_id))
    db.session.commit()


def send_digest() -> int:
    """Send each person with waiting digest notifications one e-mail gathering them.

    :returns: how many digests were sent.
    """
    sent = 0
    for user_id in queries.digest_user_ids():
        notifications = queries.list_digest_notifications(user_id)
        ids = [n.id for n in notifications]
        if not ids or not _claim(ids):
            continue
        user = db.session.get(User, user_id)
        if user is None:
            continue
        notifications = [n for n in notifications if _still_wanted(user, n.kind)]
        if not notifications:
            continue
        with force_locale(_locale(user)):
            subject = gettext("Your daily summary from the Forum metropolitano")
            body = render_template("notifications/email/digest.txt", user=user, notifications=notifications)
        if try_send_mail(user.email, subject, body + "\n\n-- \n" + _footer(user)):
            sent += 1
        else:
            _release(ids)
    return sent


def _write_afresh() -> None:
    """End the reading transaction before a write: on SQLite a write in a transaction
    whose reads are older than another connection's commit fails at once ("database is
    locked"), and requests commit while this worker reads the outbox."""
    if db.session().in_transaction():
        db.session.commit()


def _claim(ids: list[int]) -> bool:
    """Mark ``ids`` as sent if nobody did; True when this process owns them all."""
    _write_afresh()
    result = db.session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.sent_at.is_(None))
        .values(sent_at=utcnow(), attempts=Notification.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != len(ids):
        db.session.rollback()
        return False
    db.session.commit()
    return True


def _release(ids: list[int]) -> None:
    _write_afresh()
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_(ids))
        .values(sent_at=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _still_wanted(user: User, kind: str) -> bool:
    """Checked again when sending: the person may have switched this kind off since."""
    preference = queries.get_preference(user)
    frequency = preference.frequency_for(kind) if preference is not None else DEFAULT_FREQUENCY
    return bool(user.email) and user.deleted_at is None and frequency != "off"


def _locale(user: User) -> str:
    return user.locale if user.locale in ("it", "en") else "it"


def _footer(user: User) -> str:
    with force_locale(_locale(user)):
        return render_template(
            "notifications/email/footer.txt",
            preferences_link=external_url("notifications.preferences"),
            unsubscribe_link=external_url("notifications.unsubscribe", token=make_unsubscribe_token(user)),
        )
