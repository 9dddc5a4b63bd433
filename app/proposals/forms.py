"""Forms of the proposal pages: field formats only; the rules live in services."""

from __future__ import annotations

import re
import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app import labels
from app.inputs import parse_int
from app.proposals.assist import AssistText
from app.proposals.community import COMMENT_MAX, FLAG_DETAILS_MAX
from app.proposals.services import (
    SUMMARY_MAX,
    TEXT_MAX,
    TITLE_MAX,
    TITLE_MIN,
    ProposalInput,
    allowed_scopes,
    entity_value,
)
from app.spam import HoneypotForm


def optional_int(value):
    """Coerce a select value: "" means nothing chosen."""
    if value in (None, ""):
        return None
    return int(value)


class NeededToSubmit:
    """Marks a field as required (label and ``required`` attribute) without checking it:
    a draft may leave it empty, and the service checks it when the proposal is submitted."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        return None


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (the forms macro renders it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def new_token() -> str:
    return uuid.uuid4().hex


_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def token_or_empty(value):
    """A submission token as the page made it, or "" (a forged one is never stored)."""
    return value if isinstance(value, str) and _TOKEN.fullmatch(value) else ""


_LONG_TEXT_HINT = _l("At most %(n)d characters.", n=TEXT_MAX)


class ProposalForm(HoneypotForm):
    title = StringField(
        _l("Title"),
        validators=[NeededToSubmit(), Length(max=TITLE_MAX)],
        description=_l("Between %(min)d and %(max)d characters.", min=TITLE_MIN, max=TITLE_MAX),
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[NeededToSubmit(), Length(max=SUMMARY_MAX)],
        description=_l("What you propose, in a few lines (at most 1000 characters)."),
    )
    # The limits are in the hints (tied to the field): the counters under the fields need JavaScript.
    need = TextAreaField(
        _l("Need or problem it answers"), validators=[Length(max=TEXT_MAX)], description=_LONG_TEXT_HINT
    )
    action = TextAreaField(
        _l("Proposed action"),
        validators=[NeededToSubmit(), Length(max=TEXT_MAX)],
        description=_LONG_TEXT_HINT,
    )
    expected_results = TextAreaField(
        _l("Expected results"), validators=[Length(max=TEXT_MAX)], description=_LONG_TEXT_HINT
    )
    actors_involved = TextAreaField(
        _l("Actors who should be involved"), validators=[Length(max=TEXT_MAX)], description=_LONG_TEXT_HINT
    )
    driver_id = SelectField(
        _l("Driver"), validators=[NeededToSubmit()], coerce=optional_int, validate_choice=False
    )
    missions = MultiCheckboxField(_l("PNRR missions (optional)"), coerce=int)
    keywords = MultiCheckboxField(_l("Keywords of the development vision (optional)"), coerce=int)
    scope = RadioField(_l("Territorial scope"), validators=[NeededToSubmit()])
    zone_id = SelectField(
        _l("Zone"),
        coerce=optional_int,
        validate_choice=False,
        description=_l("Only if the scope is one zone."),
    )
    # Checkboxes, not a <select multiple> (Ctrl/Cmd to pick 133 comuni is unusable on a
    # phone); proposals/_comuni_picker.html adds a filter box over them with JavaScript.
    comuni = MultiCheckboxField(
        _l("Comuni"),
        coerce=int,
        description=_l("Only if the scope is one or more comuni: tick each comune concerned."),
    )
    on_behalf = RadioField(_l("Submit as"), validators=[Optional()], default="")
    submission_token = HiddenField(filters=[token_or_empty])

    def set_choices(self, consultation, drivers, missions, keywords, zones, comuni, entities) -> None:
        """Fill the lists from the consultation and the author's verified entities."""
        self.driver_id.choices = [("", _l("Choose a Driver"))] + [
            (d.id, f"{d.code} · {d.name}") for d in drivers
        ]
        self.missions.choices = [(m.id, f"{m.code} · {m.name}") for m in missions]
        self.keywords.choices = [(k.id, k.name) for k in keywords]
        self.scope.choices = [
            (code, labels.label(labels.SCOPES, code)) for code in allowed_scopes(consultation)
        ]
        if consultation.scope == "zone" and consultation.zone is not None:
            self.zone_id.choices = [(consultation.zone.id, consultation.zone.name)]
        else:
            self.zone_id.choices = [("", _l("Choose a zone"))] + [(z.id, z.name) for z in zones]
        self.comuni.choices = [(c.id, c.name) for c in comuni]
        set_entity_choices(self.on_behalf, entities)
        if not self.scope.data:
            self.scope.data = allowed_scopes(consultation)[0]
        if not self.submission_token.data:
            self.submission_token.data = new_token()

    def fill_from(self, proposal) -> None:
        """Pre-fill the edit form with the stored proposal."""
        for name in ("title", "summary", "need", "action", "expected_results", "actors_involved"):
            getattr(self, name).data = getattr(proposal, name)
        self.driver_id.data = proposal.driver_id
        self.missions.data = [m.id for m in proposal.missions]
        self.keywords.data = [k.id for k in proposal.keywords]
        self.scope.data = proposal.scope
        self.zone_id.data = proposal.zone_id
        self.comuni.data = [c.id for c in proposal.comuni]

    def assist_text(self) -> AssistText:
        """What the "Check Driver and similar proposals" button (intent=assist) looks at."""
        return AssistText(
            title=self.title.data or "",
            summary=self.summary.data or "",
            need=self.need.data or "",
            action=self.action.data or "",
        )

    def to_input(self) -> ProposalInput:
        return ProposalInput(
            title=self.title.data or "",
            summary=self.summary.data or "",
            need=self.need.data or "",
            action=self.action.data or "",
            expected_results=self.expected_results.data or "",
            actors_involved=self.actors_involved.data or "",
            driver_id=self.driver_id.data,
            missions=list(self.missions.data or []),
            keywords=list(self.keywords.data or []),
            scope=self.scope.data or "",
            zone_id=self.zone_id.data,
            comuni=list(self.comuni.data or []),
            on_behalf=self.on_behalf.data or "",
            submission_token=self.submission_token.data or "",
        )


