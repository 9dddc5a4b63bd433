"""The analysts' workspace: start theme runs, follow them, curate the themes (HTTP only)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from redis.exceptions import RedisError

from app import labels, policy
from app.consultations.queries import get_consultation_by_slug_or_404
from app.errors import Conflict, ValidationFailed, apply_errors_to_form
from app.extensions import db
from app.reference.queries import list_drivers
from app.synthesis import curation, jobs, label_review, queries, run_options, runs
from app.synthesis.forms import (
    ConfirmLabelForm,
    MemberForm,
    MergeForm,
    MoveForm,
    NoteForm,
    RenameForm,
    RunForm,
    SplitForm,
)
from app.synthesis.models import ALL_DRIVERS

bp = Blueprint("synthesis", __name__, url_prefix="/sintesi")


@bp.before_request
def require_analyst():
    """Every workspace page: log in first, then be a plan office analyst (or an admin), or
    the coordinator of the zone of the consultation the page is about (issue 15)."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    policy.require(current_user, "synthesis.work", queries.consultation_for(**(request.view_args or {})))
    return None


@bp.context_processor
def workspace_labels() -> dict:
    return {
        "run_state_label": lambda code: labels.label(labels.THEME_RUN_STATES, code),
        "run_step_label": lambda code: labels.label(labels.THEME_RUN_STEPS, code),
        "curation_kind_label": lambda code: labels.label(labels.CURATION_KINDS, code),
        "conflict_label": lambda text: labels.label(labels.CURATION_CONFLICTS, text),
        "scope_name": _scope_name,
    }


def _scope_name(scope: str) -> str:
    number = queries.driver_number_of(scope)
    return _("All Drivers") if number is None else _("Driver %(number)d", number=number)


def _run_form(consultation, formdata=None) -> RunForm:
    form = RunForm(formdata=formdata) if formdata is not None else RunForm(formdata=None)
    drivers = consultation.drivers or list_drivers()
    form.driver.choices = [(ALL_DRIVERS, _("All Drivers"))] + [
        (f"D{d.number}", f"{d.number}. {d.name}") for d in sorted(drivers, key=lambda d: d.number)
    ]
    return form


@bp.get("/")
def index():
    # A zone coordinator works on their zone's consultations only.
    zone_ids = None if policy.can(current_user, "synthesis.manage") else current_user.coordinated_zone_ids()
    return render_template(
        "synthesis/workspace_index.html", consultations=queries.list_consultations_for_workspace(zone_ids)
    )


@bp.get("/consultazioni/<slug>")
def workspace(slug: str):
    consultation = get_consultation_by_slug_or_404(slug)
    return _render_workspace(consultation, request.args.get("ambito") or ALL_DRIVERS)


def _render_workspace(consultation, scope: str, form: RunForm | None = None, general=(), status=200):
    try:
        queries.driver_number_of(scope)
    except ValueError:
        scope = ALL_DRIVERS
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
        scopes=sorted(
            {ALL_DRIVERS} | {r.scope for r in history}, key=lambda s: (s != ALL_DRIVERS, len(s), s)
        ),
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


@bp.post("/consultazioni/<slug>/esecuzioni")
def start_run(slug: str):
    consultation = get_consultation_by_slug_or_404(slug)
    form = _run_form(consultation, request.form)
    if not form.validate_on_submit():
        return _render_workspace(consultation, form.driver.data or ALL_DRIVERS, form, status=422)
    scope = form.driver.data
    try:
        run = runs.start_theme_run(
            current_user,
            consultation,
            scope,
            k=form.k.data,
            seed=form.seed.data or 0,
            stop_words=run_options.parse_stop_words(form.stop_words.data),
            seed_themes=run_options.parse_seed_themes(form.seed_themes.data),
        )
    except ValidationFailed as error:
        db.session.rollback()
        return _render_workspace(consultation, scope, form, apply_errors_to_form(form, error), 422)
    except Conflict as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for(".workspace", slug=slug, ambito=scope))
    db.session.commit()
    try:
        jobs.enqueue(jobs.RUN_JOB, run.id, job_id=run.job_id)
    except RedisError as error:
        runs.fail_run(run, f"The job queue is unreachable: {error}")
        db.session.commit()
        flash(_("The run could not be queued: the job queue is unreachable."), "error")
        return redirect(url_for(".run", run_id=run.id))
    flash(_("The run has started. This page shows its progress."), "success")
    return redirect(url_for(".run", run_id=run.id))


@bp.get("/esecuzioni/<int:run_id>")
def run(run_id: int):
    theme_run = queries.get_run_or_404(run_id)
    return render_template(
        "synthesis/workspace_run.html",
        run=theme_run,
        consultation=theme_run.consultation,
        is_active=theme_run.status in queries.ACTIVE_RUN_STATES,
    )


@bp.get("/esecuzioni/<int:run_id>.json")
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


# --- themes ---------------------------------------------------------------------------


def _theme_forms(theme, others, **failed):
    move = MoveForm(formdata=None)
    merge = MergeForm(formdata=None)
    choices = [(t.id, t.label) for t in others]
    move.target.choices = merge.other.choices = choices
    forms = {
        "rename": RenameForm(formdata=None, label=theme.label_curated or ""),
        "note": NoteForm(formdata=None, note=theme.note),
        "move": move,
        "merge": merge,
        "split": SplitForm(formdata=None),
        "member": MemberForm(formdata=None),
        "confirm_label": ConfirmLabelForm(formdata=None),
    }
    forms.update(failed)
    return forms


