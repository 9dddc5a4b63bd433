"""Registration, confirmation, login and logout, passwords, profile, representation requests."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app import policy
from app.accounts import queries, representation_services, services, sessions, tokens
from app.accounts.export import user_data_export
from app.accounts.forms import (
    ChangePasswordForm,
    EmailForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    RepresentationForm,
    ResetPasswordForm,
    choices,
)
from app.errors import INVALID, refused
from app.extensions import db
from app.main.locale import chosen_language
from app.notifications import mails
from app.privacy import queries as privacy_queries
from app.privacy import services as privacy_services
from app.reference.queries import list_actor_types, list_comuni
from app.security import limit_login, limit_mail

bp = Blueprint("accounts", __name__, url_prefix="/account")


def safe_next(target: str | None, default: str | None = None) -> str:
    """Follow ``next`` only to a same-site relative path (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.isprintable():
            return target
    return default or url_for("main.home")


# Set at logout: the next page clears the drafts of the proposal form kept in this
# browser (static/js/forget-drafts.js), for browsers without Clear-Site-Data.
FORGET_DRAFTS = "forget_drafts"


def _language() -> str:
    return str(get_locale())


def _start_session(user, remember: bool = False) -> None:
    """Log in on a fresh session: nothing planted before login survives (session fixation).

    The login is recorded on the server (app.accounts.sessions); the caller commits.
    """
    session.clear()
    sessions.open_session(user, remember=remember)
    login_user(user, remember=remember)


def _end_session() -> None:
    """Log out this browser; the caller commits (the login's row is deleted)."""
    if current_user.is_authenticated:
        sessions.close_session(current_user._get_current_object())
    logout_user()
    session.clear()


# Registration and confirmation -------------------------------------------------------


@bp.route("/registrati", methods=["GET", "POST"])
@limit_mail
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = RegisterForm()
    if form.validate_on_submit():
        with refused(form) as refusal:
            user, created = services.sign_up(
                None, form.email.data, form.display_name.data, form.password.data, chosen_language()
            )
        if not refusal:
            if created:
                privacy_services.record_consent(user, current_app.config["PRIVACY_NOTICE_VERSION"])
            mails.queue_sign_up_answer(user, created, _language())
            db.session.commit()
            return redirect(url_for("accounts.check_email"))
    status = INVALID if form.is_submitted() else 200
    return render_template("accounts/register.html", form=form), status


@bp.get("/controlla-email")
def check_email():
    return render_template("accounts/check_email.html")


@bp.get("/conferma/<token>")
def confirm(token: str):
    user = tokens.read_token(token, "confirm")
    services.confirm_email(user)
    db.session.commit()
    flash(_("Thank you: your e-mail address is confirmed."), "success")
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    return redirect(url_for("accounts.login"))


@bp.route("/conferma-di-nuovo", methods=["GET", "POST"])
@limit_mail
def resend_confirmation():
    if current_user.is_authenticated:
        if request.method == "POST" and not current_user.is_confirmed:
            mails.queue_confirmation(current_user, current_user, _language())
            db.session.commit()
            flash(_("We sent you a new confirmation link."), "success")
        return redirect(url_for("accounts.profile"))
    form = EmailForm()
    if form.validate_on_submit():
        user = queries.get_user_by_email(services.normalise_email(form.email.data))
        if user is not None and not user.is_confirmed and user.is_active:
            mails.queue_confirmation(None, user, _language())
            db.session.commit()
        # The same answer either way: the page does not reveal who has an account.
        return redirect(url_for("accounts.check_email"))
    status = INVALID if form.is_submitted() else 200
    return render_template("accounts/resend.html", form=form), status


# Login and logout --------------------------------------------------------------------


@bp.route("/accedi", methods=["GET", "POST"])
@limit_login
def login():
    next_url = request.args.get("next")
    if current_user.is_authenticated:
        return redirect(safe_next(next_url))
    form = LoginForm()
    general: list[str] = []
    status = INVALID if form.is_submitted() else 200
    if form.validate_on_submit():
        with refused(form, catch=(services.LoginFailed,)) as refusal:
            user = services.authenticate(form.email.data, form.password.data)
        if refusal:
            general, status = refusal.general, refusal.error.status
        else:
            _start_session(user, remember=form.remember.data)
            services.record_login(user)
            db.session.commit()
            if not user.is_confirmed:
                flash(_("Please confirm your e-mail address to take part: check your inbox."), "warning")
            else:
                flash(_("Welcome back, %(name)s.", name=user.display_name), "success")
            if not privacy_queries.has_accepted(user, current_app.config["PRIVACY_NOTICE_VERSION"]):
                # The notice changed since they accepted it (or they never did): ask first.
                return redirect(url_for("privacy.consent", next=safe_next(next_url)))
            return redirect(safe_next(next_url))
    return render_template("accounts/login.html", form=form, general=general, next_url=next_url), status


@bp.post("/esci")
def logout():
    _end_session()
    db.session.commit()
    session[FORGET_DRAFTS] = True
    flash(_("You are logged out."), "info")
    response = redirect(url_for("main.home"))
    # Drafts of the proposal form kept in this browser go with the login.
    response.headers["Clear-Site-Data"] = '"storage"'
    return response


@bp.post("/esci-ovunque")
@login_required
def logout_everywhere():
    services.logout_everywhere(current_user, current_user)
    db.session.commit()
    logout_user()
    session.clear()
    session[FORGET_DRAFTS] = True
    flash(_("You are logged out on every device."), "info")
    response = redirect(url_for("accounts.login"))
    response.headers["Clear-Site-Data"] = '"storage"'
    return response


# Passwords ---------------------------------------------------------------------------


@bp.route("/password-dimenticata", methods=["GET", "POST"])
@limit_mail
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        # One row in the outbox whether or not the address has an account: the same
        # answer in the same time; the worker sends the link (or says there is no account).
        mails.queue_password_reset(None, services.normalise_email(form.email.data), _language())
        db.session.commit()
        flash(
            _("If an account uses this address, we have sent it a link to choose a new password."),
            "info",
        )
        return redirect(url_for("accounts.login"))
    status = INVALID if form.is_submitted() else 200
    return render_template("accounts/forgot.html", form=form), status


@bp.route("/nuova-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = tokens.read_token(token, "reset")
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with refused(form) as refusal:
            services.reset_password(user, form.password.data)
        if not refusal:
            db.session.commit()
            logout_user()
            flash(_("Your password is changed. Please log in with the new one."), "success")
            return redirect(url_for("accounts.login"))
    status = INVALID if form.is_submitted() else 200
    return render_template("accounts/reset.html", form=form, token=token), status


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        with refused(form) as refusal:
            services.change_password(
                current_user, current_user, form.current_password.data, form.password.data
            )
        if not refusal:
            # Every login ended with the old password: this one starts again, the others are out.
            _start_session(current_user._get_current_object())
            db.session.commit()
            flash(_("Your password is changed. Your other sessions are logged out."), "success")
            return redirect(url_for("accounts.profile"))
    status = INVALID if form.is_submitted() else 200
    return render_template("accounts/change_password.html", form=form), status


# Profile -----------------------------------------------------------------------------


@bp.route("/profilo", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=None if request.method == "POST" else current_user)
    if request.method == "GET":
        form.locale.data = current_user.locale or ""
    if form.validate_on_submit():
        with refused(form) as refusal:
            services.update_profile(current_user, current_user, form.display_name.data, form.locale.data)
        if not refusal:
            db.session.commit()
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("accounts.profile"))
    status = INVALID if form.is_submitted() else 200
    return (
        render_template(
            "accounts/profile.html",
            form=form,
            representations=queries.list_representations_for_user(current_user),
            can_list_requests=policy.can(current_user, "representation.list"),
        ),
        status,
    )


@bp.get("/i-miei-dati.json")
@login_required
def my_data():
    data = user_data_export(current_user, privacy_queries.collect_user_data(current_user))
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=forum-i-miei-dati.json"},
    )


