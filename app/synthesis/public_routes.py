"""The published synthesis (public), its printable version, and the analysts' cross-readings.

The public pages exist only while the scope's synthesis is published; analysts may preview
the current run at the same address before publishing. Only published proposals are ever
counted, listed or linked.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import policy
from app.consultations.queries import get_consultation_by_slug_or_404
from app.errors import DomainError, NotFound, ValidationFailed, apply_errors_to_form
from app.extensions import db
from app.pagination import page_number
from app.synthesis import reading_queries as rq
from app.synthesis import readings
from app.synthesis.crossreadings import (
    CAMPAIGN_MIN_AUTHORS,
    GAP_FEW_MAX,
    MIN_EXPECTED,
    RESIDUAL_THRESHOLD,
    SIGNIFICANCE,
)
from app.synthesis.models import ALL_DRIVERS
from app.synthesis.publication import publish_synthesis, unpublish_synthesis
from app.synthesis.publication_forms import PublishForm, UnpublishForm
from app.synthesis.queries import driver_number_of, get_current_run

bp = Blueprint("synthesis_public", __name__)


def _scope(consultation) -> str:
    """The ``?ambito=`` of the request: ``all`` or a Driver of the consultation (else 404)."""
    scope = request.args.get("ambito") or ALL_DRIVERS
    try:
        number = driver_number_of(scope)
    except ValueError:
        raise NotFound() from None
    if number is not None and number not in {d.number for d in consultation.drivers}:
        raise NotFound()
    return scope


def _public_reading(slug: str):
    """(consultation, scope, synthesis or None, run, is_preview) of a public synthesis page.

    :raises NotFound: when the scope's synthesis is not published (analysts: and no run exists).
    """
    consultation = get_consultation_by_slug_or_404(slug)
    scope = _scope(consultation)
    synthesis = rq.get_synthesis(consultation.id, scope)
    if synthesis is not None and synthesis.status == "published" and synthesis.run is not None:
        return consultation, scope, synthesis, synthesis.run, False
    if policy.can(current_user, "synthesis.manage", consultation):
        run = get_current_run(consultation.id, scope)
        if run is not None:
            return consultation, scope, synthesis, run, True
    raise NotFound()


@bp.get("/consultazioni/<slug>/sintesi")
def public(slug):
    consultation, scope, synthesis, run, is_preview = _public_reading(slug)
    reading = readings.add_charts(readings.read_run(run, consultation))
    return render_template(
        "synthesis/public.html",
        consultation=consultation,
        scope=scope,
        synthesis=synthesis,
        reading=reading,
        is_preview=is_preview,
        others=[s for s in rq.list_published_syntheses(consultation.id) if s.scope != scope],
    )


@bp.get("/consultazioni/<slug>/sintesi/stampa")
def printable(slug):
    consultation, scope, synthesis, run, is_preview = _public_reading(slug)
    reading = readings.add_charts(readings.read_run(run, consultation), prefix="print")
    return render_template(
        "synthesis/public_print.html",
        consultation=consultation,
        scope=scope,
        synthesis=synthesis,
        reading=reading,
        is_preview=is_preview,
    )


@bp.get("/consultazioni/<slug>/sintesi/temi/<int:theme_id>")
def theme(slug, theme_id):
    consultation, scope, synthesis, run, is_preview = _public_reading(slug)
    theme = rq.get_run_theme_or_404(run.id, theme_id)
    page = rq.theme_members_page(
        run.id, theme.id, page_number(request.args.get("page")), current_app.config["PAGE_SIZE"]
    )
    return render_template(
        "synthesis/public_theme.html",
        consultation=consultation,
        scope=scope,
        theme=theme,
        page=page,
        is_preview=is_preview,
    )


@bp.get("/sintesi/consultazioni/<slug>/letture")
@login_required
def crossreadings(slug):
    consultation = get_consultation_by_slug_or_404(slug)
    policy.require(current_user, "synthesis.manage", consultation)
    scope = _scope(consultation)
    run = get_current_run(consultation.id, scope)
    reading = supports = None
    if run is not None:
        reading = readings.add_charts(readings.read_run(run, consultation, public=False))
        supports = readings.read_supports(run, reading)
    duplicates, titles = readings.read_duplicates(consultation)
    return render_template(
        "synthesis/crossreadings.html",
        consultation=consultation,
        scope=scope,
        run=run,
        reading=reading,
        supports=supports,
        gaps=readings.read_gaps(consultation),
        duplicates=duplicates,
        titles=titles,
        thresholds={
            "significance": SIGNIFICANCE,
            "residual": RESIDUAL_THRESHOLD,
            "min_expected": MIN_EXPECTED,
            "few": GAP_FEW_MAX,
            "campaign": CAMPAIGN_MIN_AUTHORS,
        },
    )


@bp.route("/sintesi/consultazioni/<slug>/pubblicazione", methods=["GET", "POST"])
@login_required
def publish(slug):
    consultation = get_consultation_by_slug_or_404(slug)
    policy.require(current_user, "synthesis.manage", consultation)
    scope = _scope(consultation)
    synthesis = rq.get_synthesis(consultation.id, scope)
    form = PublishForm(obj=synthesis)
    general: list[str] = []
    if form.validate_on_submit():
        try:
            publish_synthesis(current_user, consultation, scope, introduction=form.introduction.data or "")
        except ValidationFailed as error:
            db.session.rollback()
            general = apply_errors_to_form(form, error)
        except DomainError as error:
            db.session.rollback()
            general = [error.message]
        else:
            db.session.commit()
            flash(_("The synthesis is published."), "success")
            return redirect(url_for("synthesis_public.public", slug=consultation.slug, ambito=scope))
    return render_template(
        "synthesis/publish.html",
        consultation=consultation,
        scope=scope,
        synthesis=synthesis,
        run=get_current_run(consultation.id, scope),
        form=form,
        unpublish_form=UnpublishForm(),
        general=general,
    ), (422 if general or form.errors else 200)


@bp.post("/sintesi/consultazioni/<slug>/ritira")
@login_required
def unpublish(slug):
    consultation = get_consultation_by_slug_or_404(slug)
    policy.require(current_user, "synthesis.manage", consultation)
    scope = _scope(consultation)
    synthesis = rq.get_synthesis(consultation.id, scope)
    if synthesis is None:
        raise NotFound()
    form = UnpublishForm()
    if not form.validate_on_submit():
        flash(_("The form has expired. Please send it again."), "error")
    else:
        try:
            unpublish_synthesis(current_user, synthesis)
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("The synthesis is no longer public."), "success")
    return redirect(url_for("synthesis_public.publish", slug=consultation.slug, ambito=scope))
