"""The analysts' theme page and its curation acts (HTTP only).

Mapped by :mod:`app.synthesis.blueprint`, behind the workspace gate; the rules are in
:mod:`.services` and :mod:`.label_review`, and each request commits once.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import INVALID, Conflict, ValidationFailed, refused
from app.extensions import db
from app.synthesis.curation import label_review
from app.synthesis.curation import services as curation
from app.synthesis.curation.forms import (
    ConfirmLabelForm,
    MemberForm,
    MergeForm,
    MoveForm,
    NoteForm,
    RenameForm,
    SplitForm,
)
from app.synthesis.readings import prepared
from app.synthesis.runs import engine, jobs, queries
from app.synthesis.runs.jobs import QueueUnavailable


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


def theme(theme_id: int):
    return _render_theme(queries.get_theme_or_404(theme_id))


def _act(theme, form_name: str, form, do, done_message: str, redraws: bool = True):
    """Validate ``form``, call ``do(form)`` (a curation service), commit once, redirect.

    :param redraws: the act changes what the charts show (labels, sizes): once committed,
        the run's charts are drawn again in the background (:mod:`app.synthesis.readings.prepared`).
    """
    if not form.validate_on_submit():
        return _render_theme(theme, status=INVALID, **{form_name: form})
    with refused(form, catch=(ValidationFailed, Conflict)) as refusal:
        do(form)
    if refusal.invalid:
        general = refusal.general
        hidden = getattr(form, "proposal_id", None)
        if hidden is not None:  # a hidden field's error has no visible place of its own
            general += [str(message) for message in hidden.errors]
        return _render_theme(theme, general, INVALID, **{form_name: form})
    if refusal:
        flash(str(refusal.error.message), "error")
        return redirect(url_for(".theme", theme_id=theme.id))
    db.session.commit()
    if redraws:
        prepared.queue_after_curation(queries.get_current_run(theme.consultation_id, theme.scope))
    flash(done_message, "success")
    return redirect(url_for(".theme", theme_id=theme.id))


def _proposal_id(form) -> int:
    try:
        return int(form.proposal_id.data)
    except (TypeError, ValueError):
        raise ValidationFailed([("proposal_id", _("This proposal is not in this theme."))]) from None


def rename(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    return _act(
        t,
        "rename",
        RenameForm(),
        lambda f: curation.rename_theme(current_user, t, f.label.data),
        _("The theme's label has been saved."),
    )


def confirm_label(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    return _act(
        t,
        "confirm_label",
        ConfirmLabelForm(),
        lambda f: label_review.confirm_label(current_user, t),
        _("The label is confirmed and public again."),
    )


def note(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    return _act(
        t,
        "note",
        NoteForm(),
        lambda f: curation.write_note(current_user, t, f.note.data),
        _("The note has been saved."),
        redraws=False,
    )


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


def pin(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    return _act(
        t,
        "member",
        MemberForm(),
        lambda f: curation.pin_proposal(current_user, t, _proposal_id(f), pinned=True),
        _("The proposal is now pinned as representative."),
        redraws=False,
    )


def unpin(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    return _act(
        t,
        "member",
        MemberForm(),
        lambda f: curation.pin_proposal(current_user, t, _proposal_id(f), pinned=False),
        _("The proposal is no longer pinned."),
        redraws=False,
    )


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


def split(theme_id: int):
    t = queries.get_theme_or_404(theme_id)
    form = SplitForm()
    if not form.validate_on_submit():
        return _render_theme(t, status=INVALID, split=form)
    with refused(form, catch=(ValidationFailed, Conflict, QueueUnavailable)) as refusal:
        act = curation.request_split(current_user, t, form.parts.data)
        jobs.queue_run(engine.run_split_job, act.id, lambda reason: curation.fail_split(act, reason))
    if refusal.invalid:
        return _render_theme(t, refusal.general, INVALID, split=form)
    if isinstance(refusal.error, QueueUnavailable):
        flash(_("The split could not be queued: the job queue is unreachable."), "error")
        return redirect(url_for(".theme", theme_id=t.id))
    if refusal:
        flash(str(refusal.error.message), "error")
        return redirect(url_for(".theme", theme_id=t.id))
    flash(_("The theme is being split; the new themes appear in the workspace shortly."), "success")
    consultation = queries.get_consultation_or_404(t.consultation_id)
    return redirect(url_for(".workspace", slug=consultation.slug, ambito=t.scope))
