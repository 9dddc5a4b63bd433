"""The moderation queue and moderators' decisions (HTTP in and out only)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import labels, policy
from app.errors import DomainError, NotFound, apply_errors_to_form, refused
from app.extensions import db
from app.moderation import decisions, queries, services
from app.moderation.forms import (
    ChangesForm,
    CommentHideForm,
    DecisionForm,
    DuplicateForm,
    FlagDismissForm,
    FlagUpholdForm,
    ReasonForm,
)
from app.pagination import page_number
from app.proposals.queries import get_comment_or_404

bp = Blueprint("moderation", __name__, url_prefix="/moderazione")

# URL slug -> decision code (services.DECISIONS) and the form that carries it.
DECISION_SLUGS = {
    "pubblica": "publish",
    "rifiuta": "reject",
    "richiedi-modifiche": "request_changes",
    "nascondi": "hide",
    "ripristina": "restore",
    "duplicato": "mark_duplicate",
}
SLUG_OF = {code: slug for slug, code in DECISION_SLUGS.items()}
DECISION_FORMS = {
    "publish": DecisionForm,
    "reject": ReasonForm,
    "request_changes": ChangesForm,
    "hide": ReasonForm,
    "restore": DecisionForm,
    "mark_duplicate": DuplicateForm,
}
DONE_MESSAGES = {
    "publish": _l("The proposal has been published."),
    "reject": _l("The proposal has been rejected."),
    "request_changes": _l("The author has been asked to make changes."),
    "hide": _l("The proposal has been hidden."),
    "restore": _l("The proposal has been published again."),
    "mark_duplicate": _l("The proposal has been marked as a duplicate and hidden."),
}


@bp.before_request
def require_moderator():
    """Every moderation page: log in first, then be a moderator (or an admin), or a zone
    coordinator (each page then checks the item belongs to their zone's consultations)."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    policy.require(current_user, "moderation.view")
    return None


@bp.context_processor
def moderation_labels() -> dict:
    return {
        "flag_status_label": lambda code: labels.label(labels.FLAG_STATUSES, code),
        "comment_state_label": lambda code: labels.label(labels.COMMENT_STATES, code),
    }


@bp.get("/")
def queue():
    zones = policy.moderated_zones(current_user)
    proposals = queries.list_submitted_proposals(page_number(request.args.get("page")), zone_ids=zones)
    flag_groups = queries.list_open_flag_groups(page_number(request.args.get("segnalazioni")), zone_ids=zones)
    return render_template(
        "moderation/queue.html",
        zone_only=zones is not None,
        proposals=proposals,
        resubmitted=queries.resubmitted_ids(proposals.items),
        flag_groups=flag_groups,
    )


@bp.get("/registro")
def log():
    """The moderation acts of the audit log, read-only (the full log is the admins')."""
    policy.require(current_user, "moderation.log")
    action = request.args.get("azione", "")[:60]
    page = queries.list_moderation_log(
        page_number(request.args.get("page")), current_app.config["PAGE_SIZE"], action
    )
    filters = {"azione": action} if action else {}
    return render_template(
        "moderation/log.html", page=page, actions=queries.MODERATION_ACTIONS, filters=filters
    )


@bp.get("/proposte/<int:proposal_id>")
def review(proposal_id: int):
    proposal = queries.get_proposal_for_review_or_404(proposal_id)
    policy.require(current_user, "moderation.view", proposal)
    return _render_review(proposal)


@bp.post("/proposte/<int:proposal_id>/<slug>")
def decide(proposal_id: int, slug: str):
    code = DECISION_SLUGS.get(slug)
    if code is None:
        raise NotFound()
    proposal = queries.get_proposal_for_review_or_404(proposal_id)
    policy.require(current_user, "moderation.decide", proposal)
    form = DECISION_FORMS[code]()
    if not form.validate_on_submit():
        return _render_review(proposal, code, form)
    return _act(
        lambda: _apply_decision(code, proposal, form),
        done=DONE_MESSAGES[code],
        back=url_for(".review", proposal_id=proposal_id),
        on_invalid=lambda error: _render_review(proposal, code, form, apply_errors_to_form(form, error)),
    )


def _act(do, *, done, back: str, on_invalid=None):
    """Run one moderation act the same way for every endpoint.

    On success: commit once (e-mails queued by ``do`` leave after it), flash ``done``, go ``back``.
    A :class:`ValidationFailed` goes back to the form through ``on_invalid``. Any other
    domain error (someone acted first, a state that no longer allows the act) changes
    nothing: roll back, say why, and show the item as it is now. Not-found and
    permission errors reach the error pages.
    """
    with refused(catch=(DomainError,)) as refusal:
        do()
    if refusal.invalid and on_invalid is not None:
        return on_invalid(refusal.error)
    if refusal:
        flash(str(refusal.error.message), "error")
        return redirect(back)
    db.session.commit()
    flash(str(done), "success")
    return redirect(back)


def _apply_decision(code: str, proposal, form) -> None:
    # Each decision's form carries the fields it needs (a reason, a message, the original).
    typed = {
        name: getattr(form, name).data for name in ("reason", "message", "original_id") if hasattr(form, name)
    }
    decisions.decide_proposal(
        current_user, proposal, code, expected_state=form.expected_state.data or None, **typed
    )


def _render_review(proposal, failed_code: str | None = None, failed_form=None, general=()):
    # Four eyes: no decision forms on one's own proposal (the template says why).
    decidable = policy.can(current_user, "moderation.decide", proposal)
    codes = services.available_decisions(proposal) if decidable else []
    forms = {code: DECISION_FORMS[code](formdata=None) for code in codes}
    if failed_code is not None:
        forms[failed_code] = failed_form
    comments = queries.list_comments_for_review(proposal, page_number(request.args.get("commenti")))
    body = render_template(
        "moderation/review.html",
        proposal=proposal,
        forms=forms,
        failed_form=failed_form,
        slug_of=SLUG_OF,
        general_errors=list(general),
        history=queries.list_history(proposal),
        flags=queries.list_flags_on_target(proposal.id, None),
        comments=comments,
        comment_flag_counts=queries.count_open_flags_by_comment([c.id for c in comments.items]),
        duplicate_of=queries.get_proposal_or_none(proposal.duplicate_of_id),
        public_url=url_for("proposals.detail", proposal_id=proposal.id),
    )
    return body, (422 if failed_code else 200)


@bp.get("/commenti/<int:comment_id>")
def comment(comment_id: int):
    comment = get_comment_or_404(comment_id)
    policy.require(current_user, "moderation.view", comment)
    return _render_comment(comment)


@bp.post("/commenti/<int:comment_id>/nascondi")
def hide_comment(comment_id: int):
    comment = get_comment_or_404(comment_id)
    policy.require(current_user, "moderation.decide", comment)
    form = CommentHideForm()
    if not form.validate_on_submit():
        return _render_comment(comment, form)
    return _act(
        lambda: services.hide_comment(
            current_user,
            comment,
            reason=form.reason.data,
            expected_state=form.expected_state.data or "published",
        ),
        done=_l("The comment has been hidden."),
        back=url_for(".comment", comment_id=comment_id),
        on_invalid=lambda error: _render_comment(comment, form, apply_errors_to_form(form, error)),
    )


@bp.post("/commenti/<int:comment_id>/ripristina")
def restore_comment(comment_id: int):
    comment = get_comment_or_404(comment_id)
    policy.require(current_user, "moderation.decide", comment)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _render_comment(comment)
    return _act(
        lambda: services.restore_comment(
            current_user, comment, expected_state=form.expected_state.data or "hidden"
        ),
        done=_l("The comment is visible again."),
        back=url_for(".comment", comment_id=comment_id),
    )


def _render_comment(comment, hide_form=None, general=()):
    body = render_template(
        "moderation/comment.html",
        comment=comment,
        hide_form=hide_form or CommentHideForm(formdata=None),
        restore_form=DecisionForm(formdata=None),
        general_errors=list(general),
        flags=queries.list_flags_on_target(comment.proposal_id, comment.id),
    )
    return body, (422 if hide_form is not None else 200)


@bp.get("/segnalazioni/<int:flag_id>")
def flags(flag_id: int):
    flag = queries.get_flag_or_404(flag_id)
    policy.require(current_user, "moderation.view", flag)
    return _render_flags(flag)


@bp.post("/segnalazioni/<int:flag_id>/accogli")
def uphold_flags(flag_id: int):
    flag = queries.get_flag_or_404(flag_id)
    _require_decide_flags(flag)
    form = FlagUpholdForm()
    if not form.validate_on_submit():
        return _render_flags(flag, uphold_form=form)
    return _act(
        lambda: services.uphold_flags(current_user, flag, note=form.uphold_note.data),
        done=_l("The reports have been upheld and the content hidden."),
        back=url_for(".flags", flag_id=flag_id),
    )


@bp.post("/segnalazioni/<int:flag_id>/respingi")
def dismiss_flags(flag_id: int):
    flag = queries.get_flag_or_404(flag_id)
    _require_decide_flags(flag)
    form = FlagDismissForm()
    if not form.validate_on_submit():
        return _render_flags(flag, dismiss_form=form)
    return _act(
        lambda: services.dismiss_flags(current_user, flag, note=form.note.data),
        done=_l("The reports have been dismissed."),
        back=url_for(".flags", flag_id=flag_id),
        on_invalid=lambda error: _render_flags(
            flag, dismiss_form=form, general=apply_errors_to_form(form, error)
        ),
    )


def _require_decide_flags(flag) -> None:
    """Four eyes: not on reports one made, nor on reports about one's own content."""
    policy.require(current_user, "moderation.view", flag)
    policy.require(
        current_user,
        "moderation.decide",
        queries.list_open_flags_on_target(flag.proposal_id, flag.comment_id),
    )


def _render_flags(flag, uphold_form=None, dismiss_form=None, general=()):
    body = render_template(
        "moderation/flags.html",
        flag=flag,
        flags=queries.list_flags_on_target(flag.proposal_id, flag.comment_id),
        uphold_form=uphold_form or FlagUpholdForm(formdata=None),
        dismiss_form=dismiss_form or FlagDismissForm(formdata=None),
        general_errors=list(general),
    )
    return body, (422 if (uphold_form or dismiss_form) is not None else 200)
