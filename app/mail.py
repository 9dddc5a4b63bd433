"""Sending e-mail: real SMTP when ``MAIL_SERVER`` is set, the log otherwise.

Routes (or background jobs) call :func:`send_mail` after their transaction commits, so a
rolled-back action never sends a message. Models and services never send mail.
"""

from __future__ import annotations

import hmac
import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

logger = logging.getLogger("forum.mail")


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text message to one address.

    :raises smtplib.SMTPException: when the configured server refuses the message;
        callers decide whether that should fail the request (it should not, usually).
    """
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)

    if not config.get("MAIL_SERVER"):
        # Development: the message (with its link) is printed on the console for the
        # developer; the log only says that a message was not sent, never to whom.
        logger.warning("E-mail not sent (no MAIL_SERVER) to recipient %s", recipient_ref(to))
        print(f"\n--- e-mail to {to} ---\nSubject: {subject}\n\n{body}\n---", flush=True)
        return

    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def try_send_mail(to: str, subject: str, body: str) -> bool:
    """Like :func:`send_mail` but logs a failure instead of raising.

    Used after a commit: the user's action succeeded and must not look failed
    because the mail server is down.
    """
    try:
        send_mail(to, subject, body)
        return True
    except (OSError, smtplib.SMTPException) as error:
        # Not logger.exception: SMTP errors quote the recipient's address.
        logger.error("Could not send e-mail to recipient %s: %s", recipient_ref(to), type(error).__name__)
        return False


def recipient_ref(address: str) -> str:
    """A stable pseudonym of an e-mail address for the logs (no personal data in logs).

    The same address always gives the same reference, so an operator can follow one
    recipient's messages without the log holding the address itself.
    """
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), (address or "").lower().encode(), "sha256")
    return "r-" + digest.hexdigest()[:12]
