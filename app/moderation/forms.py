"""Moderation forms: field formats only (required reasons are a rule: see services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from app.inputs import MAX_ID
from app.moderation.services import REASON_MAX


class DecisionForm(FlaskForm):
    """Publish or restore: only the state the moderator saw (for compare-and-set)."""

    expected_state = HiddenField()


class ReasonForm(DecisionForm):
    """Reject or hide: a reason the author will read."""

    reason = TextAreaField(
        _l("Reason"),
        validators=[Length(max=REASON_MAX)],
        description=_l("The author will read it."),
    )


class ChangesForm(DecisionForm):
    """Request changes: a message telling the author what to change."""

    message = TextAreaField(
        _l("What should the author change?"),
        validators=[Length(max=REASON_MAX)],
        description=_l("The author will read it and can resubmit the proposal."),
    )


class DuplicateForm(DecisionForm):
    """Mark as a duplicate of a published proposal of the same consultation."""

    original_id = IntegerField(
        _l("Number of the original proposal"),
        validators=[Optional(), NumberRange(min=1, max=MAX_ID)],
        description=_l("A published proposal of the same consultation, e.g. 42 for #42."),
    )


class CommentHideForm(DecisionForm):
    reason = TextAreaField(_l("Reason for hiding"), validators=[Length(max=REASON_MAX)])


class FlagUpholdForm(FlaskForm):
    # Not "note": both flag forms share one page, and field ids must be unique.
    uphold_note = TextAreaField(
        _l("Note (optional)"),
        validators=[Length(max=REASON_MAX)],
        description=_l("Used as the reason for hiding; if empty, the reason of the report is used."),
    )


class FlagDismissForm(FlaskForm):
    note = TextAreaField(_l("Why are the reports dismissed?"), validators=[Length(max=REASON_MAX)])
