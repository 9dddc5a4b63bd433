"""Forms of SPID/CIE sign-in: field formats only; the rules live in app.identity.services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional

_REQUIRED = _l("This field is required.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class LinkPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Password of the account"), validators=[DataRequired(message=_REQUIRED), Length(max=200)]
    )


class NewAccountForm(FlaskForm):
    display_name = StringField(
        _l("Public name"),
        validators=[DataRequired(message=_REQUIRED), Length(max=80)],
        description=_l(
            "Shown next to what you write. We suggest your first name and initial; you may use a nickname: "
            "your full name and fiscal number are never shown."
        ),
    )
    # Asked only when the identity service sent no e-mail address (SPID may not).
    email = EmailField(
        _l("E-mail address"),
        validators=[Optional(), Length(max=254)],
        filters=[_strip],
        description=_l("We will send you a link to confirm it, for the notifications you choose."),
    )
    accept_privacy = BooleanField(
        _l("I have read the privacy notice and I accept it"),
        validators=[DataRequired(message=_l("To take part you need to accept the privacy notice."))],
    )