def set_entity_choices(field, entities) -> None:
    field.choices = [("", _l("In my own name"))] + [
        (entity_value(r), _l("On behalf of %(entity)s", entity=r.entity_name)) for r in entities
    ]


class CommentForm(HoneypotForm):
    body = TextAreaField(_l("Your comment"), validators=[Length(max=COMMENT_MAX)])
    parent_id = HiddenField()
    on_behalf = RadioField(_l("Comment as"), validators=[Optional()], default="")
    submission_token = HiddenField(filters=[token_or_empty])

    def prepare(self, entities) -> None:
        set_entity_choices(self.on_behalf, entities)
        if not self.submission_token.data:
            self.submission_token.data = new_token()

    def parent(self) -> int | None:
        return parse_int((self.parent_id.data or "").strip())


class SupportForm(FlaskForm):
    # Its own id: the comment form on the same page has an ``on_behalf`` field too.
    on_behalf = RadioField(_l("Support as"), validators=[Optional()], default="", id="support-on-behalf")


class FlagForm(HoneypotForm):
    reason = RadioField(
        _l("Reason"),
        choices=[SelectChoice(value=code, label=text) for code, text in labels.FLAG_REASONS.items()],
        validate_choice=False,
    )
    details = TextAreaField(
        _l("Details (optional)"),
        validators=[Length(max=FLAG_DETAILS_MAX)],
        description=_l("What is wrong? Moderators read this; do not include personal data."),
    )


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Why are you withdrawing it? (optional)"), validators=[Length(max=TEXT_MAX)])
