"""Forms of the consultation pages: list filters, proposal filters, create/edit."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from app.consultations.models import DATE_FIELDS
from app.labels import PROPOSAL_SORTS, PROPOSAL_STATES
from app.widgets import LongSelect

# Dates are typed and shown in the plan office's time zone and stored in UTC.
LOCAL_ZONE = ZoneInfo("Europe/Rome")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def local_to_utc(value: datetime | None) -> datetime | None:
    """A naive date-time typed in Milan as an aware UTC datetime."""
    if value is None:
        return None
    return value.replace(tzinfo=LOCAL_ZONE).astimezone(UTC)


def utc_to_local(value: datetime | None) -> datetime | None:
    """An aware UTC datetime as the naive Milan date-time a form field shows."""
    if value is None:
        return None
    return value.astimezone(LOCAL_ZONE).replace(tzinfo=None)


def _choices(pairs) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects, not (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


def _optional_int(value):
    if value in (None, ""):
        return None
    return int(value)


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (rendered as a fieldset by macros/forms.html)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class GetForm(FlaskForm):
    """A filter form read from the query string: no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    def drop_invalid(self) -> list[str]:
        """Validate, clear the fields whose value is not valid and return their labels.

        Filters are never refused: a bad value (an old link, a hand-edited address) is
        ignored, and the page says which one.
        """
        self.validate()
        ignored = []
        for field in self:
            if field.errors:
                ignored.append(str(field.label.text))
                field.data = None
                field.raw_data = []
                field.errors = []
        return ignored


class ConsultationFilterForm(GetForm):
    scope = SelectField(_l("Scope"), choices=[], validators=[Optional()])
    zone = SelectField(_l("Zone"), choices=[], validators=[Optional()])

    def set_choices(self, zones, scope_labels) -> None:
        self.scope.choices = _choices([("", _l("Any scope")), *scope_labels])
        self.zone.choices = _choices([("", _l("Any zone"))] + [(z.slug, z.name) for z in zones])


class ProposalFilterForm(GetForm):
    q = StringField(_l("Search the proposals"), validators=[Optional(), Length(max=200)])
    driver = SelectField(_l("Driver"), choices=[], validators=[Optional()], widget=LongSelect())
    zone = SelectField(_l("Zona omogenea"), choices=[], validators=[Optional()], widget=LongSelect())
    comune = SelectField(_l("Comune"), choices=[], validators=[Optional()], widget=LongSelect())
    actor = SelectField(_l("Type of actor"), choices=[], validators=[Optional()], widget=LongSelect())
    state = SelectField(_l("State"), choices=[], validators=[Optional()], widget=LongSelect())
    sort = SelectField(_l("Order"), choices=[], validators=[Optional()], widget=LongSelect())

    def set_choices(self, drivers, zones, comuni, actor_types, states) -> None:
        self.driver.choices = _choices(
            [("", _l("All Drivers"))] + [(str(d.number), f"{d.code} · {d.name}") for d in drivers]
        )
        self.zone.choices = _choices([("", _l("All zones"))] + [(z.slug, z.name) for z in zones])
        self.comune.choices = _choices([("", _l("All comuni"))] + [(c.istat_code, c.name) for c in comuni])
        self.actor.choices = _choices(
            [("", _l("All types of actor"))] + [(a.code, a.display_name) for a in actor_types]
        )
        self.state.choices = _choices(
            [("", _l("Published"))]
            + [(code, PROPOSAL_STATES[code]) for code in states if code != "published"]
        )
        self.sort.choices = _choices([("", _l("Default order")), *PROPOSAL_SORTS.items()])

    def active_args(self) -> dict[str, str]:
        """The valid, non-empty filters, to keep them in pagination links."""
        return {field.name: field.data for field in self if field.data}


class ConsultationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=20_000)],
        description=_l("What the consultation is about and what kind of proposals it seeks."),
    )
    scope = RadioField(
        _l("Scope"),
        choices=_choices([("metropolitan", _l("Whole metropolitan area")), ("zone", _l("One zone"))]),
        default="metropolitan",
        validators=[InputRequired()],
    )
    # Choices are filled by the route; the service checks the zone exists and is the actor's.
    zone = SelectField(
        _l("Zone"),
        choices=[],
        coerce=_optional_int,
        validate_choice=False,
        validators=[Optional()],
        description=_l("Only for a consultation scoped to one zone."),
    )
    drivers = MultiCheckboxField(
        _l("Drivers covered"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose at least one Driver."))],
    )
    information_starts_at = DateTimeLocalField(
        _l("Information phase starts"), format=DATETIME_FORMAT, validators=[InputRequired()]
    )
    collection_starts_at = DateTimeLocalField(
        _l("Collection of proposals starts"), format=DATETIME_FORMAT, validators=[InputRequired()]
    )
    discussion_starts_at = DateTimeLocalField(
        _l("Discussion starts"), format=DATETIME_FORMAT, validators=[InputRequired()]
    )
    synthesis_starts_at = DateTimeLocalField(
        _l("Synthesis starts"), format=DATETIME_FORMAT, validators=[InputRequired()]
    )
    answers_starts_at = DateTimeLocalField(
        _l("Answers (restituzione) start"), format=DATETIME_FORMAT, validators=[InputRequired()]
    )
    closes_at = DateTimeLocalField(
        _l("Consultation closes"), format=DATETIME_FORMAT, validators=[InputRequired()]
    )
    is_premoderated = BooleanField(
        _l("Pre-moderation: proposals are published only after a moderator's check"), default=True
    )
    requires_verified_identity = BooleanField(
        _l("Only verified identities (SPID or CIE) may submit proposals and support them"),
        default=False,
        description=_l("Needs the SPID/CIE sign-in to be configured; others can still read and comment."),
    )

    DATE_FIELDS = DATE_FIELDS

    def set_choices(self, zones, drivers) -> None:
        self.zone.choices = _choices([("", _l("Choose a zone"))] + [(z.id, z.name) for z in zones])
        self.drivers.choices = _choices([(d.id, f"{d.code} · {d.name}") for d in drivers])

    def fill_from(self, consultation) -> None:
        """Show a saved consultation (dates in Milan time)."""
        self.title.data = consultation.title
        self.description.data = consultation.description
        self.scope.data = consultation.scope
        self.zone.data = consultation.zone_id
        self.drivers.data = [d.id for d in consultation.drivers]
        self.is_premoderated.data = consultation.is_premoderated
        self.requires_verified_identity.data = consultation.requires_verified_identity
        for name in self.DATE_FIELDS:
            getattr(self, name).data = utc_to_local(getattr(consultation, name))

    def service_data(self) -> dict:
        """The keyword arguments of the create/edit services."""
        return {
            "title": self.title.data or "",
            "description": self.description.data or "",
            "scope": self.scope.data,
            "zone_id": self.zone.data if self.scope.data == "zone" else None,
            "driver_ids": list(self.drivers.data or []),
            "dates": {name: local_to_utc(getattr(self, name).data) for name in self.DATE_FIELDS},
            "is_premoderated": bool(self.is_premoderated.data),
            "requires_verified_identity": bool(self.requires_verified_identity.data),
        }
