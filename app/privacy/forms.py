"""Privacy forms: field formats only; the rules live in the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired

ACCEPT_LABEL = _l("I have read the privacy notice and I accept it")
ACCEPT_REQUIRED = _l("To take part you need to accept the privacy notice.")


class ConsentForm(FlaskForm):
    """Accept the current version of the privacy notice."""

    accept_privacy = BooleanField(ACCEPT_LABEL, validators=[DataRequired(message=ACCEPT_REQUIRED)])


class DeleteAccountForm(FlaskForm):
    """Delete my account: the password again and an explicit confirmation."""

    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(message=_l("Enter your password to confirm it is you."))],
    )
    confirm = BooleanField(
        _l("I understand that my account will be deleted and this cannot be undone"),
        validators=[
            DataRequired(message=_l("Tick the box to confirm that you want to delete your account."))
        ],
    )