def _other_themes(theme):
    return [
        t
        for t in queries.list_scope_themes(theme.consultation_id, theme.scope, active_only=True)
        if t.id != theme.id
    ]


def _render_theme(theme, general=(), status=200, **failed):
    current = queries.get_current_run(theme.consultation_id, theme.scope)
    others = _other_themes(theme)
    members = queries.list_members(current, theme) if current else []
    acts = [
        a for a in queries.list_curation_acts(theme.consultation_id, theme.scope) if a.theme_id == theme.id
    ]
    body = render_template(
        "synthesis/workspace_theme.html",
        theme=theme,
        consultation=queries.get_consultation_or_404(theme.consultation_id),
        current=current,
        members=members,
        others=others,
        forms=_theme_forms(theme, others, **failed),
        failed_form=next(iter(failed.values()), None),
        acts=acts,
        general_errors=list(general),
    )
    return body, status


@bp.get("/temi/<int:theme_id>")
def theme(theme_id: int):
    return _render_theme(queries.get_theme_or_404(theme_id))


def _act(theme, form_name: str, form, do, done_message: str):
    """Validate ``form``, call ``do(form)`` (a curation service), commit once, redirect."""
    if not form.validate_on_submit():
        return _render_theme(theme, status=422, **{form_name: form})
    try:
        do(form)
    except ValidationFailed as error:
        db.session.rollback()
        general = apply_errors_to_form(form, error)
        hidden = getattr(form, "proposal_id", None)
        if hidden is not None:  # a hidden field's error has no visible place of its own
            general += [str(message) for message in hidden.errors]
        return _render_theme(theme, general, 422, **{form_name: form})
    except Conflict as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for(".theme", theme_id=theme.id))
    db.session.commit()
    flash(done_message, "success")
    return redirect(url_for(".theme", theme_id=theme.id))


def _proposal_id(form) -> int:
    try:
        return int(form.proposal_id.data)
    except (TypeError, ValueError):
        raise ValidationFailed([("proposal_id", _("This proposal is not in this theme."))]) from None


@bp.post("/temi/<int:theme_id>/etichetta")
def rename(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    return _act(
        t,
        "rename",
        RenameForm(),
        lambda f: curation.rename_theme(current_user, t, f.label.data),
        _("The theme's label has been saved."),
    )


@bp.post("/temi/<int:theme_id>/conferma-etichetta")
def confirm_label(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    return _act(
        t,
        "confirm_label",
        ConfirmLabelForm(),
        lambda f: label_review.confirm_label(current_user, t),
        _("The label is confirmed and public again."),
    )


@bp.post("/temi/<int:theme_id>/nota")
def note(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    return _act(
        t,
        "note",
        NoteForm(),
        lambda f: curation.write_note(current_user, t, f.note.data),
        _("The note has been saved."),
    )


@bp.post("/temi/<int:theme_id>/sposta")
def move(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    form = MoveForm()
    form.target.choices = [(o.id, o.label) for o in _other_themes(t)]
    return _act(
        t,
        "move",
        form,
        lambda f: curation.move_proposal(
            current_user, t, _proposal_id(f), queries.get_theme_or_404(f.target.data)
        ),
        _("The proposal has been moved."),
    )


@bp.post("/temi/<int:theme_id>/fissa")
def pin(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    return _act(
        t,
        "member",
        MemberForm(),
        lambda f: curation.pin_proposal(current_user, t, _proposal_id(f), pinned=True),
        _("The proposal is now pinned as representative."),
    )


@bp.post("/temi/<int:theme_id>/sblocca")
def unpin(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    return _act(
        t,
        "member",
        MemberForm(),
        lambda f: curation.pin_proposal(current_user, t, _proposal_id(f), pinned=False),
        _("The proposal is no longer pinned."),
    )


@bp.post("/temi/<int:theme_id>/unisci")
def merge(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    form = MergeForm()
    form.other.choices = [(o.id, o.label) for o in _other_themes(t)]
    return _act(
        t,
        "merge",
        form,
        lambda f: curation.merge_themes(current_user, t, queries.get_theme_or_404(f.other.data)),
        _("The themes have been merged."),
    )


@bp.post("/temi/<int:theme_id>/dividi")
def split(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    form = SplitForm()
    if not form.validate_on_submit():
        return _render_theme(t, status=422, split=form)
    try:
        act = curation.request_split(current_user, t, form.parts.data)
    except ValidationFailed as error:
        db.session.rollback()
        return _render_theme(t, apply_errors_to_form(form, error), 422, split=form)
    except Conflict as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for(".theme", theme_id=t.id))
    db.session.commit()
    try:
        jobs.enqueue(jobs.SPLIT_JOB, act.id)
    except RedisError as error:
        curation.fail_split(act, f"The job queue is unreachable: {error}")
        db.session.commit()
        flash(_("The split could not be queued: the job queue is unreachable."), "error")
        return redirect(url_for(".theme", theme_id=t.id))
    flash(_("The theme is being split; the new themes appear in the workspace shortly."), "success")
    consultation = queries.get_consultation_or_404(t.consultation_id)
    return redirect(url_for(".workspace", slug=consultation.slug, ambito=t.scope))
