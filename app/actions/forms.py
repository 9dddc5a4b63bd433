"""Forms of the actions: field formats only; choices are filled in by the routes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.accounts.forms import choices
from app.actions.admin_services import MAX_TEXT_LENGTH
from app.actions.labels import ACTION_KINDS, ACTION_STATUSES
from app.actions.services import FIRST_DUP_YEAR, LAST_DUP_YEAR, MAX_NOTE_LENGTH, MAX_UPDATE_LENGTH
from app.inputs import MAX_ID

_REQUIRED = _l("This field is required.")


class ProposalLinkForm(FlaskForm):
    proposal_id = IntegerField(
        _l("Number of the proposal"),
        validators=[
            InputRequired(message=_l("Give the number of a published proposal.")),
            NumberRange(1, MAX_ID),
        ],
        description=_l("The number shown on the proposal's page, e.g. 42 for #42."),
    )
    link_note = TextAreaField(
        _l("Note (optional)"),
        validators=[Length(max=MAX_NOTE_LENGTH)],
        description=_l("How the proposal fed into the action: the public reads it."),
        render_kw={"rows": 3},
    )


class ThemeLinkForm(FlaskForm):
    """On a theme of the analysts' workspace: the theme flowed into an action."""

    action_id = SelectField(
        _l("Action of the plan"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose an action of the plan."))],
        validate_choice=True,
    )
    link_note = TextAreaField(
        _l("Note (optional)"),
        validators=[Length(max=MAX_NOTE_LENGTH)],
        description=_l("How the theme fed into the action: the public reads it."),
        render_kw={"rows": 3},
    )


class UpdateForm(FlaskForm):
    happened_on = DateField(
        _l("Date"), validators=[InputRequired(message=_l("Give the date of the update."))]
    )
    status = RadioField(
        _l("Status after this update"),
        choices=choices(list(ACTION_STATUSES.items())),
        validators=[InputRequired(message=_l("Choose the status of the action."))],
        validate_choice=True,
    )
    progress = IntegerField(
        _l("Progress (%)"),
        validators=[
            InputRequired(message=_l("Give the progress as a whole number from 0 to 100.")),
            NumberRange(0, 100, message=_l("Give the progress as a whole number from 0 to 100.")),
        ],
    )
    dup_year = IntegerField(
        _l("DUP year"),
        validators=[
            InputRequired(message=_l("Give the year of the Documento Unico di Programmazione.")),
            NumberRange(FIRST_DUP_YEAR, LAST_DUP_YEAR),
        ],
        description=_l("The year of the Documento Unico di Programmazione that reports this step."),
    )
    body = TextAreaField(
        _l("What happened"),
        validators=[DataRequired(message=_l("Say what happened.")), Length(max=MAX_UPDATE_LENGTH)],
        description=_l("Plain words: the authors of the linked proposals will read it."),
        render_kw={"rows": 6},
    )
    # Optional: checked by app.documents like every other upload (types, size, hostile files).
    file = FileField(_l("Document (optional)"))


class ActionForm(FlaskForm):
    code = StringField(
        _l("Code in the plan"),
        validators=[DataRequired(message=_REQUIRED), Length(max=20)],
        description=_l("e.g. PO-3.1 for project 1 of policy area 3, INT-2 for an agreement."),
    )
    kind = RadioField(
        _l("Kind"),
        choices=choices(list(ACTION_KINDS.items())),
        validators=[InputRequired(message=_l("Choose the kind of action."))],
        validate_choice=True,
    )
    title = StringField(_l("Title"), validators=[DataRequired(message=_REQUIRED), Length(max=200)])
    policy_area = StringField(_l("Policy area"), validators=[Optional(), Length(max=120)])
    description = TextAreaField(
        _l("Description"), validators=[Length(max=MAX_TEXT_LENGTH)], render_kw={"rows": 6}
    )
    objectives = TextAreaField(
        _l("Objectives"), validators=[Length(max=MAX_TEXT_LENGTH)], render_kw={"rows": 4}
    )
    recipients = TextAreaField(
        _l("Recipients"), validators=[Length(max=MAX_TEXT_LENGTH)], render_kw={"rows": 2}
    )
    partners = TextAreaField(_l("Partners"), validators=[Length(max=MAX_TEXT_LENGTH)], render_kw={"rows": 2})
    resources = TextAreaField(
        _l("Resources"), validators=[Length(max=MAX_TEXT_LENGTH)], render_kw={"rows": 2}
    )
    office = StringField(_l("Office in charge"), validators=[Optional(), Length(max=200)])
