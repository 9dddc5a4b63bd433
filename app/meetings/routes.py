"""Meeting pages: the calendar, one meeting (register, .ics, minutes) and their organisation.

HTTP in and out only: forms are read here, rules run in :mod:`app.meetings.services` and
:mod:`app.meetings.registrations`, and each request commits once.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import policy
from app.consultations.queries import get_consultation_by_slug_or_404, list_consultations
from app.documents.queries import list_attachments
from app.errors import INVALID, NotFound, refused
from app.extensions import db
from app.meetings import calendars, queries, registrations, services
from app.meetings.forms import MeetingFilterForm, MeetingForm, MinutesForm
from app.meetings.labels import MEETING_KINDS as MEETING_KIND_LABELS
from app.meetings.labels import REGISTRATION_STATES as REGISTRATION_STATE_LABELS
from app.meetings.models import MEETING_KINDS
from app.pagination import page_number
from app.reference.snapshot import reference_data

bp = Blueprint("meetings", __name__, url_prefix="/incontri")
ICS_MIMETYPE = "text/calendar; charset=utf-8"


@bp.get("/")
def index():
    zones = reference_data().zones  # kept per process: no query
    form = MeetingFilterForm(formdata=request.args)
    form.set_choices(zones)
    ignored = form.drop_invalid()
    zone_id = {z.slug: z.id for z in zones}.get(form.zone.data or "")
    upcoming = queries.list_upcoming(kind=form.kind.data or None, zone_id=zone_id)
    past = queries.page_of_past(
        kind=form.kind.data or None, zone_id=zone_id, page=page_number(request.args.get("page"))
    )
    return render_template(
        "meetings/index.html",
        form=form,
        ignored=ignored,
        upcoming=upcoming,
        past=past,
        seats=queries.seat_counts(m.id for m in upcoming),
        pager_args={k: v for k, v in (("kind", form.kind.data), ("zone", form.zone.data)) if v},
        zone=next((z for z in zones if z.id == zone_id), None),
    )


@bp.get("/<int:meeting_id>")
def detail(meeting_id: int):
    meeting = queries.get_meeting_or_404(meeting_id)
    registration = queries.get_registration(current_user, meeting)
    position = (
        queries.waiting_position(registration) if registration and registration.status == "waiting" else None
    )
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        seats=queries.seat_counts([meeting.id])[meeting.id],
        registration=registration,
        waiting_position=position,
        attachments=list_attachments("meeting", meeting.id),
    )


@bp.get("/<int:meeting_id>/calendario.ics")
def ics(meeting_id: int):
    meeting = queries.get_meeting_or_404(meeting_id)
    return _calendar([meeting], meeting.title, f"incontro-{meeting.id}.ics")


@bp.get("/calendario.ics")
def feed():
    return _calendar(queries.list_for_feed(), _("Meetings of the Forum metropolitano"), "incontri.ics")


@bp.get("/consultazione/<slug>/calendario.ics")
def consultation_feed(slug: str):
    consultation = get_consultation_by_slug_or_404(slug)
    meetings = queries.list_for_feed(consultation_id=consultation.id)
    return _calendar(meetings, consultation.title, f"incontri-{consultation.slug}.ics")


@bp.get("/zona/<slug>/calendario.ics")
def zone_feed(slug: str):
    zone = next((z for z in reference_data().zones if z.slug == slug), None)
    if zone is None:
        raise NotFound()
    meetings = queries.list_for_feed(zone_id=zone.id)
    return _calendar(meetings, _("Meetings: %(zone)s", zone=zone.name), f"incontri-{zone.slug}.ics")


def _calendar(meetings, name: str, filename: str) -> Response:
    body = calendars.calendar_for(
        meetings,
        name=name,
        public_url=current_app.config.get("PUBLIC_URL") or request.host_url,
        link_for=lambda m: url_for("meetings.detail", meeting_id=m.id, _external=True),
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = ICS_MIMETYPE
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.post("/<int:meeting_id>/iscrizione")
@login_required
def register(meeting_id: int):
    meeting = queries.get_meeting_or_404(meeting_id)
    registration = registrations.register(current_user, meeting)
    db.session.commit()
    if registration.status == "confirmed":
        flash(_("You are registered: your seat is kept."), "success")
    else:
        flash(
            _("The meeting is full: you are on the waiting list. We will write to you if a seat frees up."),
            "info",
        )
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))


@bp.post("/<int:meeting_id>/ritiro")
@login_required
def withdraw(meeting_id: int):
    meeting = queries.get_meeting_or_404(meeting_id)
    registrations.withdraw(current_user, meeting)
    db.session.commit()
    flash(_("Your registration has been withdrawn."), "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))


@bp.route("/nuovo", methods=["GET", "POST"])
@login_required
def create():
    policy.require(current_user, "meeting.manage")
    form = _meeting_form()

    def announce():
        return services.create_meeting(current_user, form.service_data())

    done, general = _save_on_submit(form, announce, _("The meeting has been announced."))
    return done or _form_page("meetings/form.html", form, general, meeting=None)


@bp.route("/<int:meeting_id>/modifica", methods=["GET", "POST"])
@login_required
def edit(meeting_id: int):
    meeting = queries.get_meeting_or_404(meeting_id)
    policy.require(current_user, "meeting.manage", meeting)
    form = _meeting_form()
    if request.method == "GET":
        form.fill_from(meeting)

    def save():
        return services.edit_meeting(current_user, meeting, form.service_data())

    done, general = _save_on_submit(form, save, _("The meeting has been saved."))
    return done or _form_page("meetings/form.html", form, general, meeting=meeting)


def _save_on_submit(form, save, message: str, anchor: str = "") -> tuple[Response | None, list[str]]:
    """On a valid POST, ``save()`` (which returns the meeting), commit, say ``message`` and go to
    the meeting's page; otherwise ``(None, general errors)`` for the form to show again."""
    if not form.validate_on_submit():
        return None, []
    with refused(form) as refusal:
        meeting = save()
    if refusal:
        return None, refusal.general
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id) + anchor), []


