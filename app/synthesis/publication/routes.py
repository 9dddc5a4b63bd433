"""Publishing the synthesis of a consultation's scope, and taking it back (HTTP only).

Workspace pages (mapped by :mod:`app.synthesis.blueprint`, behind its gate).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import policy
from app.consultations.queries import get_consultation_by_slug_or_404
from app.errors import INVALID, DomainError, NotFound, refused
from app.extensions import db
from app.synthesis.publication.forms import PublishForm, UnpublishForm
from app.synthesis.publication.services import publish_synthesis, unpublish_synthesis
from app.synthesis.readings import queries as rq
from app.synthesis.readings.routes import scope_of_request
from app.synthesis.runs.queries import get_current_run


def publish(slug):
    consultation = get_consultation_by_slug_or_404(slug)
    policy.require(current_user, "synthesis.manage", consultation)
    scope = scope_of_request(consultation)
    synthesis = rq.get_synthesis(consultation.id, scope)
    form = PublishForm(obj=synthesis)
    general: list[str] = []
    if form.validate_on_submit():
        with refused(form, catch=(DomainError,)) as refusal:
            publish_synthesis(current_user, consultation, scope, introduction=form.introduction.data or "")
        general = refusal.general
        if not refusal:
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
    ), (INVALID if general or form.errors else 200)


def unpublish(slug):
    consultation = get_consultation_by_slug_or_404(slug)
    policy.require(current_user, "synthesis.manage", consultation)
    scope = scope_of_request(consultation)
    synthesis = rq.get_synthesis(consultation.id, scope)
    if synthesis is None:
        raise NotFound()
    form = UnpublishForm()
    if not form.validate_on_submit():
        flash(_("The form has expired. Please send it again."), "error")
    else:
        with refused(catch=(DomainError,)) as refusal:
            unpublish_synthesis(current_user, synthesis)
        if refusal:
            flash(refusal.general[0], "error")
        else:
            db.session.commit()
            flash(_("The synthesis is no longer public."), "success")
    return redirect(url_for("synthesis.publish", slug=consultation.slug, ambito=scope))
