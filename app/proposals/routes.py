"""Proposal pages on the author's side: submit, edit (with suggestions while typing),
withdraw, "my proposals". The proposal page and the community's acts on it (supports,
comments, reports) are in :mod:`app.proposals.page_routes`; URLs are mapped in
:mod:`app.proposals.blueprint`.

HTTP in and out only: forms are read here, rules run in :mod:`app.proposals.services`,
and each request commits once.
"""

from __future__ import annotations

from flask import current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import labels, policy
from app.accounts.queries import list_verified_entities_for
from app.consultations.queries import get_consultation_by_slug_or_404
from app.consultations.services import ensure_collection_open
from app.errors import DomainError, refused
from app.extensions import db
from app.proposals import assist, queries, services
from app.proposals.forms import ProposalForm, WithdrawForm, token_or_empty
from app.proposals.models import ASSIST_FIELDS
from app.proposals.page_routes import load_visible
from app.reference.snapshot import reference_data
from app.security import limit_assist, limit_submit

# Set when a form is saved: the next page removes that form's draft kept in this browser
# (static/js/forget-drafts.js). The sent text then leaves the browser at once, not on the
# next visit to the form (whose check with the server stays, for a reply that never came).
FORGET_DRAFT = "forget_draft"


def _prepare_proposal_form(form: ProposalForm, consultation) -> None:
    reference = reference_data()  # kept per process: no query
    form.set_choices(
        consultation,
        drivers=consultation.drivers,
        missions=reference.missions,
        keywords=reference.keywords,
        zones=reference.zones,
        comuni=queries.list_comuni_for(consultation),
        entities=list_verified_entities_for(current_user),
    )


def _wants_final() -> bool:
    """Which button was pressed: "Submit" (full checks) or "Save draft"."""
    return request.form.get("intent") != "draft"


def _wants_assist() -> bool:
    """The "Check Driver and similar proposals" button: re-render with suggestions, save nothing."""
    return request.form.get("intent") == "assist"


def _render_form(form: ProposalForm, consultation, proposal, general: list[str], assistance=None):
    """The proposal form; a POST that is shown again is 422 unless it only asked for suggestions."""
    status = 422 if request.method == "POST" and assistance is None else 200
    return render_template(
        "proposals/form.html",
        form=form,
        consultation=consultation,
        proposal=proposal,
        general=general,
        assistance=assistance,
        min_length=assist.MIN_TEXT_LENGTH,
        draft_key=_draft_key(consultation, proposal),
    ), status


def _draft_key(consultation, proposal) -> str:
    """The key of this person's draft of the form (of ``proposal``, or of a new one)."""
    return assist.draft_storage_key(
        current_app.secret_key, current_user.id, consultation.id, proposal.id if proposal else None
    )


# --- submit and edit -----------------------------------------------------------------


@limit_submit
@login_required
def create(slug: str):
    consultation = get_consultation_by_slug_or_404(slug)
    policy.require(current_user, "proposal.create", consultation)
    # Outside the collection phase: an error page that says when collection is open.
    ensure_collection_open(consultation)
    form = ProposalForm()
    _prepare_proposal_form(form, consultation)
    general: list[str] = []
    if form.validate_on_submit():
        if _wants_assist():
            assistance = assist.assist_proposal(consultation, form.assist_text())
            return _render_form(form, consultation, None, general, assistance)
        final = _wants_final()
        with refused(form, catch=(DomainError,)) as refusal:
            proposal, _created = services.submit_proposal(
                current_user, consultation, form.to_input(), final=final
            )
        if refusal.invalid:
            general = refusal.general
        elif refusal:
            flash(refusal.general[0], "error")
            return redirect(url_for("consultations.detail", slug=consultation.slug))
        else:
            # Read before the commit, which expires every loaded object: reading the
            # proposal (or the user's language) afterwards would load them all again.
            message = _submitted_message(proposal)
            target = url_for("proposals.detail", proposal_id=proposal.id)
            session[FORGET_DRAFT] = _draft_key(consultation, None)
            db.session.commit()
            flash(message, "success")
            return redirect(target)
    return _render_form(form, consultation, None, general)


def _submitted_message(proposal) -> str:
    if proposal.state == "draft":
        return _("Your draft has been saved. Only you can see it.")
    if proposal.state == "submitted":
        return _("Your proposal has been sent. A moderator will review it before it is published.")
    if proposal.state == "published":
        return _("Your proposal has been published.")
    return _("Your proposal has been saved.")


