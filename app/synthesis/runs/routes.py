"""The analysts' workspace: the consultations, start theme runs, follow them (HTTP only).

Mapped by :mod:`app.synthesis.blueprint`, behind the workspace gate.
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import labels, policy
from app.consultations.queries import get_consultation_by_slug_or_404
from app.errors import INVALID, Conflict, ValidationFailed, refused
from app.reference.queries import list_drivers
from app.synthesis.models import ALL_DRIVERS
from app.synthesis.runs import engine, jobs, queries
from app.synthesis.runs import options as run_options
from app.synthesis.runs import services as runs
from app.synthesis.runs.forms import RunForm
from app.synthesis.runs.jobs import QueueUnavailable
from app.synthesis.scope import Scope


def workspace_labels() -> dict:
    """Template helpers of every workspace page."""
    return {
        "run_state_label": lambda code: labels.label(labels.THEME_RUN_STATES, code),
        "run_step_label": lambda code: labels.label(labels.THEME_RUN_STEPS, code),
        "curation_kind_label": lambda code: labels.label(labels.CURATION_KINDS, code),
        "conflict_label": lambda text: labels.label(labels.CURATION_CONFLICTS, text),
        "scope_name": lambda code: Scope.parse(code).name(),
    }


def _run_form(consultation, formdata=None) -> RunForm:
    form = RunForm(formdata=formdata) if formdata is not None else RunForm(formdata=None)
    drivers = consultation.drivers or list_drivers()
    form.driver.choices = [(ALL_DRIVERS, _("All Drivers"))] + [
        (f"D{d.number}", f"{d.number}. {d.name}") for d in sorted(drivers, key=lambda d: d.number)
    ]
    return form


def index():
    # A zone coordinator works on their zone's consultations only.
    zone_ids = None if policy.can(current_user, "synthesis.manage") else current_user.coordinated_zone_ids()
    return render_template(
        "synthesis/workspace_index.html", consultations=queries.list_consultations_for_workspace(zone_ids)
    )


def workspace(slug: str):
    consultation = get_consultation_by_slug_or_404(slug)
    return _render_workspace(consultation, request.args.get("ambito") or ALL_DRIVERS)


def _render_workspace(consultation, scope: str, form: RunForm | None = None, general=(), status=200):
    scope = Scope.parse_or_all(scope).code
    current = queries.get_current_run(consultation.id, scope)
    history = queries.list_runs(consultation)
    latest = next((r for r in history if r.scope == scope), None)
    if form is None:
        form = _run_form(consultation)
        form.driver.data = scope
        asked = (current.params or {}) if current else {}
        form.stop_words.data = ", ".join(asked.get("stop_words") or [])
        form.seed_themes.data = run_options.format_seed_themes(asked.get("seed_themes") or [])
    body = render_template(
        "synthesis/workspace.html",
        consultation=consultation,
        scope=scope,
        scopes=sorted({ALL_DRIVERS} | {r.scope for r in history}, key=Scope.sort_key),
        form=form,
        general_errors=list(general),
        current=current,
        latest=latest,
        runs=history,
        summaries=queries.list_theme_summaries(current) if current else [],
        conflicts=queries.list_conflicts(consultation.id, scope),
        pending_splits=queries.list_pending_splits(consultation.id, scope),
    )
    return body, status


def start_run(slug: str):
    consultation = get_consultation_by_slug_or_404(slug)
    form = _run_form(consultation, request.form)
    if not form.validate_on_submit():
        return _render_workspace(consultation, form.driver.data or ALL_DRIVERS, form, status=INVALID)
    scope = form.driver.data
    with refused(form, catch=(ValidationFailed, Conflict, QueueUnavailable)) as refusal:
        run = runs.start_theme_run(
            current_user,
            consultation,
            scope,
            k=form.k.data,
            seed=form.seed.data or 0,
            stop_words=run_options.parse_stop_words(form.stop_words.data),
            seed_themes=run_options.parse_seed_themes(form.seed_themes.data),
        )
        jobs.queue_run(engine.run_theme_job, run.id, lambda reason: runs.fail_run(run, reason), run.job_id)
    if refusal.invalid:
        return _render_workspace(consultation, scope, form, refusal.general, INVALID)
    if isinstance(refusal.error, QueueUnavailable):
        flash(_("The run could not be queued: the job queue is unreachable."), "error")
        return redirect(url_for(".run", run_id=refusal.error.subject_id))
    if refusal:
        flash(str(refusal.error.message), "error")
        return redirect(url_for(".workspace", slug=slug, ambito=scope))
    flash(_("The run has started. This page shows its progress."), "success")
    return redirect(url_for(".run", run_id=run.id))


def run(run_id: int):
    theme_run = queries.get_run_or_404(run_id)
    return render_template(
        "synthesis/workspace_run.html",
        run=theme_run,
        consultation=theme_run.consultation,
        is_active=theme_run.status in queries.ACTIVE_RUN_STATES,
    )


def run_status(run_id: int):
    """The run's progress for scripts and polling (analysts only, like the page)."""
    r = queries.get_run_or_404(run_id)
    return jsonify(
        id=r.id,
        consultation_id=r.consultation_id,
        scope=r.scope,
        status=r.status,
        progress=r.progress,
        message=r.progress_message,
        error=r.error,
        documents=r.documents_count,
        themes=r.themes_count,
        code_version=r.code_version,
        params=r.params,
        created_at=r.created_at.isoformat() if r.created_at else None,
        finished_at=r.finished_at.isoformat() if r.finished_at else None,
    )
