"""Admin pages of the plan's actions: list, add, edit, retire and restore (HTTP only)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import policy
from app.actions import admin_services, queries
from app.actions.admin_services import ActionInput
from app.actions.forms import ActionForm
from app.errors import INVALID, refused
from app.extensions import db

bp = Blueprint("actions_admin", __name__, url_prefix="/admin/azioni")


@bp.before_request
def gate():
    """Anonymous visitors go to the login page; others need ``action.manage``."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    policy.require(current_user, "action.manage")
    return None


def _input(form: ActionForm) -> ActionInput:
    return ActionInput(**{name: form[name].data for name in ActionInput.__dataclass_fields__})


@bp.get("/")
def index():
    return render_template("actions/admin_index.html", actions=queries.list_all_actions())


@bp.route("/nuova", methods=["GET", "POST"])
def create():
    form = ActionForm()
    status = 200
    if form.validate_on_submit():
        with refused(form) as refusal:
            action = admin_services.create_action(current_user, _input(form))
        if refusal:
            status = INVALID
        else:
            db.session.commit()
            flash(_("The action is added to the plan."), "success")
            return redirect(url_for("actions.detail", action_id=action.id))
    elif form.is_submitted():
        status = INVALID
    return render_template("actions/admin_form.html", form=form, action=None), status


@bp.route("/<int:action_id>", methods=["GET", "POST"])
def edit(action_id: int):
    action = queries.get_action_or_404(action_id)
    form = ActionForm(obj=action)
    status = 200
    if form.validate_on_submit():
        with refused(form) as refusal:
            admin_services.edit_action(current_user, action, _input(form))
        if refusal:
            status = INVALID
        else:
            db.session.commit()
            flash(_("The action is saved."), "success")
            return redirect(url_for(".index"))
    elif form.is_submitted():
        status = INVALID
    return render_template("actions/admin_form.html", form=form, action=action), status


@bp.post("/<int:action_id>/ritira")
def retire(action_id: int):
    admin_services.set_action_retired(current_user, queries.get_action_or_404(action_id), True)
    db.session.commit()
    flash(_("The action is retired: it left the public list, its links and timeline are kept."), "success")
    return redirect(url_for(".index"))


@bp.post("/<int:action_id>/ripristina")
def restore(action_id: int):
    admin_services.set_action_retired(current_user, queries.get_action_or_404(action_id), False)
    db.session.commit()
    flash(_("The action is back in the public list."), "success")
    return redirect(url_for(".index"))
