"""Administration forms: field formats only; choices are filled in by the routes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.accounts.forms import choices
from app.accounts.models import ROLES
from app.labels import ROLES as ROLE_LABELS

_REQUIRED = _l("This field is required.")
# More than any comune (Milano has 1.4 million people), less than the integer column holds.
MAX_POPULATION = 10_000_000


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a many-to-many choice (rendered by macros/forms.html as a fieldset)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class GrantRoleForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        choices=choices((role, ROLE_LABELS[role]) for role in ROLES),
        validators=[DataRequired(message=_REQUIRED)],
    )
    zone = SelectField(
        _l("Zone (for zone coordinators)"),
        coerce=int,
        validators=[Optional()],
    )


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=choices([("verified", _l("Verify")), ("refused", _l("Refuse"))]),
        validators=[DataRequired(message=_l("Choose verify or refuse."))],
    )
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Required to refuse; the requester sees it."),
    )


class RevokeForm(FlaskForm):
    note = TextAreaField(
        _l("Reason for revoking"),
        validators=[DataRequired(message=_REQUIRED), Length(max=2000)],
    )


class DriverForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(message=_REQUIRED), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    missions = MultiCheckboxField(_l("PNRR missions"), coerce=int)


class NameForm(FlaskForm):
    """Missions, components, vision keywords and zones: only the name is editable."""

    name = StringField(_l("Name"), validators=[DataRequired(message=_REQUIRED), Length(max=200)])


class ComuneForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(message=_REQUIRED), Length(max=120)])
    zone = SelectField(_l("Zone"), coerce=int, validators=[Optional()])
    population = IntegerField(
        _l("Population"),
        validators=[
            Optional(),
            NumberRange(min=0, max=MAX_POPULATION, message=_l("Write a number from %(min)s to %(max)s.")),
        ],
    )


class ActorTypeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(message=_REQUIRED), Length(max=120)])
    position = IntegerField(
        _l("Position in lists"),
        validators=[InputRequired(message=_REQUIRED), NumberRange(min=0, max=999)],
    )


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(message=_REQUIRED), Length(max=200)])
    actor_type = SelectField(_l("Kind of organisation"), coerce=int, validators=[Optional()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    website = URLField(_l("Website"), validators=[Optional(), Length(max=300)])
    zone = SelectField(_l("Zone"), coerce=int, validators=[Optional()])
