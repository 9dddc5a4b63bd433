"""The form that starts a theme run: field formats only (the rules are in :mod:`.services`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional


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
