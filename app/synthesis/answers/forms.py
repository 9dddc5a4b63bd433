"""Forms of the official answers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from app import labels
from app.accounts.forms import choices
from app.proposals.models import ANSWER_KINDS
from app.synthesis.answers.services import MAX_ANSWER_LENGTH


class AnswerForm(FlaskForm):
    kind = RadioField(
        _l("Answer"),
        choices=choices([(code, labels.ANSWER_KINDS[code]) for code in ANSWER_KINDS]),
        validators=[DataRequired(message=_l("Choose the kind of answer."))],
        validate_choice=True,
    )
    text = TextAreaField(
        _l("Text of the answer"),
        validators=[
            DataRequired(message=_l("Write the text of the answer.")),
            Length(max=MAX_ANSWER_LENGTH),
        ],
        description=_l("Explain the decision in plain words: the author and the supporters will read it."),
        render_kw={"rows": 8},
    )


class ThemeAnswerForm(AnswerForm):
    keep_existing = BooleanField(
        _l("Leave unchanged the proposals that already have an answer"), default=True
    )
