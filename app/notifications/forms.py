"""Forms of the notification preferences and of the unsubscribe page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField

from app.accounts.forms import choices

FREQUENCY_CHOICES = [
    ("immediate", _l("One e-mail for each event")),
    ("daily", _l("One summary e-mail a day")),
    ("off", _l("No e-mails")),
]


class PreferencesForm(FlaskForm):
    frequency = RadioField(
        _l("How often do you want to hear from us?"),
        choices=choices(FREQUENCY_CHOICES),
        validate_choice=True,
        description=_l(
            "We write when a proposal of yours or one you support gets an official answer, "
            "and when a consultation you follow publishes its synthesis."
        ),
    )
    followed_answers = BooleanField(_l("Also tell me about every answer in the consultations I follow"))


class UnsubscribeForm(FlaskForm):
    """Only a button: a link in an e-mail never changes anything by itself (mail scanners open links)."""
