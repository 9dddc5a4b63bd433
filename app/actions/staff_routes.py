"""The analysts' pages of an action: link proposals and themes, report progress (HTTP only)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import policy
from app.actions import queries, services
from app.actions.forms import ProposalLinkForm, ThemeLinkForm, UpdateForm
from app.documents.routes import read_upload
from app.documents.services import attach
from app.errors import INVALID, DomainError, refused
from app.extensions import db

LOCAL_ZONE = ZoneInfo("Europe/Rome")


def _today():
    return datetime.now(LOCAL_ZONE).date()


def _require(action_name: str):
    """Log in first, then be allowed (an analyst, or an admin)."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    policy.require(current_user, action_name)
    return None


def _render_manage(action, status=200, general=(), **forms):
    defaults = {
        "link_form": ProposalLinkForm(formdata=None),
        "update_form": UpdateForm(
            formdata=None,
            data={
                "happened_on": _today(),
                "status": action.status,
                "progress": action.progress,
                "dup_year": action.dup_year or _today().year,
            },
        ),
    }
    defaults.update(forms)
    return (
        render_template(
            "actions/manage.html",
            action=action,
            proposal_links=queries.list_proposal_links(action, published_only=False),
            theme_links=queries.list_theme_links(action),
            updates=queries.list_updates(action),
            general_errors=list(general),
            **defaults,
        ),
        status,
    )


def manage(action_id: int):
    denied = _require("action.link")
    if denied is not None:
        return denied
    return _render_manage(queries.get_action_or_404(action_id))


def link_proposal(action_id: int):
    denied = _require("action.link")
    if denied is not None:
        return denied
    action = queries.get_action_or_404(action_id)
    form = ProposalLinkForm()
    if not form.validate_on_submit():
        return _render_manage(action, INVALID, link_form=form)
    with refused(form, catch=(DomainError,)) as refusal:
        services.link_proposal(
            current_user, action, queries.get_proposal(form.proposal_id.data), form.link_note.data
        )
    if refusal.invalid:
        return _render_manage(action, INVALID, refusal.general, link_form=form)
    if refusal:
        flash(refusal.general[0], "error")
        return redirect(url_for(".manage", action_id=action.id))
    db.session.commit()
    flash(_("The proposal is linked to the action."), "success")
    return redirect(url_for(".manage", action_id=action.id))


def unlink(action_id: int, link_id: int):
    denied = _require("action.link")
    if denied is not None:
        return denied
    action = queries.get_action_or_404(action_id)
    services.unlink(current_user, queries.get_link_or_404(action, link_id))
    db.session.commit()
    flash(_("The link is removed."), "success")
    return redirect(url_for(".manage", action_id=action.id))


def report(action_id: int):
    denied = _require("action.report")
    if denied is not None:
        return denied
    action = queries.get_action_or_404(action_id)
    form = UpdateForm()
    if not form.validate_on_submit():
        return _render_manage(action, INVALID, update_form=form)
    file_name, data = read_upload("file")
    with refused(form, catch=(DomainError,)) as refusal:
        update = services.report_progress(
            current_user,
            action,
            status=form.status.data,
            progress=form.progress.data,
            body=form.body.data,
            happened_on=form.happened_on.data,
            dup_year=form.dup_year.data,
            today=_today(),
        )
        # A refused document refuses the whole update: nothing is published half.
        if file_name or data:
            attach(current_user, "action_update", update, file_name, data)
    if refusal.invalid:
        return _render_manage(action, INVALID, refusal.general, update_form=form)
    if refusal:
        flash(refusal.general[0], "error")
        return redirect(url_for(".manage", action_id=action.id))
    db.session.commit()
    flash(
        _("The update is published; the people of the linked proposals are told of a new status."), "success"
    )
    return redirect(url_for(".detail", action_id=action.id))


# --- from a theme of the analysts' workspace (app/synthesis: templates/actions/_theme_panel.html) --


def theme_link_form(formdata=None) -> ThemeLinkForm:
    form = ThemeLinkForm(formdata=formdata)
    form.action_id.choices = [(a.id, f"{a.code} · {a.title}") for a in queries.list_open_actions()]
    return form


def theme_panel_globals() -> dict:
    return dict(theme_action_links=queries.list_links_of_theme, theme_link_form=theme_link_form)


def link_theme(theme_id: int):
    denied = _require("action.link")
    if denied is not None:
        return denied
    theme = queries.get_theme(theme_id)
    form = theme_link_form(request.form)
    back = url_for("synthesis.theme", theme_id=theme_id) + "#plan-actions-title"
    if theme is None:
        flash(_("There is no theme with this number."), "error")
        return redirect(url_for("synthesis.index"))
    if not form.validate_on_submit():
        messages = [str(m) for errors in form.errors.values() for m in errors]
        flash(" ".join(messages) or _("Choose an action of the plan."), "error")
        return redirect(back)
    with refused(catch=(DomainError,)) as refusal:
        services.link_theme(
            current_user, queries.get_action_or_404(form.action_id.data), theme, form.link_note.data
        )
    if refusal:
        flash(" ".join(refusal.general) or str(refusal.error.message), "error")
        return redirect(back)
    db.session.commit()
    flash(_("The theme is linked to the action."), "success")
    return redirect(back)
