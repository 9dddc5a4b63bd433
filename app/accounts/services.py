"""Accounts: registration, confirmation, login, profile, passwords, sessions.

Every function takes the acting user (or the account concerned) as an argument, only
flushes, and raises :mod:`app.errors` exceptions; the route commits and sends mail.
"""

from __future__ import annotations

import functools

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from app import audit
from app.accounts.models import ROLES, RoleAssignment, User, new_session_token
from app.accounts.passwords import password_problems
from app.accounts.queries import get_user_by_email
from app.accounts.sessions import close_all_sessions
from app.errors import DomainError, PermissionDenied, ValidationFailed
from app.extensions import db
from app.models_base import utcnow
from app.reference.models import Zone
from app.reference.queries import get_zone_by_slug_or_404
from app.sanitize import clean_line

DISPLAY_NAME_MIN, DISPLAY_NAME_MAX = 2, 80
LOCALES = ("it", "en")


class LoginFailed(DomainError):
    """Wrong e-mail or password; the message never says which."""

    def __init__(self):
        super().__init__(_l("The e-mail address or the password is not correct."), status=401)


def hash_password(password: str) -> str:
    """Hash with scrypt (werkzeug); the cost parameters come from ``PASSWORD_HASH_METHOD``."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@functools.cache
def _dummy_hash_for(method: str) -> str:
    return generate_password_hash("not-a-real-password", method=method)


def _dummy_hash() -> str:
    # Checked when the address is unknown so a wrong e-mail costs as long as a wrong password.
    return _dummy_hash_for(current_app.config["PASSWORD_HASH_METHOD"])


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def _check_email(email: str) -> tuple[str, list[tuple[str, object]]]:
    email = normalise_email(email)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return email, [("email", _l("Enter a valid e-mail address, like name@example.org."))]
    if len(email) > 254:
        return email, [("email", _l("This e-mail address is too long."))]
    return email, []


def _check_display_name(display_name: str | None) -> tuple[str, list[tuple[str, object]]]:
    name = clean_line(display_name)
    if not (DISPLAY_NAME_MIN <= len(name) <= DISPLAY_NAME_MAX):
        return name, [
            (
                "display_name",
                _l(
                    "The public name must be between %(min)d and %(max)d characters.",
                    min=DISPLAY_NAME_MIN,
                    max=DISPLAY_NAME_MAX,
                ),
            )
        ]
    return name, []


def _check_registration(email: str, display_name: str, password: str) -> tuple[str, str, list]:
    email, errors = _check_email(email)
    name, name_errors = _check_display_name(display_name)
    errors += name_errors
    errors += [("password", problem) for problem in password_problems(password or "", email, name)]
    return email, name, errors


def sign_up(
    actor: User | None, email: str, display_name: str, password: str, locale: str | None = None
) -> tuple[User, bool]:
    """Register from the public form without revealing who has an account.

    A new address gets an unconfirmed account; an address that already has one gets
    nothing new, and the caller mails its owner instead. Both paths hash the password,
    so they take the same time.

    :returns: ``(user, created)``: the new account, or the existing one with ``False``.
    :raises ValidationFailed: invalid e-mail, bad public name or weak password (all
        problems at once, each on its field); never "already registered".
    """
    email, name, errors = _check_registration(email, display_name, password)
    if errors:
        raise ValidationFailed(errors)
    existing = get_user_by_email(email)
    if existing is not None:
        hash_password(password)  # the same work as a new account: no timing difference
        return existing, False
    return _create_account(email, name, password, locale), True


def register_user(email: str, display_name: str, password: str, locale: str | None = None) -> User:
    """Create an unconfirmed account (the CLI and the demo; the public form uses :func:`sign_up`).

    :raises ValidationFailed: invalid or already registered e-mail, bad public name or
        weak password (all problems at once, each on its field).
    """
    email, name, errors = _check_registration(email, display_name, password)
    if not any(field == "email" for field, _ in errors) and get_user_by_email(email) is not None:
        errors.append(
            (
                "email",
                _l("An account with this e-mail address already exists. Log in or reset your password."),
            )
        )
    if errors:
        raise ValidationFailed(errors)
    return _create_account(email, name, password, locale)


def _create_account(email: str, name: str, password: str, locale: str | None) -> User:
    user = User(
        email=email,
        display_name=name,
        password_hash=hash_password(password),
        locale=locale if locale in LOCALES else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def confirm_email(user: User) -> User:
    """Mark the e-mail address as confirmed (the token was checked by the caller)."""
    if user.confirmed_at is None:
        user.confirmed_at = utcnow()
        db.session.flush()
    return user


def authenticate(email: str, password: str) -> User:
    """The active account with this e-mail and password.

    :raises LoginFailed: unknown address, wrong password or deleted account.
    """
    user = get_user_by_email(normalise_email(email))
    if user is None or not user.password_hash or user.deleted_at is not None:
        check_password_hash(_dummy_hash(), password or "")
        raise LoginFailed()
    if not check_password_hash(user.password_hash, password or ""):
        raise LoginFailed()
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    db.session.flush()


def update_profile(actor: User, user: User, display_name: str, locale: str | None) -> User:
    """Change the public name and the preferred language.

    :raises PermissionDenied: when ``actor`` edits someone else's profile.
    :raises ValidationFailed: when the public name is empty or too long after cleaning.
    """
    _require_self(actor, user)
    name, errors = _check_display_name(display_name)
    if locale not in (*LOCALES, None, ""):
        errors.append(("locale", _l("Choose a language from the list.")))
    if errors:
        raise ValidationFailed(errors)
    user.display_name = name
    user.locale = locale or None
    db.session.flush()
    return user


def change_password(actor: User, user: User, current_password: str, new_password: str) -> User:
    """Set a new password after checking the current one; other sessions are logged out.

    :raises PermissionDenied: when ``actor`` is not ``user``.
    :raises ValidationFailed: wrong current password or weak new password.
    """
    _require_self(actor, user)
    errors = []
    if not user.password_hash or not check_password_hash(user.password_hash, current_password or ""):
        errors.append(("current_password", _l("The current password is not correct.")))
    problems = password_problems(new_password or "", user.email or "", user.display_name)
    errors += [("password", p) for p in problems]
    if errors:
        raise ValidationFailed(errors)
    _set_password(user, new_password)
    return user


def reset_password(user: User, new_password: str) -> User:
    """Set a new password from a reset link (the token was checked by the caller).

    Also confirms the address (the person proved they read its mail) and logs out
    every session.

    :raises ValidationFailed: weak new password.
    """
    problems = password_problems(new_password or "", user.email or "", user.display_name)
    if problems:
        raise ValidationFailed([("password", p) for p in problems])
    _set_password(user, new_password)
    if user.confirmed_at is None:
        user.confirmed_at = utcnow()
    db.session.flush()
    return user


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    close_all_sessions(user)


def logout_everywhere(actor: User, user: User) -> User:
    """Invalidate every session and "remember me" cookie of ``user``.

    :raises PermissionDenied: when ``actor`` is not ``user``.
    """
    _require_self(actor, user)
    user.session_token = new_session_token()
    close_all_sessions(user)
    return user


def _require_self(actor, user: User) -> None:
    if actor is None or getattr(actor, "id", None) != user.id:
        raise PermissionDenied(_l("You can only change your own account."))


def create_confirmed_user(
    email: str,
    display_name: str,
    password: str,
    roles: tuple[str, ...] | list[str] = (),
    zone: Zone | str | None = None,
) -> User:
    """Create a confirmed account with roles (CLI, demo loader, ops).

    :param zone: the zone (or its slug) of a ``zone_coordinator`` role.
    :raises ValidationFailed: bad e-mail, name or password, unknown role, or a
        ``zone_coordinator`` role without a zone.
    :raises NotFound: unknown zone slug.
    """
    user = register_user(email, display_name, password)
    user.confirmed_at = utcnow()
    if isinstance(zone, str):
        zone = get_zone_by_slug_or_404(zone)
    unknown = [role for role in roles if role not in ROLES]
    if unknown:
        raise ValidationFailed([("roles", _l("Unknown role: %(role)s.", role=", ".join(unknown)))])
    if "zone_coordinator" in roles and zone is None:
        raise ValidationFailed([("zone", _l("A zone coordinator needs a zone."))])
    for role in dict.fromkeys(roles):
        db.session.add(
            RoleAssignment(user=user, role=role, zone_id=zone.id if role == "zone_coordinator" else None)
        )
    db.session.flush()
    audit.record(None, "user.create", user, roles=list(roles), zone=zone.slug if zone else None)
    return user
