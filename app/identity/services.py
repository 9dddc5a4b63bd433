"""Rules of SPID/CIE sign-in: recognise a verified identity, link it, or open an account with it.

Every function takes the people concerned as arguments, only flushes and raises
:mod:`app.errors` exceptions; the route commits, logs in and sends mail. The fiscal
number arrives in a :class:`~app.identity.gateway.GatewayIdentity` and leaves as a keyed
digest: it is never stored, returned, logged or written in the audit trail.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash

from app import audit
from app.accounts import services as account_services
from app.accounts.models import User
from app.accounts.queries import get_user_by_email
from app.errors import DomainError, ValidationFailed
from app.extensions import db
from app.identity import queries
from app.identity.fiscal import fiscal_number_digest
from app.identity.gateway import GatewayIdentity
from app.identity.models import VerifiedIdentity
from app.models_base import utcnow

# How the callback goes on (see :func:`resolve_sign_in`).
SIGNED_IN, LINKED, NEEDS_PASSWORD, NEW_ACCOUNT = "signed_in", "linked", "needs_password", "new_account"


@dataclass(frozen=True)
class PendingIdentity:
    """A verified identity waiting for the person's next step (kept in the signed session).

    Holds the digest, never the fiscal number; the names only to suggest a public name.
    """

    digest: str
    issuer: str
    given_name: str
    family_name: str
    email: str | None

    def as_session(self) -> dict:
        return asdict(self)

    @classmethod
    def from_session(cls, data) -> PendingIdentity | None:
        try:
            return cls(**data) if isinstance(data, dict) else None
        except TypeError:
            return None

    @property
    def suggested_name(self) -> str:
        """First name and the family name's initial: public pages show names as people choose."""
        family = f" {self.family_name[0]}." if self.family_name else ""
        return f"{self.given_name}{family}".strip()


class IdentityTaken(DomainError):
    def __init__(self):
        super().__init__(
            _l(
                "This SPID or CIE identity is already linked to another account of the Forum. "
                "Log out and sign in with SPID or CIE to use that account."
            ),
            status=409,
        )


class OtherIdentityLinked(DomainError):
    def __init__(self):
        super().__init__(
            _l("This account is already linked to another SPID or CIE identity. Nothing was changed."),
            status=409,
        )


def pending_from(identity: GatewayIdentity) -> PendingIdentity:
    """The digest of ``identity``'s fiscal number under ``IDENTITY_HASH_KEY``, with what else is needed."""
    return PendingIdentity(
        digest=fiscal_number_digest(identity.fiscal_number, current_app.config["IDENTITY_HASH_KEY"]),
        issuer=identity.issuer,
        given_name=identity.given_name[:80],
        family_name=identity.family_name[:80],
        email=identity.email,
    )


def resolve_sign_in(actor: User | None, pending: PendingIdentity) -> tuple[str, User | None]:
    """Decide what a verified sign-in means for ``actor`` (None when nobody is logged in).

    - a known identity: its account signs in (``SIGNED_IN``);
    - ``actor`` logged in without an identity: the identity is linked to them (``LINKED``);
    - the gateway's e-mail belongs to an account: its owner must prove the password
      before the identity is linked to it (``NEEDS_PASSWORD``, with that account);
    - otherwise a new account is to be opened (``NEW_ACCOUNT``).

    :raises IdentityTaken: ``actor`` is logged in and the identity belongs to another account.
    :raises OtherIdentityLinked: ``actor`` (or the e-mail's account) has another identity.
    """
    known = queries.get_identity_by_digest(pending.digest)
    if known is not None:
        if actor is not None and actor.id != known.user_id:
            raise IdentityTaken()
        known.last_verified_at = utcnow()
        db.session.flush()
        return SIGNED_IN, db.session.get(User, known.user_id)
    if actor is not None:
        link_identity(actor, actor, pending)
        return LINKED, actor
    existing = get_user_by_email(pending.email) if pending.email else None
    if existing is not None and existing.deleted_at is None:
        if queries.get_identity_of_user(existing.id) is not None:
            raise OtherIdentityLinked()
        return NEEDS_PASSWORD, existing
    return NEW_ACCOUNT, None


def link_identity(actor: User, user: User, pending: PendingIdentity) -> VerifiedIdentity:
    """Link the verified identity to ``user`` (one identity per account, one account per identity).

    :raises IdentityTaken: the identity is linked to another account.
    :raises OtherIdentityLinked: ``user`` already has another identity.
    """
    if queries.get_identity_by_digest(pending.digest) is not None:
        raise IdentityTaken()
    if queries.get_identity_of_user(user.id) is not None:
        raise OtherIdentityLinked()
    identity = VerifiedIdentity(user_id=user.id, fiscal_number_digest=pending.digest, issuer=pending.issuer)
    db.session.add(identity)
    db.session.flush()
    db.session.expire(user, ["identity"])
    # Which account and which gateway: never the fiscal number nor its digest.
    audit.record(actor, "identity.link", user, issuer=pending.issuer)
    return identity


def link_after_password(user: User, password: str, pending: PendingIdentity) -> VerifiedIdentity:
    """Link the identity to the account its e-mail names, once its owner proved the password.

    :raises ValidationFailed: wrong password (or an account without one).
    :raises IdentityTaken, OtherIdentityLinked: as :func:`link_identity`.
    """
    if not (user.password_hash and check_password_hash(user.password_hash, password or "")):
        raise ValidationFailed([("password", _l("The password is not correct."))])
    return link_identity(user, user, pending)


def open_verified_account(
    pending: PendingIdentity, display_name: str, typed_email: str | None, locale: str | None
) -> tuple[User, bool]:
    """Open an account for a person who signed in with SPID or CIE, and link the identity.

    The gateway's e-mail is taken as confirmed; an address the person typed (SPID may
    send none) is confirmed by e-mail as at registration. The account has no password:
    the person signs in with SPID or CIE, or sets one with "forgot password".

    :returns: ``(user, needs_confirmation)``.
    :raises ValidationFailed: bad public name, bad e-mail, or an e-mail that has an account
        (whose owner should log in and link SPID or CIE from the profile).
    :raises IdentityTaken: the identity was linked meanwhile (a second tab).
    """
    email = pending.email or account_services.normalise_email(typed_email)
    email, errors = account_services._check_email(email)
    name, name_errors = account_services._check_display_name(display_name)
    errors += name_errors
    if not errors and get_user_by_email(email) is not None:
        errors.append(
            (
                "email",
                _l(
                    "An account with this e-mail address already exists. Log in with its password, "
                    "then link SPID or CIE from your profile."
                ),
            )
        )
    if errors:
        raise ValidationFailed(errors)
    if queries.get_identity_by_digest(pending.digest) is not None:
        raise IdentityTaken()
    confirmed = pending.email is not None
    user = User(
        email=email,
        display_name=name,
        password_hash=None,
        locale=locale if locale in account_services.LOCALES else None,
        confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(user, "account.register", user, via="spid_cie")
    link_identity(user, user, pending)
    return user, not confirmed
