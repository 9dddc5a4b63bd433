"""Forms of the meeting pages: the list filters, a meeting, its minutes."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from app.consultations.forms import (
    DATETIME_FORMAT,
    GetForm,
    _choices,
    _optional_int,
    local_to_utc,
    utc_to_local,
)
from app.meetings.labels import MEETING_KINDS
from app.meetings.services import MeetingData


class MeetingFilterForm(GetForm):
    kind = SelectField(_l("Who meets"), choices=[], validators=[Optional()])
    zone = SelectField(_l("Zone"), choices=[], validators=[Optional()])

    def set_choices(self, zones) -> None:
        self.kind.choices = _choices([("", _l("All meetings"))] + list(MEETING_KINDS.items()))
        self.zone.choices = _choices([("", _l("All zones"))] + [(z.slug, z.name) for z in zones])


class MeetingForm(FlaskForm):
    kind = SelectField(_l("Who meets"), choices=[], validators=[InputRequired()])
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    agenda = TextAreaField(
        _l("Agenda"),
        validators=[Optional(), Length(max=20_000)],
        description=_l("The items to discuss, one a line."),
    )
    starts_at = DateTimeLocalField(_l("Starts"), format=DATETIME_FORMAT, validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format=DATETIME_FORMAT, validators=[InputRequired()])
    location = StringField(
        _l("Place"),
        validators=[Optional(), Length(max=300)],
        description=_l("Address and room; leave it empty for a meeting held only online."),
    )
    online_url = StringField(
        _l("Online link"),
        validators=[Optional(), Length(max=500)],
        description=_l("The address to join the meeting remotely, if any."),
    )
    capacity = IntegerField(
        _l("Seats"),
        validators=[Optional(), NumberRange(min=1, max=100_000)],
        description=_l("Leave it empty for no limit. When the seats are taken, people join a waiting list."),
    )
    zone = SelectField(
        _l("Zone"),
        choices=[],
        coerce=_optional_int,
        validate_choice=False,
        validators=[Optional()],
        description=_l("Required for a zone assembly."),
    )
    consultation = SelectField(
        _l("Consultation"), choices=[], coerce=_optional_int, validate_choice=False, validators=[Optional()]
    )

    def set_choices(self, kinds, zones, consultations) -> None:
        self.kind.choices = _choices([(k, MEETING_KINDS[k]) for k in kinds])
        self.zone.choices = _choices([("", _l("No zone"))] + [(z.id, z.name) for z in zones])
        self.consultation.choices = _choices(
            [("", _l("No consultation"))] + [(c.id, c.title) for c in consultations]
        )

    def fill_from(self, meeting) -> None:
        for name in ("kind", "title", "agenda", "location", "online_url", "capacity"):
            getattr(self, name).data = getattr(meeting, name)
        self.starts_at.data = utc_to_local(meeting.starts_at)
        self.ends_at.data = utc_to_local(meeting.ends_at)
        self.zone.data = meeting.zone_id
        self.consultation.data = meeting.consultation_id

    def service_data(self) -> MeetingData:
        return MeetingData(
            kind=self.kind.data,
            title=self.title.data or "",
            agenda=self.agenda.data or "",
            starts_at=local_to_utc(self.starts_at.data),
            ends_at=local_to_utc(self.ends_at.data),
            location=self.location.data or "",
            online_url=self.online_url.data or "",
            capacity=self.capacity.data,
            zone_id=self.zone.data,
            consultation_id=self.consultation.data,
        )


def _proposal_numbers(form, field) -> None:
    if field.data and not re.fullmatch(r"[\d\s,;]*", field.data):
        raise ValidationError(_l("Write the numbers of the proposals, separated by commas."))


class MinutesForm(FlaskForm):
    minutes = TextAreaField(_l("Minutes"), validators=[InputRequired(), Length(max=100_000)])
    proposal_ids = StringField(
        _l("Proposals discussed"),
        validators=[Optional(), Length(max=2000), _proposal_numbers],
        description=_l("The numbers of the proposals discussed (as in their address), separated by commas."),
    )

    def numbers(self) -> list[int]:
        return [int(n) for n in re.findall(r"\d{1,9}", self.proposal_ids.data or "")]
