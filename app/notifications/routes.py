"""Notification preferences (on the account pages) and the signed unsubscribe link."""

from __future__ import annotations

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import INVALID, refused
from app.extensions import db
from app.notifications import dispatch, queries, services
from app.notifications.forms import PreferencesForm, UnsubscribeForm
from app.notifications.models import DEFAULT_FREQUENCY
from app.notifications.tokens import read_unsubscribe_token

bp = Blueprint("notifications", __name__)
logger = logging.getLogger("forum.notifications")


@bp.after_app_request
def deliver_after_commit(response):
    """Hand the mails the request committed to the background sender (never sent here)."""
    dispatch.dispatch_committed()
    return response


@bp.route("/account/notifiche", methods=["GET", "POST"])
@login_required
def preferences():
    form = PreferencesForm()
    status = 200
    if request.method == "GET":
        preference = queries.get_preference(current_user)
        form.frequency.data = preference.frequency if preference else DEFAULT_FREQUENCY
        form.followed_answers.data = preference.followed_answers if preference else False
    elif form.validate_on_submit():
        with refused(form) as refusal:
            services.set_notification_preferences(
                current_user, current_user, form.frequency.data, form.followed_answers.data
            )
        if not refusal:
            db.session.commit()
            flash(_("Your notification preferences are saved."), "success")
            return redirect(url_for("notifications.preferences"))
        status = INVALID
    else:
        status = INVALID
    return render_template("notifications/preferences.html", form=form), status


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
