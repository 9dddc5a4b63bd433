"""Proposal pages on the author's and the community's side: submit, edit, withdraw,
the proposal page, supports, comments, flags, "my proposals".

HTTP in and out only: forms are read here, rules run in :mod:`app.proposals.services`,
and each request commits once.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from app import policy
from app.accounts.queries import list_verified_entities_for
from app.consultations.queries import get_consultation_by_slug_or_404
from app.consultations.services import ensure_collection_open
from app.errors import DomainError, NotFound, ValidationFailed, apply_errors_to_form
from app.extensions import db
from app.pagination import page_number
from app.proposals import community, queries, services
from app.proposals.forms import CommentForm, FlagForm, ProposalForm, SupportForm, WithdrawForm, new_token
from app.reference import queries as reference_queries
from app.security import limit_comment, limit_flag, limit_submit

bp = Blueprint("proposals", __name__)


def _load_visible(proposal_id: int):
    """The proposal if the current user may see it; otherwise 404 (never leak existence)."""
    proposal = queries.get_proposal_or_404(proposal_id)
    if not policy.can(current_user, "proposal.view", proposal):
        raise NotFound()
    return proposal


def _prepare_proposal_form(form: ProposalForm, consultation) -> None:
    form.set_choices(
        consultation,
        drivers=consultation.drivers,
        missions=reference_queries.list_missions(),
        keywords=reference_queries.list_keywords(),
        zones=reference_queries.list_zones(),
        comuni=queries.list_comuni_for(consultation),
        entities=list_verified_entities_for(current_user),
    )


def _wants_final() -> bool:
    """Which button was pressed: "Submit" (full checks) or "Save draft"."""
    return request.form.get("intent") != "draft"


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
            db.session.commit()
            flash(_submitted_message(proposal), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "proposals/form.html", form=form, consultation=consultation, proposal=None, general=general
    ), status


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
    status = 422 if request.method == "POST" else 200
    return render_template(
        "proposals/form.html", form=form, consultation=consultation, proposal=proposal, general=general
    ), status


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
    if comment_form is None:
        comment_form = CommentForm(formdata=None)
    comment_form.prepare(entities)
    support_form = SupportForm(formdata=None)
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
        is_moderator=policy.can(current_user, "moderation.view"),
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
        db.session.commit()
        if added:
            flash(_("Thank you: you now support this proposal."), "success")
        else:
            flash(_("You already support this proposal."), "info")
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
    policy.require(current_user, "proposal.flag", proposal)
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
