"""Notifications: the Notifiche page, preferences, the signed unsubscribe link, following a proposal."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import INVALID, refused
from app.extensions import db
from app.notifications import dispatch, inbox, queries, services
from app.notifications.forms import FollowProposalForm, MarkAllReadForm, PreferencesForm, UnsubscribeForm
from app.notifications.models import DEFAULT_FREQUENCY
from app.notifications.tokens import read_unsubscribe_token
from app.pagination import page_number
from app.proposals.queries import get_proposal_or_404

bp = Blueprint("notifications", __name__)
logger = logging.getLogger("forum.notifications")


@bp.after_app_request
def deliver_after_commit(response):
    """Hand the mails and events the request committed to the background (never sent here)."""
    dispatch.dispatch_committed()
    return response


@bp.app_context_processor
def unread_notifications() -> dict:
    """The menu's count of unread notifications (computed only when a template asks)."""

    def count() -> int:
        if not current_user.is_authenticated:
            return 0
        return queries.count_unread(current_user)

    return {"unread_notifications_count": count}


@bp.app_template_global("is_following_proposal")
def is_following_proposal(proposal) -> bool:
    return queries.is_following_proposal(current_user, proposal.id)


@bp.get("/notifiche/")
@login_required
def index():
    page = queries.list_site_notifications(
        current_user, page_number(request.args.get("page")), current_app.config["PAGE_SIZE"]
    )
    unread = queries.count_unread(current_user)
    return render_template("notifications/index.html", page=page, unread=unread, form=MarkAllReadForm())


@bp.get("/notifiche/<int:notification_id>")
@login_required
def open_notification(notification_id: int):
    """Mark the notification read and go where it leads (its page, or back to the list)."""
    notification = queries.get_own_notification_or_404(current_user, notification_id)
    inbox.mark_read(current_user, notification)
    db.session.commit()
    target = notification.link if notification.link and notification.link.startswith("/") else None
    # Only paths on this site: "//host" would leave it.
    if target is None or target.startswith("//"):
        target = url_for("notifications.index")
    return redirect(target)


@bp.post("/notifiche/lette")
@login_required
def mark_all_read():
    form = MarkAllReadForm()
    if form.validate_on_submit():
        inbox.mark_all_read(current_user)
        db.session.commit()
        flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.post("/proposte/<int:proposal_id>/segui")
@login_required
def follow_proposal(proposal_id: int):
    proposal = get_proposal_or_404(proposal_id)
    if FollowProposalForm().validate_on_submit():
        inbox.follow_proposal(current_user, proposal)
        db.session.commit()
        flash(
            _("You are following this proposal: we will tell you about new comments and its answer."),
            "success",
        )
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.post("/proposte/<int:proposal_id>/smetti-di-seguire")
@login_required
def unfollow_proposal(proposal_id: int):
    proposal = get_proposal_or_404(proposal_id)
    if FollowProposalForm().validate_on_submit():
        inbox.unfollow_proposal(current_user, proposal)
        db.session.commit()
        flash(_("You no longer follow this proposal."), "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.route("/account/notifiche", methods=["GET", "POST"])
@login_required
def preferences():
    form = PreferencesForm()
    status = 200
    if request.method == "GET":
        preference = queries.get_preference(current_user)
        for name in form.CATEGORY_FIELDS:
            chosen = preference.frequency_for(_first_kind(name)) if preference else DEFAULT_FREQUENCY
            getattr(form, name).data = chosen
        form.followed_answers.data = preference.followed_answers if preference else False
    elif form.validate_on_submit():
        with refused(form) as refusal:
            services.set_notification_preferences(
                current_user,
                current_user,
                {name: getattr(form, name).data for name in form.CATEGORY_FIELDS},
                form.followed_answers.data,
            )
        if not refusal:
            db.session.commit()
            flash(_("Your notification preferences are saved."), "success")
            return redirect(url_for("notifications.preferences"))
        status = INVALID
    else:
        status = INVALID
    return render_template("notifications/preferences.html", form=form), status


def _first_kind(category: str) -> str:
    from_models = services.PREFERENCE_CATEGORIES[category]
    return from_models[0]


@bp.route("/notifiche/annulla-iscrizione/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    user = read_unsubscribe_token(token)
    form = UnsubscribeForm()
    done = False
    if form.validate_on_submit():
        services.unsubscribe(user)
        db.session.commit()
        done = True
    return render_template("notifications/unsubscribe.html", form=form, token=token, done=done)
