"""Account forms: field formats only; the rules live in the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from app.spam import HoneypotForm

_REQUIRED = _l("This field is required.")
_EMAIL = [
    DataRequired(message=_l("Enter your e-mail address.")),
    Email(message=_l("Enter a valid e-mail address, like name@example.org.")),
    Length(max=254),
]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def choices(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


LANGUAGE_CHOICES = [("", _l("Automatic")), ("it", "Italiano"), ("en", "English")]


class RegisterForm(HoneypotForm):
    email = EmailField(_l("E-mail address"), validators=_EMAIL, filters=[_strip])
    display_name = StringField(
        _l("Public name"),
        validators=[DataRequired(message=_REQUIRED), Length(max=80)],
        description=_l("Shown next to what you write. You may use a nickname."),
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_REQUIRED), Length(max=200)],
        description=_l(
            "At least 10 characters and hard to guess: for example three or four unrelated words "
            "joined by dashes. Not your name or e-mail address, not the name of this site or of the city."
        ),
    )
    password_confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(message=_REQUIRED),
            EqualTo("password", message=_l("The two passwords are different.")),
        ],
    )
    accept_privacy = BooleanField(
        _l("I have read the privacy notice and I accept it"),
        validators=[DataRequired(message=_l("To take part you need to accept the privacy notice."))],
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=_EMAIL, filters=[_strip])
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_REQUIRED)])
    remember = BooleanField(_l("Keep me logged in on this device"))


class EmailForm(FlaskForm):
    """Resend the confirmation link, or ask for a password reset."""

    email = EmailField(_l("E-mail address"), validators=_EMAIL, filters=[_strip])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(message=_REQUIRED), Length(max=200)],
        description=_l(
            "At least 10 characters and hard to guess: for example three or four unrelated words "
            "joined by dashes. Not your name or e-mail address, not the name of this site or of the city."
        ),
    )
    password_confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(message=_REQUIRED),
            EqualTo("password", message=_l("The two passwords are different.")),
        ],
    )


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(message=_REQUIRED)])


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Public name"),
        validators=[DataRequired(message=_REQUIRED), Length(max=80)],
        description=_l("Shown next to what you write. You may use a nickname."),
    )
    locale = SelectField(_l("Preferred language"), choices=choices(LANGUAGE_CHOICES), validate_choice=True)


class RepresentationForm(FlaskForm):
    """Ask to represent an organisation (existing or new) or a comune.

    Choices are filled in by the route from the database.
    """

    kind = RadioField(
        _l("I represent"),
        choices=choices([("organisation", _l("An organisation")), ("comune", _l("A comune"))]),
        validators=[DataRequired(message=_l("Choose an organisation or a comune."))],
    )
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[Optional()])
    organisation_name = StringField(
        _l("…or the name of an organisation not in the list"),
        validators=[Optional(), Length(max=200)],
    )
    actor_type = SelectField(_l("Kind of the new organisation"), coerce=int, validators=[Optional()])
    comune = SelectField(_l("Comune"), coerce=int, validators=[Optional()])
    role_title = StringField(
        _l("Your role"),
        validators=[DataRequired(message=_REQUIRED), Length(max=120)],
        description=_l("For example: president, mayor, councillor for the environment."),
    )
    message = TextAreaField(
        _l("Message for the verification"),
        validators=[Optional(), Length(max=2000)],
        description=_l("How can we check that you speak for it? (e.g. an official e-mail or phone)"),
    )
