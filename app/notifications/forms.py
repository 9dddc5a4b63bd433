"""Forms of the notification preferences and of the unsubscribe page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField

from app.accounts.forms import choices

FREQUENCY_CHOICES = [
    ("immediate", _l("One e-mail for each event")),
    ("daily", _l("One summary e-mail a day")),
    ("off", _l("No e-mails (only on the Notifications page)")),
]


def _frequency(label, description) -> RadioField:
    return RadioField(
        label, choices=choices(FREQUENCY_CHOICES), validate_choice=True, description=description
    )


class PreferencesForm(FlaskForm):
    """One frequency per category (app.notifications.models.PREFERENCE_CATEGORIES)."""

    answers = _frequency(
        _l("Official answers and the plan"),
        _l(
            "When a proposal of yours, one you support or one you follow gets an official answer, "
            "flows into an action of the plan, or that action changes status."
        ),
    )
    comments = _frequency(
        _l("Comments and replies"),
        _l("When someone comments on your proposal or replies to your comment."),
    )
    followed_proposals = _frequency(
        _l("Proposals you follow"),
        _l("When someone comments on a proposal you follow."),
    )
    consultations = _frequency(
        _l("Consultations you follow"),
        _l("When a consultation you follow enters a new phase or publishes its synthesis."),
    )
    followed_answers = BooleanField(_l("Also tell me about every answer in the consultations I follow"))

    CATEGORY_FIELDS = ("answers", "comments", "followed_proposals", "consultations")


class UnsubscribeForm(FlaskForm):
    """Only a button: a link in an e-mail never changes anything by itself (mail scanners open links)."""


class MarkAllReadForm(FlaskForm):
    """Only a button (CSRF)."""


class FollowProposalForm(FlaskForm):
    """Only a button (CSRF)."""
