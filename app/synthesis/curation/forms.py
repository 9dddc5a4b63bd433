"""Curation forms: field formats only (the rules are in :mod:`.services`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from app.synthesis.curation.services import LABEL_MAX, NOTE_MAX, SPLIT_PARTS


class RenameForm(FlaskForm):
    label = StringField(
        _l("Theme label"),
        validators=[Length(max=LABEL_MAX)],
        description=_l("Leave empty to go back to the engine's label."),
    )


class NoteForm(FlaskForm):
    note = TextAreaField(
        _l("Analysts' note"),
        validators=[Length(max=NOTE_MAX)],
        description=_l("Published with the synthesis."),
    )


class MemberForm(FlaskForm):
    """Pin or unpin a member proposal."""

    proposal_id = HiddenField(validators=[InputRequired()])


class MoveForm(MemberForm):
    target = SelectField(_l("Move to theme"), choices=[], coerce=int, validate_choice=True)


class MergeForm(FlaskForm):
    other = SelectField(_l("Theme to merge into this one"), choices=[], coerce=int, validate_choice=True)


class SplitForm(FlaskForm):
    parts = IntegerField(
        _l("Number of parts"),
        default=2,
        validators=[InputRequired(), NumberRange(min=SPLIT_PARTS[0], max=SPLIT_PARTS[1])],
    )


class ConfirmLabelForm(FlaskForm):
    """Keep a label withheld from the public after reading it (app/synthesis/curation/label_review.py)."""