# Representation requests -------------------------------------------------------------


@bp.route("/rappresentanza", methods=["GET", "POST"])
@login_required
def request_representation():
    policy.require(current_user, "representation.request")
    form = RepresentationForm()
    organisations = {o.id: o for o in queries.list_organisations()}
    actor_types = {
        a.id: a
        for a in list_actor_types()
        if a.code not in representation_services.NON_ORGANISATION_ACTOR_TYPES
    }
    comuni = {c.id: c for c in list_comuni()}
    choose = (0, _("— choose —"))
    form.organisation.choices = choices([choose] + [(o.id, o.name) for o in organisations.values()])
    form.actor_type.choices = choices([choose] + [(a.id, a.display_name) for a in actor_types.values()])
    form.comune.choices = choices([choose] + [(c.id, c.name) for c in comuni.values()])
    if form.validate_on_submit():
        with refused(form) as refusal:
            representation_services.request_representation(
                current_user,
                kind=form.kind.data,
                organisation=organisations.get(form.organisation.data),
                new_organisation_name=form.organisation_name.data or "",
                actor_type=actor_types.get(form.actor_type.data),
                comune=comuni.get(form.comune.data),
                role_title=form.role_title.data,
                message=form.message.data or "",
            )
        if not refusal:
            db.session.commit()
            flash(_("Your request is sent. You will see its status in your profile."), "success")
            return redirect(url_for("accounts.profile"))
    status = INVALID if form.is_submitted() else 200
    return render_template("accounts/representation_request.html", form=form), status
