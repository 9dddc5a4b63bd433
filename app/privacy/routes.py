"""Privacy pages: the notice, accepting a new version of it, deleting one's account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user, user_logged_in

from app.accounts.routes import safe_next
from app.admin.services import LastAdmin
from app.errors import INVALID, ValidationFailed, refused
from app.extensions import db
from app.privacy import queries, services
from app.privacy.forms import ConsentForm, DeleteAccountForm

bp = Blueprint("privacy", __name__)

# Writes that stay possible before accepting a new notice: accepting it, leaving, the language.
CONSENT_EXEMPT = {
    "privacy.consent",
    "privacy.delete_account",
    "accounts.logout",
    "accounts.logout_everywhere",
    "main.set_language",
    "static",
}
SESSION_KEY = "privacy_version"


def current_version() -> str:
    return current_app.config["PRIVACY_NOTICE_VERSION"]


def needs_consent(user) -> bool:
    """True if ``user`` has not accepted the current notice (remembered in the session)."""
    version = current_version()
    if session.get(SESSION_KEY) == version:
        return False
    if queries.has_accepted(user, version):
        session[SESSION_KEY] = version
        return False
    return True


@user_logged_in.connect
def _check_consent_at_login(_sender, user, **_extra) -> None:
    """Look the acceptance up once at login (remembered in the fresh session), not on the
    first write of the session."""
    needs_consent(user)


@bp.before_app_request
def ask_for_consent_before_writing():
    """A person who has not accepted the current notice is asked to before any write."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.endpoint in CONSENT_EXEMPT:
        return None
    if not current_user.is_authenticated or not needs_consent(current_user):
        return None
    flash(_("The privacy notice has changed: please read it and accept it to continue."), "warning")
    return redirect(url_for("privacy.consent", next=_referrer_path()))


def _referrer_path() -> str | None:
    """The page the write came from, when it is on this site (to go back there after)."""
    parts = urlsplit(request.referrer or "")
    if parts.netloc and parts.netloc != request.host:
        return None
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))


@bp.get("/privacy")
def notice():
    return render_template("privacy/notice.html", version=current_version())


@bp.route("/account/consenso", methods=["GET", "POST"])
@login_required
def consent():
    next_url = safe_next(request.args.get("next"))
    if not needs_consent(current_user):
        return redirect(next_url)
    form = ConsentForm()
    if form.validate_on_submit():
        services.record_consent(current_user, current_version())
        db.session.commit()
        session[SESSION_KEY] = current_version()
        flash(_("Thank you: you accepted the privacy notice."), "success")
        return redirect(next_url)
    status = INVALID if form.is_submitted() else 200
    return render_template("privacy/consent.html", form=form, version=current_version()), status


@bp.route("/account/cancella", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    general: list[str] = []
    status = INVALID if form.is_submitted() else 200
    if form.validate_on_submit():
        with refused(form, catch=(ValidationFailed, LastAdmin)) as refusal:
            services.delete_account(current_user, current_user, form.password.data)
        if not refusal:
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Your account is deleted. Thank you for taking part."), "info")
            return redirect(url_for("main.home"))
        general, status = refusal.general, refusal.error.status
    return render_template("privacy/delete.html", form=form, general=general), status
