"""The proposal page and what the community does on it: supports, comments, reports.

HTTP in and out only (split from :mod:`app.proposals.routes`, same blueprint): rules run in
:mod:`app.proposals.community`, and each request commits once.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import policy
from app.accounts.queries import list_verified_entities_for
from app.documents.queries import list_attachments
from app.errors import DomainError, NotFound, refused
from app.extensions import db
from app.meetings.queries import list_meetings_discussing
from app.pagination import page_number
from app.proposals import community, queries
from app.proposals.forms import CommentForm, FlagForm, SupportForm, new_token
from app.security import limit_comment, limit_flag

# --- the proposal page ----------------------------------------------------------------


def load_visible(proposal_id: int):
    """The proposal if the current user may see it; otherwise 404 (never leak existence)."""
    proposal = queries.get_proposal_or_404(proposal_id)
    if not policy.can(current_user, "proposal.view", proposal):
        raise NotFound()
    return proposal


def entity_url(organisation=None, comune=None) -> str | None:
    """The public page of an organisation or comune (None for neither)."""
    if organisation is not None:
        return url_for("entities.organisation", slug=organisation.slug)
    if comune is not None:
        return url_for("entities.comune", istat_code=comune.istat_code)
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
        verified_supports=queries.count_verified_supports(proposal),
        threads=queries.list_comment_threads(proposal, page_number(request.args.get("page")), per_page),
        history=queries.list_history(proposal) if show_history else None,
        my_support=queries.get_support(proposal, current_user),
        # Reported already: the page says so instead of offering the form again.
        my_flag=queries.find_flag(current_user, proposal, None) if current_user.is_authenticated else None,
        comment_form=comment_form,
        support_form=support_form,
        has_entities=bool(entities),
        entity_url=entity_url,
        new_token=new_token,
        attachments=list_attachments("proposal", proposal.id),
        discussed_at=list_meetings_discussing(proposal.id),
    ), status


def detail(proposal_id: int):
    return _render_detail(load_visible(proposal_id))


# --- supports ---------------------------------------------------------------------------


@login_required
def support(proposal_id: int):
    proposal = load_visible(proposal_id)
    community.require_open(proposal)  # 409 with the reason, before any 403
    policy.require(current_user, "proposal.support", proposal)
    with refused(catch=(DomainError,)) as refusal:
        added = community.support_proposal(current_user, proposal, request.form.get("on_behalf", ""))
    if refusal:
        flash(" ".join(refusal.general), "error")
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


@login_required
def unsupport(proposal_id: int):
    proposal = load_visible(proposal_id)
    community.require_open(proposal)  # 409 with the reason, before any 403
    removed = community.unsupport_proposal(current_user, proposal)
    db.session.commit()
    if removed:
        flash(_("You no longer support this proposal."), "success")
    else:
        flash(_("You were not supporting this proposal."), "info")
    return redirect(url_for("proposals.detail", proposal_id=proposal_id))


# --- comments ---------------------------------------------------------------------------


@limit_comment
@login_required
def comment(proposal_id: int):
    proposal = load_visible(proposal_id)
    community.require_open(proposal)  # 409 with the reason, before any 403
    policy.require(current_user, "proposal.comment", proposal)
    form = CommentForm()
    form.prepare(list_verified_entities_for(current_user))
    if form.validate_on_submit():
        with refused(form) as refusal:
            created_comment, _created = community.add_comment(
                current_user,
                proposal,
                form.body.data or "",
                parent_id=form.parent(),
                on_behalf=form.on_behalf.data or "",
                submission_token=form.submission_token.data or "",
            )
        if not refusal:
            db.session.commit()
            flash(_("Your comment has been published."), "success")
            return redirect(
                url_for("proposals.detail", proposal_id=proposal_id, _anchor=f"comment-{created_comment.id}")
            )
    return _render_detail(proposal, comment_form=form, status=422)


# --- flags ------------------------------------------------------------------------------


@limit_flag
@login_required
def flag(proposal_id: int):
    proposal = load_visible(proposal_id)
    community.require_open(proposal)  # 409 with the reason, before any 403
    policy.require(current_user, "proposal.flag", proposal)
    return _flag_page(proposal, None)


@limit_flag
@login_required
def flag_comment(comment_id: int):
    target = queries.get_comment_or_404(comment_id)
    proposal = load_visible(target.proposal_id)
    # A hidden comment does not exist for those who may not see it (its text is on the page).
    if not policy.can(current_user, "comment.view", target):
        raise NotFound()
    community.require_open(proposal)  # 409 with the reason, before any 403
    policy.require(current_user, "comment.flag", target)
    return _flag_page(proposal, target)


def _flag_page(proposal, target_comment):
    # One report per person and target: say so before the form is filled in, not after.
    if request.method == "GET" and queries.find_flag(current_user, proposal, target_comment) is not None:
        flash(_("You have already reported this."), "info")
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    form = FlagForm()
    if form.validate_on_submit():
        with refused(form) as refusal:
            if target_comment is None:
                opened = community.flag_proposal(current_user, proposal, form.reason.data, form.details.data)
            else:
                opened = community.flag_comment(
                    current_user, target_comment, form.reason.data, form.details.data
                )
        if not refusal:
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
