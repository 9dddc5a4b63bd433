"""Workspace forms: field formats only (the rules are in runs.py and curation.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.synthesis.curation.services import LABEL_MAX, NOTE_MAX, SPLIT_PARTS


class RunForm(FlaskForm):
    driver = SelectField(
        _l("Proposals to analyse"),
        choices=[],
        validate_choice=True,
        description=_l("All the consultation's published proposals, or those of one Driver."),
    )
    k = IntegerField(
        _l("Number of themes"),
        validators=[Optional(), NumberRange(min=2, max=40)],
        description=_l("Leave empty to let the engine choose (or keep the current number on a re-run)."),
    )
    seed = IntegerField(
        _l("Seed"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=2**31 - 1)],
        description=_l("The same proposals and seed give the same themes."),
    )
    stop_words = TextAreaField(
        _l("Words that carry no theme in this consultation"),
        validators=[Optional(), Length(max=3000)],
        description=_l(
            "Separated by commas: words or two-word phrases every proposal uses whatever it is about "
            "(the engine lists the ones it found under the run). They are never features nor labels."
        ),
    )
    seed_themes = TextAreaField(
        _l("Guided themes (optional)"),
        validators=[Optional(), Length(max=3000)],
        description=_l(
            "One a line: a name, a colon, then words separated by commas, e.g. “Piste ciclabili: "
            "pista ciclabile, bici, ciclovia”. Proposals that match none still form their own themes."
        ),
    )


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