@login_required
def edit(proposal_id: int):
    proposal = load_visible(proposal_id)
    policy.require(current_user, "proposal.edit", proposal)
    consultation = proposal.consultation
    form = ProposalForm()
    if request.method == "GET":
        form.fill_from(proposal)
    _prepare_proposal_form(form, consultation)
    general: list[str] = []
    if form.validate_on_submit():
        if _wants_assist():
            assistance = assist.assist_proposal(consultation, form.assist_text(), exclude_id=proposal.id)
            return _render_form(form, consultation, proposal, general, assistance)
        with refused(form, catch=(DomainError,)) as refusal:
            services.update_proposal(current_user, proposal, form.to_input(), final=_wants_final())
        if refusal.invalid:
            general = refusal.general
        elif refusal:
            flash(refusal.general[0], "error")
            return redirect(url_for("proposals.detail", proposal_id=proposal_id))
        else:
            session[FORGET_DRAFT] = _draft_key(consultation, proposal)
            db.session.commit()
            flash(_submitted_message(proposal), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return _render_form(form, consultation, proposal, general)


# --- suggestions while typing (app/static/js/proposal-form.js) -------------------------


@limit_assist
@login_required
def suggestions(slug: str):
    """The suggested Driver and the similar proposals for the text typed so far: JSON in
    (the four text fields, optionally ``proposal_id`` being edited and the form's
    ``submission_token``), JSON out. Saves nothing."""
    consultation = get_consultation_by_slug_or_404(slug)
    policy.require(current_user, "proposal.create", consultation)
    if (request.content_length or 0) > assist.MAX_INPUT_BYTES:
        return _json_error(_("The text is too long for suggestions."))
    payload = request.get_json(silent=True)
    fields = _assist_fields(payload)
    if fields is None:
        return _json_error(_("The request could not be understood."))
    if len(fields.text.encode()) > assist.MAX_INPUT_BYTES:
        return _json_error(_("The text is too long for suggestions."))
    exclude_id = payload.get("proposal_id")
    if exclude_id is not None and (not isinstance(exclude_id, int) or isinstance(exclude_id, bool)):
        return _json_error(_("The request could not be understood."))
    body = _assistance_json(assist.assist_proposal(consultation, fields, exclude_id))
    token = token_or_empty(payload.get("submission_token"))
    if token:
        body["saved"] = assist.draft_was_saved(current_user, consultation, token)
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def _json_error(message: str, status: int = 400):
    return jsonify(error=message), status


def _assist_fields(payload) -> assist.AssistText | None:
    """The typed text of a suggestions request, or ``None`` if it is not what the page sends."""
    if not isinstance(payload, dict):
        return None
    texts = {name: payload.get(name, "") for name in ASSIST_FIELDS}
    if not all(isinstance(value, str) for value in texts.values()):
        return None
    return assist.AssistText(**texts)


def _assistance_json(result: assist.Assistance) -> dict:
    driver = None
    if result.driver is not None:
        d = result.driver.driver
        driver = {
            "id": d.id,
            "code": d.code,
            "name": d.name,
            "label": f"{d.code} · {d.name}",
            "confidence": result.driver.confidence,
        }
    similar = [
        {
            "id": item.proposal.id,
            "title": item.proposal.title,
            "url": url_for("proposals.detail", proposal_id=item.proposal.id),
            "state": item.proposal.state,
            "state_label": labels.label(labels.PROPOSAL_STATES, item.proposal.state),
            "driver": item.proposal.driver.code if item.proposal.driver else None,
            "relevance": item.relevance,
        }
        for item in result.similar
    ]
    return {
        "driver": driver,
        "similar": similar,
        "too_short": result.too_short,
        "min_length": assist.MIN_TEXT_LENGTH,
    }


@login_required
def withdraw(proposal_id: int):
    proposal = load_visible(proposal_id)
    policy.require(current_user, "proposal.withdraw", proposal)
    form = WithdrawForm()
    if form.validate_on_submit():
        services.withdraw_proposal(current_user, proposal, form.reason.data or "")
        db.session.commit()
        flash(_("Your proposal has been withdrawn."), "success")
        return redirect(url_for("proposals.mine"))
    return render_template("proposals/withdraw.html", form=form, proposal=proposal)


@login_required
def mine():
    return render_template("proposals/mine.html", proposals=queries.list_proposals_of(current_user))
