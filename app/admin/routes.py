"""Administration pages: people and roles, representation requests, audit log, organisations.

Reference data pages are in :mod:`app.admin.reference_routes`; URLs are mapped in
:mod:`app.admin.blueprint`.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import policy
from app.accounts import queries as account_queries
from app.accounts import representation_services
from app.accounts.forms import choices
from app.admin import queries, services
from app.admin.forms import DecisionForm, GrantRoleForm, OrganisationForm, RevokeForm
from app.documents.queries import list_attachments
from app.errors import INVALID, DomainError, refused
from app.extensions import db
from app.labels import REPRESENTATION_STATES
from app.pagination import page_number
from app.reference.queries import list_actor_types, list_zones


def _per_page() -> int:
    return current_app.config["PAGE_SIZE"]


def index():
    return render_template("admin/index.html")


# People and roles --------------------------------------------------------------------


def users():
    text = request.args.get("q", "")[:100]
    page = queries.search_users(text, page_number(request.args.get("page")), _per_page())
    return render_template("admin/users.html", page=page, q=text)


def _grant_form() -> GrantRoleForm:
    form = GrantRoleForm()
    form.zone.choices = choices([(0, _("— no zone —"))] + [(z.id, z.name) for z in list_zones()])
    return form


def user(user_id: int):
    person = account_queries.get_user_or_404(user_id)
    return render_template("admin/user.html", person=person, form=_grant_form())


def grant_role(user_id: int):
    person = account_queries.get_user_or_404(user_id)
    form = _grant_form()
    if form.validate_on_submit():
        zones = {z.id: z for z in list_zones()}
        with refused(form) as refusal:
            services.grant_role(current_user, person, form.role.data, zones.get(form.zone.data))
        if not refusal:
            db.session.commit()
            flash(_("Role granted."), "success")
            return redirect(url_for("admin.user", user_id=person.id))
    return render_template("admin/user.html", person=person, form=form), INVALID


def revoke_role(user_id: int, assignment_id: int):
    assignment = queries.get_role_assignment_or_404(assignment_id)
    if assignment.user_id != user_id:
        return redirect(url_for("admin.user", user_id=user_id))
    with refused(catch=(services.LastAdmin,)) as refusal:
        services.revoke_role(current_user, assignment)
    if refusal:
        flash(refusal.general[0], "error")
    else:
        db.session.commit()
        flash(_("Role removed."), "success")
    return redirect(url_for("admin.user", user_id=user_id))


# Representation requests (admins, and zone coordinators for their comuni) -------------


def representations():
    status = request.args.get("stato", "pending")
    if status not in REPRESENTATION_STATES:
        status = ""
    zone_ids = None if policy.can(current_user, "admin.access") else current_user.coordinated_zone_ids()
    page = account_queries.list_representation_requests(
        zone_ids, status, page_number(request.args.get("page")), _per_page()
    )
    return render_template(
        "admin/representations.html", page=page, status=status, states=REPRESENTATION_STATES
    )


def _render_representation(representation, decision_form=None, revoke_form=None, status=200):
    return (
        render_template(
            "admin/representation.html",
            representation=representation,
            decision_form=decision_form or DecisionForm(formdata=None),
            revoke_form=revoke_form or RevokeForm(formdata=None),
            attachments=list_attachments("representation", representation.id),
        ),
        status,
    )


def representation(representation_id: int):
    item = account_queries.get_representation_or_404(representation_id)
    policy.require(current_user, "representation.view", item)
    return _render_representation(item)


def decide_representation(representation_id: int):
    item = account_queries.get_representation_or_404(representation_id)
    policy.require(current_user, "representation.decide", item)
    form = DecisionForm()
    if form.validate_on_submit():
        with refused(form, catch=(DomainError,)) as refusal:
            representation_services.decide_representation(
                current_user, item, form.decision.data, form.note.data or ""
            )
        if refusal and not refusal.invalid:
            flash(refusal.general[0], "error")
            return redirect(url_for("admin.representation", representation_id=item.id))
        if not refusal:
            db.session.commit()
            flash(_("Decision recorded."), "success")
            return redirect(url_for("admin.representations"))
    return _render_representation(item, decision_form=form, status=INVALID)


def revoke_representation(representation_id: int):
    item = account_queries.get_representation_or_404(representation_id)
    policy.require(current_user, "representation.revoke", item)
    form = RevokeForm()
    if form.validate_on_submit():
        with refused(form, catch=(DomainError,)) as refusal:
            representation_services.revoke_representation(current_user, item, form.note.data)
        if refusal and not refusal.invalid:
            flash(refusal.general[0], "error")
            return redirect(url_for("admin.representation", representation_id=item.id))
        if not refusal:
            db.session.commit()
            flash(_("Representation revoked."), "success")
            return redirect(url_for("admin.representation", representation_id=item.id))
    return _render_representation(item, revoke_form=form, status=INVALID)


# Audit log ---------------------------------------------------------------------------


def audit():
    action = request.args.get("azione", "")[:60]
    actor_email = request.args.get("autore", "")[:254].strip()
    actor_id = None
    if actor_email:
        actor = account_queries.get_user_by_email(actor_email)
        actor_id = actor.id if actor is not None else -1
    page = queries.list_audit_entries(page_number(request.args.get("page")), _per_page(), action, actor_id)
    filters = {k: v for k, v in (("azione", action), ("autore", actor_email)) if v}
    return render_template(
        "admin/audit.html", page=page, actions=queries.list_audit_actions(), filters=filters
    )


# Organisations -----------------------------------------------------------------------


def organisations():
    text = request.args.get("q", "")[:100]
    page = queries.list_organisations_page(text, page_number(request.args.get("page")), _per_page())
    return render_template("admin/organisations.html", page=page, q=text)


def edit_organisation(organisation_id: int):
    organisation = account_queries.get_organisation_or_404(organisation_id)
    form = OrganisationForm(obj=organisation if request.method == "GET" else None)
    actor_types = {a.id: a for a in list_actor_types()}
    zones = {z.id: z for z in list_zones()}
    form.actor_type.choices = choices([(a.id, a.display_name) for a in actor_types.values()])
    form.zone.choices = choices([(0, _("— no zone —"))] + [(z.id, z.name) for z in zones.values()])
    if request.method == "GET":
        form.actor_type.data = organisation.actor_type_id
        form.zone.data = organisation.zone_id or 0
    if form.validate_on_submit():
        with refused(form) as refusal:
            services.update_organisation(
                current_user,
                organisation,
                name=form.name.data,
                actor_type=actor_types.get(form.actor_type.data),
                description=form.description.data or "",
                website=form.website.data or "",
                zone=zones.get(form.zone.data),
            )
        if not refusal:
            db.session.commit()
            flash(_("Organisation saved."), "success")
            return redirect(url_for("admin.organisations"))
    status = INVALID if form.is_submitted() else 200
    return render_template("admin/organisation_edit.html", form=form, organisation=organisation), status