def _form_page(template: str, form, general: list[str], **context):
    """The organiser's form again: 422 when something was refused, nothing saved."""
    status = INVALID if form.errors or general else 200
    return render_template(template, form=form, general=general, **context), status


@bp.post("/<int:meeting_id>/annulla")
@login_required
def cancel(meeting_id: int):
    meeting = queries.get_meeting_or_404(meeting_id)
    services.cancel_meeting(current_user, meeting)
    db.session.commit()
    flash(_("The meeting has been cancelled."), "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/verbale", methods=["GET", "POST"])
@login_required
def minutes(meeting_id: int):
    meeting = queries.get_meeting_or_404(meeting_id)
    policy.require(current_user, "meeting.manage", meeting)
    form = MinutesForm()
    if request.method == "GET":
        form.minutes.data = meeting.minutes
        form.proposal_ids.data = ", ".join(str(p.id) for p in meeting.discussed_proposals)

    def publish():
        minutes_text, discussed = form.minutes.data, form.numbers()
        return services.publish_minutes(current_user, meeting, minutes=minutes_text, proposal_ids=discussed)

    done, general = _save_on_submit(form, publish, _("The minutes have been published."), anchor="#verbale")
    return done or _form_page("meetings/minutes_form.html", form, general, meeting=meeting)


@bp.get("/<int:meeting_id>/iscritti")
@login_required
def registrations_list(meeting_id: int):
    meeting = queries.get_meeting_or_404(meeting_id)
    policy.require(current_user, "meeting.manage", meeting)
    return render_template(
        "meetings/registrations.html", meeting=meeting, registrations=queries.list_registrations(meeting)
    )


def _meeting_form() -> MeetingForm:
    form = MeetingForm()
    zones = reference_data().zones
    if policy.can(current_user, "meeting.manage", ("forum", None)):  # analysts and admins: every kind
        kinds = MEETING_KINDS
    else:
        own = current_user.coordinated_zone_ids()
        kinds = ("zone_assembly",)
        zones = [z for z in zones if z.id in own]
    form.set_choices(kinds, zones, list_consultations())
    return form


@bp.app_context_processor
def _meeting_labels() -> dict:
    return {"meeting_kinds": MEETING_KIND_LABELS, "registration_states": REGISTRATION_STATE_LABELS}
