"""Consultation pages: the list, one consultation with its proposals, and their management."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import labels, policy
from app.consultations import queries, services
from app.consultations.forms import ConsultationFilterForm, ConsultationForm, ProposalFilterForm
from app.documents.queries import list_attachments
from app.errors import refused
from app.extensions import db
from app.meetings.queries import list_upcoming
from app.pagination import page_number
from app.proposals.models import PROPOSAL_STATES, PUBLIC_STATES
from app.proposals.search import ProposalSearch, search_proposals, search_words
from app.reference.queries import list_drivers, list_zones
from app.reference.snapshot import reference_data
from app.synthesis.answers.queries import count_answered_proposals
from app.synthesis.readings.queries import list_published_synthesis_summaries, published_synthesis_scopes

bp = Blueprint("consultations", __name__, url_prefix="/consultazioni")


@bp.get("/")
def index():
    zones = reference_data().zones  # kept per process: no query
    form = ConsultationFilterForm(formdata=request.args)
    form.set_choices(zones, [(code, labels.SCOPES[code]) for code in ("metropolitan", "zone")])
    ignored = form.drop_invalid()
    zone_ids = {z.slug: z.id for z in zones}
    consultations = queries.list_consultations(
        scope=form.scope.data or None, zone_id=zone_ids.get(form.zone.data or "")
    )
    return render_template(
        "consultations/index.html",
        consultations=consultations,
        form=form,
        ignored=ignored,
        synthesis_scopes=published_synthesis_scopes([c.id for c in consultations]),
    )


@bp.get("/<slug>")
def detail(slug):
    consultation = queries.get_consultation_by_slug_or_404(slug)
    reference = reference_data()  # kept per process: no query
    zones, comuni, actor_types = reference.zones, reference.comuni, reference.actor_types
    if consultation.scope == "zone" and consultation.zone_id is not None:
        # A zone's consultation only has proposals from its own zone: offer nothing else.
        zones = [z for z in zones if z.id == consultation.zone_id]
        comuni = reference.comuni_of_zone(consultation.zone_id)
    # The public sees published proposals only; moderators may list the other states.
    states = PROPOSAL_STATES if policy.can(current_user, "moderation.view", consultation) else PUBLIC_STATES
    form = ProposalFilterForm(formdata=request.args)
    form.set_choices(consultation.drivers, zones, comuni, actor_types, states)
    ignored = form.drop_invalid()
    criteria = ProposalSearch(
        consultation_id=consultation.id,
        driver_id={str(d.number): d.id for d in consultation.drivers}.get(form.driver.data or ""),
        zone_id={z.slug: z.id for z in zones}.get(form.zone.data or ""),
        comune_id={c.istat_code: c.id for c in comuni}.get(form.comune.data or ""),
        actor_type_id={a.code: a.id for a in actor_types}.get(form.actor.data or ""),
        states=(form.state.data,) if form.state.data else PUBLIC_STATES,
        text=form.q.data or "",
        sort=form.sort.data or None,
        page=page_number(request.args.get("page")),
        per_page=current_app.config["PAGE_SIZE"],
    )
    page = search_proposals(criteria)
    return render_template(
        "consultations/detail.html",
        consultation=consultation,
        form=form,
        ignored=ignored,
        no_search_words=bool((form.q.data or "").strip()) and not search_words(form.q.data),
        page=page,
        pager_args={"slug": consultation.slug, **form.active_args()},
        is_filtered=bool(form.active_args()),
        is_following=queries.is_following(current_user, consultation),
        answered_count=count_answered_proposals(consultation.id),
        syntheses=list_published_synthesis_summaries(consultation.id),
        attachments=list_attachments("consultation", consultation.id),
        meetings=list_upcoming(consultation_id=consultation.id),
    )


@bp.route("/nuova", methods=["GET", "POST"])
@login_required
def create():
    policy.require(current_user, "consultation.create")
    zones = _open_zones()
    form = ConsultationForm()
    form.set_choices(zones, list_drivers())
    if request.method == "GET" and not policy.can(current_user, "admin.access") and zones:
        # A coordinator opens consultations for their zone: start from it (issue 15).
        form.scope.data, form.zone.data = "zone", zones[0].id
    general: list[str] = []
    if form.validate_on_submit():
        with refused(form) as refusal:
            consultation = services.create_consultation(current_user, **form.service_data())
        general = refusal.general
        if not refusal:
            db.session.commit()
            flash(_("The consultation has been created."), "success")
            return redirect(url_for("consultations.detail", slug=consultation.slug))
    status = 422 if form.errors or general else 200
    return render_template("consultations/form.html", form=form, general=general, consultation=None), status


@bp.route("/<slug>/modifica", methods=["GET", "POST"])
@login_required
def edit(slug):
    consultation = queries.get_consultation_by_slug_or_404(slug)
    policy.require(current_user, "consultation.edit", consultation)
    form = ConsultationForm()
    form.set_choices(_open_zones(), list_drivers())
    if request.method == "GET":
        form.fill_from(consultation)
    general: list[str] = []
    if form.validate_on_submit():
        with refused(form) as refusal:
            services.edit_consultation(current_user, consultation, **form.service_data())
        general = refusal.general
        if not refusal:
            db.session.commit()
            flash(_("The consultation has been saved."), "success")
            return redirect(url_for("consultations.detail", slug=consultation.slug))
    status = 422 if form.errors or general else 200
    return (
        render_template("consultations/form.html", form=form, general=general, consultation=consultation),
        status,
    )


@bp.post("/<slug>/chiudi")
@login_required
def close(slug):
    consultation = queries.get_consultation_by_slug_or_404(slug)
    services.close_consultation_early(current_user, consultation)
    db.session.commit()
    flash(_("The consultation has been closed."), "success")
    return redirect(url_for("consultations.detail", slug=consultation.slug))


@bp.post("/<slug>/segui")
@login_required
def follow(slug):
    consultation = queries.get_consultation_by_slug_or_404(slug)
    services.follow_consultation(current_user, consultation)
    db.session.commit()
    flash(_("You are following this consultation: we will write to you when it has news."), "success")
    return redirect(url_for("consultations.detail", slug=consultation.slug))


@bp.post("/<slug>/smetti-di-seguire")
@login_required
def unfollow(slug):
    consultation = queries.get_consultation_by_slug_or_404(slug)
    services.unfollow_consultation(current_user, consultation)
    db.session.commit()
    flash(_("You no longer follow this consultation."), "success")
    return redirect(url_for("consultations.detail", slug=consultation.slug))


def _open_zones():
    """The zones the current user may open a consultation for (the rule is in app.policy)."""
    return [z for z in list_zones() if policy.can(current_user, "consultation.zone", z)]
