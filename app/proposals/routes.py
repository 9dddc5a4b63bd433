"""Proposal pages on the author's and the community's side: submit, edit, withdraw,
the proposal page, supports, comments, flags, "my proposals".

HTTP in and out only: forms are read here, rules run in :mod:`app.proposals.services`,
and each request commits once.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from app import labels, policy
from app.accounts.queries import list_verified_entities_for
from app.consultations.queries import get_consultation_by_slug_or_404
from app.consultations.services import ensure_collection_open
from app.errors import DomainError, NotFound, ValidationFailed, apply_errors_to_form
from app.extensions import db
from app.pagination import page_number
from app.proposals import assist, community, queries, services
from app.proposals.forms import (
    CommentForm,
    FlagForm,
    ProposalForm,
    SupportForm,
    WithdrawForm,
    new_token,
    token_or_empty,
)
from app.reference.snapshot import reference_data
from app.security import limit_assist, limit_comment, limit_flag, limit_submit

bp = Blueprint("proposals", __name__)


def _load_visible(proposal_id: int):
    """The proposal if the current user may see it; otherwise 404 (never leak existence)."""
    proposal = queries.get_proposal_or_404(proposal_id)
    if not policy.can(current_user, "proposal.view", proposal):
        raise NotFound()
    return proposal


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
    draft_key = assist.draft_storage_key(
        current_app.secret_key, current_user.id, consultation.id, proposal.id if proposal else None
    )
    return render_template(
        "proposals/form.html",
        form=form,
        consultation=consultation,
        proposal=proposal,
        general=general,
        assistance=assistance,
        min_length=assist.MIN_TEXT_LENGTH,
        draft_key=draft_key,
    ), status


# --- submit and edit -----------------------------------------------------------------


@bp.route("/consultazioni/<slug>/proposte/nuova", methods=["GET", "POST"])
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
        try:
            proposal, _created = services.submit_proposal(
                current_user, consultation, form.to_input(), final=final
            )
        except ValidationFailed as error:
            db.session.rollback()
            general = apply_errors_to_form(form, error)
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
            return redirect(url_for("consultations.detail", slug=consultation.slug))
        else:
            # Read before the commit, which expires every loaded object: reading the
            # proposal (or the user's language) afterwards would load them all again.
            message = _submitted_message(proposal)
            target = url_for("proposals.detail", proposal_id=proposal.id)
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


@bp.route("/proposte/<int:proposal_id>/modifica", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int):
    proposal = _load_visible(proposal_id)
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
        try:
            services.update_proposal(current_user, proposal, form.to_input(), final=_wants_final())
        except ValidationFailed as error:
            db.session.rollback()
            general = apply_errors_to_form(form, error)
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
            return redirect(url_for("proposals.detail", proposal_id=proposal_id))
        else:
            db.session.commit()
            flash(_submitted_message(proposal), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return _render_form(form, consultation, proposal, general)


# --- suggestions while typing (app/static/js/proposal-form.js) -------------------------

ASSIST_FIELDS = ("title", "summary", "need", "action")


@bp.post("/consultazioni/<slug>/proposte/suggerimenti")
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
            "label": f"{d.code} — {d.name}",
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


@bp.route("/proposte/<int:proposal_id>/ritira", methods=["GET", "POST"])
@login_required
def withdraw(proposal_id: int):
    proposal = _load_visible(proposal_id)
    policy.require(current_user, "proposal.withdraw", proposal)
    form = WithdrawForm()
    if form.validate_on_submit():
        services.withdraw_proposal(current_user, proposal, form.reason.data or "")
        db.session.commit()
        flash(_("Your proposal has been withdrawn."), "success")
        return redirect(url_for("proposals.mine"))
    return render_template("proposals/withdraw.html", form=form, proposal=proposal)


@bp.get("/le-mie-proposte")
@login_required
def mine():
    return render_template("proposals/mine.html", proposals=queries.list_proposals_of(current_user))


# --- the proposal page ----------------------------------------------------------------


def entity_url(organisation=None, comune=None) -> str | None:
    """The public page of an organisation or comune, if the accounts pages provide one."""
    try:
        if organisation is not None and "entities.organisation" in current_app.view_functions:
            return url_for("entities.organisation", slug=organisation.slug)
        if comune is not None and "entities.comune" in current_app.view_functions:
            return url_for("entities.comune", istat_code=comune.istat_code)
    except BuildError:
        return None
    return None


def _render_detail(proposal, comment_form: CommentForm | None = None, status: int = 200):
    entities = list_verified_entities_for(current_user)
    # A visitor is shown neither form (the template asks the policy), so no CSRF token is
    # made: the page then leaves the session alone and the page cache can keep it.
    meta = {"csrf": bool(current_user.is_authenticated)}
    if comment_form is None:
        comment_form = CommentForm(formdata=None, meta=meta)
    comment_form.prepare(entities)
    support_form = SupportForm(formdata=None, meta=meta)
    support_form.on_behalf.choices = comment_form.on_behalf.choices
    per_page = current_app.config.get("COMMENTS_PAGE_SIZE", 50)
    show_history = policy.can(current_user, "proposal.history", proposal)
    return render_template(
        "proposals/detail.html",
        proposal=proposal,
        support_counts=queries.count_supports_by_actor_type(proposal),
        threads=queries.list_comment_threads(proposal, page_number(request.args.get("page")), per_page),
        history=queries.list_history(proposal) if show_history else None,
        my_support=queries.get_support(proposal, current_user),
        comment_form=comment_form,
        support_form=support_form,
        has_entities=bool(entities),
        entity_url=entity_url,
        new_token=new_token,
    ), status


@bp.get("/proposte/<int:proposal_id>")
def detail(proposal_id: int):
    return _render_detail(_load_visible(proposal_id))


# --- supports ---------------------------------------------------------------------------


@bp.post("/proposte/<int:proposal_id>/sostieni")
@login_required
def support(proposal_id: int):
    proposal = _load_visible(proposal_id)
    policy.require(current_user, "proposal.support", proposal)
    try:
        added = community.support_proposal(current_user, proposal, request.form.get("on_behalf", ""))
    except ValidationFailed as error:
        db.session.rollback()
        flash(" ".join(str(message) for _field, message in error.errors), "error")
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        # Translated before the commit, which expires the current user: reading their
        # language afterwards would load them (and their roles) again.
        if added:
            message, category = _("Thank you: you now support this proposal."), "success"
        else:
            message, category = _("You already support this proposal."), "info"
        db.session.commit()
        flash(message, category)
    return redirect(url_for("proposals.detail", proposal_id=proposal_id))


@bp.post("/proposte/<int:proposal_id>/ritira-sostegno")
@login_required
def unsupport(proposal_id: int):
    proposal = _load_visible(proposal_id)
    removed = community.unsupport_proposal(current_user, proposal)
    db.session.commit()
    if removed:
        flash(_("You no longer support this proposal."), "success")
    else:
        flash(_("You were not supporting this proposal."), "info")
    return redirect(url_for("proposals.detail", proposal_id=proposal_id))


# --- comments ---------------------------------------------------------------------------


@bp.post("/proposte/<int:proposal_id>/commenti")
@limit_comment
@login_required
def comment(proposal_id: int):
    proposal = _load_visible(proposal_id)
    policy.require(current_user, "proposal.comment", proposal)
    form = CommentForm()
    form.prepare(list_verified_entities_for(current_user))
    if form.validate_on_submit():
        try:
            created_comment, _created = community.add_comment(
                current_user,
                proposal,
                form.body.data or "",
                parent_id=form.parent(),
                on_behalf=form.on_behalf.data or "",
                submission_token=form.submission_token.data or "",
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Your comment has been published."), "success")
            return redirect(
                url_for("proposals.detail", proposal_id=proposal_id, _anchor=f"comment-{created_comment.id}")
            )
    return _render_detail(proposal, comment_form=form, status=422)


# --- flags ------------------------------------------------------------------------------


@bp.route("/proposte/<int:proposal_id>/segnala", methods=["GET", "POST"])
@limit_flag
@login_required
def flag(proposal_id: int):
    proposal = _load_visible(proposal_id)
    policy.require(current_user, "proposal.flag", proposal)
    return _flag_page(proposal, None)


@bp.route("/commenti/<int:comment_id>/segnala", methods=["GET", "POST"])
@limit_flag
@login_required
def flag_comment(comment_id: int):
    target = queries.get_comment_or_404(comment_id)
    proposal = _load_visible(target.proposal_id)
    # A hidden comment does not exist for those who may not see it (its text is on the page).
    if not policy.can(current_user, "comment.view", target):
        raise NotFound()
    policy.require(current_user, "comment.flag", target)
    return _flag_page(proposal, target)


def _flag_page(proposal, target_comment):
    form = FlagForm()
    if form.validate_on_submit():
        try:
            if target_comment is None:
                opened = community.flag_proposal(current_user, proposal, form.reason.data, form.details.data)
            else:
                opened = community.flag_comment(
                    current_user, target_comment, form.reason.data, form.details.data
                )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors_to_form(form, error)
        else:
            db.session.commit()
            if opened:
                flash(_("Thank you: the moderators will look at your report."), "success")
            else:
                flash(_("You have already reported this."), "info")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "proposals/flag.html", form=form, proposal=proposal, comment=target_comment
    ), status
