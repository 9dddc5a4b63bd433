"""SPID/CIE sign-in: to the gateway and back, then sign in, link or open an account."""

from __future__ import annotations

import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user

from app.accounts import services as account_services
from app.accounts import sessions
from app.accounts.queries import get_user
from app.accounts.routes import safe_next
from app.errors import INVALID, DomainError, NotFound, refused
from app.extensions import db
from app.identity import gateway, services
from app.identity.forms import LinkPasswordForm, NewAccountForm
from app.notifications import mails
from app.privacy import queries as privacy_queries
from app.privacy import services as privacy_services
from app.security import limit_login

bp = Blueprint("identity", __name__, url_prefix="/account/spid-cie")

# The identity waiting for the person's next step (digest, never the fiscal number), the
# account it would be linked to, when it was verified, and where to go afterwards.
PENDING, PENDING_USER, PENDING_AT, NEXT = "identity_pending", "identity_user", "identity_at", "identity_next"
# A verified sign-in is good for this long: long enough to fill a short form, not for later.
PENDING_MAX_SECONDS = 15 * 60


@bp.before_request
def only_when_configured():
    if not gateway.is_enabled(current_app.config):
        raise NotFound()


@bp.app_context_processor
def sign_in_button():
    config = current_app.config
    return {
        "identity_sign_in": gateway.is_enabled(config),
        "identity_button_label": config.get("OIDC_BUTTON_LABEL") or _("Sign in with SPID or CIE"),
    }


def _language() -> str:
    return str(get_locale())


def _refused(error: DomainError):
    db.session.rollback()
    return render_template("identity/refused.html", message=error.message), error.status


def _log_in(user) -> None:
    """A fresh session for ``user`` (nothing planted before survives), recorded on the server."""
    session.clear()
    sessions.open_session(user)
    login_user(user)
    account_services.record_login(user)


def _after_log_in(user, next_url: str):
    if not privacy_queries.has_accepted(user, current_app.config["PRIVACY_NOTICE_VERSION"]):
        return redirect(url_for("privacy.consent", next=next_url))
    return redirect(next_url)


@bp.get("/entra")
@limit_login
def start():
    session[NEXT] = safe_next(request.args.get("next"))
    try:
        return gateway.start_sign_in(_language())
    except gateway.SignInRefused as error:
        return _refused(error)


@bp.get("/ritorno")
@limit_login
def callback():
    actor = current_user._get_current_object() if current_user.is_authenticated else None
    next_url = session.pop(NEXT, None) or url_for("main.home")
    try:
        pending = services.pending_from(gateway.finish_sign_in())
        outcome, user = services.resolve_sign_in(actor, pending)
    except DomainError as error:
        return _refused(error)
    if outcome == services.SIGNED_IN:
        _log_in(user)
        db.session.commit()
        flash(_("Welcome back, %(name)s: you signed in with SPID or CIE.", name=user.display_name), "success")
        return _after_log_in(user, next_url)
    if outcome == services.LINKED:
        db.session.commit()
        flash(
            _("Your identity is verified: your account now carries the “verified identity” mark."), "success"
        )
        return redirect(url_for("accounts.profile"))
    session[PENDING] = pending.as_session()
    session[PENDING_AT] = time.time()
    session[NEXT] = next_url
    if outcome == services.NEEDS_PASSWORD:
        session[PENDING_USER] = user.id
        return redirect(url_for("identity.link_account"))
    return redirect(url_for("identity.new_account"))


def _pending():
    """The identity verified a moment ago in this browser, or None (absent or too old)."""
    started = session.get(PENDING_AT)
    pending = services.PendingIdentity.from_session(session.get(PENDING))
    if pending is None or not isinstance(started, int | float) or time.time() - started > PENDING_MAX_SECONDS:
        _forget_pending()
        return None
    return pending


def _forget_pending() -> None:
    for key in (PENDING, PENDING_USER, PENDING_AT):
        session.pop(key, None)


def _expired():
    flash(_("The SPID or CIE sign-in expired before it was completed. Please sign in again."), "warning")
    return redirect(url_for("accounts.login"))


@bp.route("/collega", methods=["GET", "POST"])
@limit_login
def link_account():
    pending = _pending()
    user = get_user(session.get(PENDING_USER)) if pending and session.get(PENDING_USER) else None
    if pending is None or user is None:
        return _expired()
    form = LinkPasswordForm()
    status = 200
    if form.validate_on_submit():
        with refused(form, catch=(DomainError,)) as refusal:
            services.link_after_password(user, form.password.data, pending)
        if refusal.invalid:
            status = INVALID
        elif refusal:
            return _refused(refusal.error)
        else:
            next_url = session.get(NEXT) or url_for("main.home")
            _log_in(user)
            db.session.commit()
            flash(_("Your identity is verified and linked to your account."), "success")
            return _after_log_in(user, next_url)
    elif form.is_submitted():
        status = INVALID
    return render_template("identity/link_account.html", form=form, email=user.email), status


@bp.route("/nuovo-account", methods=["GET", "POST"])
@limit_login
def new_account():
    pending = _pending()
    if pending is None:
        return _expired()
    form = NewAccountForm()
    status = 200
    if not form.is_submitted():
        form.display_name.data = pending.suggested_name
    if form.validate_on_submit():
        with refused(form, catch=(DomainError,)) as refusal:
            user, needs_confirmation = services.open_verified_account(
                pending, form.display_name.data, form.email.data, _language()
            )
        if refusal.invalid:
            status = INVALID
        elif refusal:
            return _refused(refusal.error)
        else:
            privacy_services.record_consent(user, current_app.config["PRIVACY_NOTICE_VERSION"])
            if needs_confirmation:
                mails.queue_confirmation(None, user, _language())
            next_url = session.get(NEXT) or url_for("main.home")
            _log_in(user)
            db.session.commit()
            if needs_confirmation:
                message = _("Your account is open. Confirm your e-mail address with the link we sent you.")
                flash(message, "warning")
            else:
                flash(_("Your account is open and your identity is verified."), "success")
            return redirect(next_url)
    elif form.is_submitted():
        status = INVALID
    return render_template("identity/new_account.html", form=form, pending=pending), status
