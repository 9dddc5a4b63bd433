"""Form of the publication page: field formats only; the rules live in publication.py."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from app.synthesis.publication.services import INTRODUCTION_MAX


class PublishForm(FlaskForm):
    introduction = TextAreaField(
        _l("Introduction"),
        validators=[Length(max=INTRODUCTION_MAX)],
        description=_l("Shown at the top of the public synthesis: context, method, how to read it."),
    )


class UnpublishForm(FlaskForm):
    """Only the CSRF token: taking a synthesis back needs no other input."""
