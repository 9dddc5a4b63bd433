"""Service mails through the outbox: account links, registration attempts, moderators' decisions.

The ``queue_*`` services only add a row to the outbox and flush (the caller commits;
a background worker sends it, :mod:`app.notifications.dispatch`). They never read the
request: the route passes the ``actor`` (``None`` for a visitor) and the language.

Account mails are composed by :func:`compose` when they are sent, in the language
stored on the row: their links carry a fresh token that is never stored, and the link
is built on ``PUBLIC_URL`` (never on the request's host). A moderator's decision is
composed when it is taken, like the notifications, so the message keeps the reason
given at that moment.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import render_template
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l

from app.accounts import tokens
from app.accounts.models import User
from app.accounts.queries import get_active_user_id_by_email
from app.extensions import db
from app.notifications.links import external_url
from app.notifications.models import Notification
from app.notifications.outbox import remember_enqueued
from app.proposals.models import Proposal

LANGUAGES = ("it", "en")

# A moderator's decisions the author is told about: subject and opening sentence.
DECISIONS = {
    "publish": (
        _l("Your proposal has been published"),
        _l('Your proposal "%(title)s" has been published.'),
    ),
    "reject": (
        _l("Your proposal has not been accepted"),
        _l('Your proposal "%(title)s" has not been accepted.'),
    ),
    "request_changes": (
        _l("Changes requested to your proposal"),
        _l('A moderator asks you to change your proposal "%(title)s" and resubmit it.'),
    ),
}


def _language(locale: str | None, user: User | None = None) -> str:
    if locale in LANGUAGES:
        return locale
    if user is not None and user.locale in LANGUAGES:
        return user.locale
    return "it"


def _queue(kind: str, *, user: User | None = None, to_address: str | None = None, locale=None, **text):
    user_id = text.pop("user_id", None)
    notification = Notification(
        user_id=user.id if user is not None else user_id,
        to_address=to_address,
        locale=locale if locale in LANGUAGES else None,
        kind=kind,
        subject=text.get("subject", ""),
        body=text.get("body", ""),
        is_digest=False,
        link=text.get("link"),
        attempts=0,
    )
    db.session.add(notification)
    db.session.flush()
    remember_enqueued([notification])
    return notification


def queue_confirmation(actor: User | None, user: User, locale: str | None = None) -> Notification:
    """Queue the e-mail with ``user``'s confirmation link (``actor``: who asked, None for a visitor).

    :returns: the outbox row, flushed; sent after the commit.
    """
    return _queue("confirm_email", user=user, locale=locale)


def queue_registration_attempt(actor: User | None, user: User, locale: str | None = None) -> Notification:
    """Tell the owner of an address that someone tried to register with it again.

    The registration page answers exactly as for a new address, so it does not reveal
    who has an account; the owner learns it from this mail instead.
    """
    return _queue("registration_attempt", user=user, locale=locale)


def queue_sign_up_answer(user: User, created: bool, locale: str | None = None) -> Notification:
    """The mail that answers a sign-up (``created``: the account is new).

    A new or still unconfirmed account gets its confirmation link; a confirmed one, a note
    to its owner that someone tried to register with the address — the page answers the same
    in every case, so it never reveals who has an account.
    """
    if created or not user.is_confirmed:
        return queue_confirmation(None, user, locale)
    return queue_registration_attempt(None, user, locale)


def queue_password_reset(actor: User | None, email: str, locale: str | None = None) -> Notification:
    """Queue one message to ``email``: its reset link, or, when no active account uses the
    address, a note saying so. Either way the request adds exactly one row, so it takes
    the same time whether the address is known or not.
    """
    user_id = get_active_user_id_by_email(email)
    if user_id is not None:
        return _queue("password_reset", user_id=user_id, locale=locale)
    return _queue("password_reset_no_account", to_address=email, locale=locale)


def queue_proposal_decision(actor: User | None, proposal: Proposal, code: str) -> Notification | None:
    """Tell the author of ``proposal`` about a moderator's decision (publish, reject, ask
    for changes), in their language, with the moderators' message.

    :returns: the outbox row, or None when the decision is not mailed or nobody can receive it.
    """
    author = proposal.author
    if code not in DECISIONS or author is None or not author.email or not author.is_active:
        return None
    link = external_url("proposals.detail", proposal_id=proposal.id)
    subject, opening = DECISIONS[code]
    with force_locale(_language(None, author)):
        lines = [gettext("Hello %(name)s,", name=author.display_name), ""]
        lines.append(str(opening) % {"title": proposal.title})
        if proposal.state_reason:
            lines += ["", gettext("Message from the moderators:"), proposal.state_reason]
        lines += ["", gettext("See your proposal: %(link)s", link=link)]
        path = urlsplit(link).path
        return _queue(
            "proposal_decision", user=author, subject=str(subject)[:200], body="\n".join(lines), link=path
        )


def queue_user_mail(kind: str, user: User, subject: str, body: str) -> Notification:
    """Queue a service mail already written in ``user``'s language (a meeting's reminder,
    a seat freed for someone on the waiting list): sent whatever the notification
    preferences, since the person asked for it by registering.

    :returns: the outbox row, flushed; sent after the commit.
    """
    return _queue(kind, user=user, subject=str(subject)[:200], body=body)


def compose(notification: Notification) -> tuple[str, str, str] | None:
    """``(to, subject, body)`` of a service mail, or None when it must no longer be sent
    (the account was deleted, the address is already confirmed...)."""
    user = notification.user
    if notification.kind == "password_reset_no_account":
        if not notification.to_address:
            return None
        with force_locale(_language(notification.locale)):
            return notification.to_address, *_no_account(notification.to_address)
    if user is None or not user.email or not user.is_active:
        return None
    with force_locale(_language(notification.locale, user)):
        if notification.kind in ("proposal_decision", "meeting_reminder", "meeting_seat"):
            return user.email, notification.subject, notification.body
        if notification.kind == "confirm_email":
            if user.is_confirmed:
                return None
            link = external_url("accounts.confirm", token=tokens.make_token(user, "confirm"))
            subject = gettext("Confirm your e-mail address — Forum metropolitano")
            return user.email, subject, render_template("accounts/email/confirm.txt", user=user, link=link)
        if notification.kind == "password_reset":
            link = external_url("accounts.reset_password", token=tokens.make_token(user, "reset"))
            subject = gettext("Choose a new password — Forum metropolitano")
            return user.email, subject, render_template("accounts/email/reset.txt", user=user, link=link)
        if notification.kind == "registration_attempt":
            subject = gettext("Someone tried to register with your address — Forum metropolitano")
            body = render_template(
                "accounts/email/registration_attempt.txt",
                user=user,
                login_link=external_url("accounts.login"),
                reset_link=external_url("accounts.forgot_password"),
            )
            return user.email, subject, body
    return None


def _no_account(address: str) -> tuple[str, str]:
    subject = gettext("Password request — Forum metropolitano")
    body = render_template(
        "accounts/email/reset_no_account.txt",
        address=address,
        register_link=external_url("accounts.register"),
    )
    return subject, body
