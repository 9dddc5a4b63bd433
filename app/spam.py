"""Spam traps for the public forms.

A honeypot field is rendered on the registration, proposal, comment and report forms,
hidden from people (moved off-screen by CSS, ``aria-hidden``, out of the tab order, no
autocomplete) and labelled "Leave this field empty". Robots that fill every field fill
it too: the request is refused with a neutral 400 page and nothing is stored.
"""

from __future__ import annotations

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField

from app.errors import DomainError

HONEYPOT_FIELD = "remarks"


class SpamDetected(DomainError):
    """The honeypot was filled. The message does not say why (no hint to the robot)."""

    def __init__(self):
        super().__init__(_l("Your request could not be accepted. Please try again."), status=400)


class HoneypotForm(FlaskForm):
    """A form with the honeypot field; it validates only when the field is empty."""

    remarks = StringField(
        _l("Leave this field empty"),
        render_kw={"autocomplete": "off", "tabindex": "-1"},
    )

    def validate_remarks(self, field) -> None:
        """:raises SpamDetected: the hidden field has content (logged without personal data)."""
        if field.data:
            current_app.logger.warning("spam trap: honeypot field filled on %s", request.endpoint)
            raise SpamDetected()
