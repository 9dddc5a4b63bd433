"""Privacy rules and writes: consents, deleting (anonymising) an account, retention.

Every function takes the acting user (or the account concerned), only flushes, and
raises :mod:`app.errors` exceptions; the route (or the CLI command) commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, update
from werkzeug.security import check_password_hash

from app import audit, policy
from app.accounts.models import Representation, RoleAssignment, User, new_session_token
from app.admin.queries import admin_assignments
from app.admin.services import LastAdmin
from app.consultations.models import Follow
from app.documents.services import delete_personal_attachments
from app.errors import DomainError, ValidationFailed
from app.extensions import db
from app.identity.models import VerifiedIdentity
from app.meetings.registrations import forget_person
from app.models_base import utcnow
from app.notifications.models import Notification, ProposalFollow
from app.privacy import queries
from app.privacy.models import DOCUMENTS, Consent
from app.proposals.models import Support
from app.statistics import live

# Stored in place of the public name; shown translated ("Deleted user") at display time.
DELETED_NAME = "Utente cancellato"


def record_consent(user: User, version: str, document: str = "privacy") -> Consent:
    """Record that ``user`` accepts ``version`` of ``document`` now.

    Accepting the same version twice records nothing new.

    :raises DomainError: unknown document or empty version.
    """
    if document not in DOCUMENTS or not version:
        raise DomainError(_l("The request could not be completed."))
    existing = queries.latest_consent(user, document)
    if existing is not None and existing.version == version:
        return existing
    consent = Consent(user_id=user.id, document=document, version=version, accepted_at=utcnow())
    db.session.add(consent)
    db.session.flush()
    return consent


def delete_account(actor, user: User, password: str | None = None) -> User:
    """Delete ``user``'s account: personal data erased, content kept and anonymised.

    What stays: the ``users`` row (so proposals and comments keep an author, shown as
    "Deleted user"), proposals, comments, flags and moderation history. Supports stay
    counted but are unlinked from the person. What goes: e-mail, public name, password,
    language, roles, follows, consents, pending and verified representations (revoked,
    their free text and documents erased), meeting registrations, and the notifications
    written to them (they greet the person by name and list the proposals they supported,
    which would re-link the unlinked supports; sent or not, they can no longer be
    delivered). Every session is logged out.

    :param password: the person's password, required when they delete their own account.
    :raises PermissionDenied: ``actor`` is neither ``user`` nor an admin.
    :raises ValidationFailed: the password is wrong (own account).
    :raises LastAdmin: ``user`` is the last administrator.
    :raises DomainError: the account is already deleted.
    """
    policy.require(actor, "account.delete", user)
    if user.deleted_at is not None:
        raise DomainError(_l("This account has already been deleted."))
    by_self = getattr(actor, "id", None) == user.id
    if by_self and not (user.password_hash and check_password_hash(user.password_hash, password or "")):
        raise ValidationFailed([("password", _l("The password is not correct."))])
    if user.is_admin:
        # Lock the admin rows so two admins cannot delete each other at the same time.
        others = {a.user_id for a in admin_assignments(lock=True) if a.user_id != user.id}
        if not others:
            raise LastAdmin()

    user_id = user.id
    now = utcnow()
    own_supports = live.own_support_ids(user_id)
    _erase(
        update(Support).where(Support.user_id == user_id).values(user_id=None),
        delete(Follow).where(Follow.user_id == user_id),
        delete(ProposalFollow).where(ProposalFollow.user_id == user_id),
        delete(Consent).where(Consent.user_id == user_id),
        update(Representation)
        .where(Representation.user_id == user_id, Representation.status.in_(("pending", "verified")))
        .values(status="revoked", decided_at=now, decided_by_id=None),
        update(Representation)
        .where(Representation.user_id == user_id)
        .values(message="", role_title="", decision_note=""),
        delete(RoleAssignment).where(RoleAssignment.user_id == user_id),
        delete(Notification).where(Notification.user_id == user_id),
        # The SPID/CIE link goes too: the same person may open a new account with it.
        delete(VerifiedIdentity).where(VerifiedIdentity.user_id == user_id),
    )
    live.supports_unlinked(user_id, own_supports)
    # Documents about this person only (a delibera di delega); a position paper stays with
    # its proposal, like the proposal's text (app.documents.owners).
    delete_personal_attachments(user_id)
    # Their seats at meetings to come go to the first people waiting.
    forget_person(user_id)
    user.email = None
    user.display_name = DELETED_NAME
    user.password_hash = None
    user.locale = None
    user.last_login_at = None
    user.session_token = new_session_token()
    user.deleted_at = now
    db.session.flush()
    db.session.expire(user, ["roles", "representations", "identity"])
    # No personal data in the log: the account's id says which row was anonymised.
    audit.record(actor, "account.delete", user, by_self=by_self)
    return user


def _erase(*statements) -> None:
    for statement in statements:
        db.session.execute(statement.execution_options(synchronize_session=False))


def purge_unconfirmed(days: int, now: datetime | None = None) -> int:
    """Delete accounts never confirmed within ``days`` days of registering.

    They are deleted, not anonymised: an unconfirmed account cannot write anything, so
    nothing of theirs needs to stay.

    :returns: how many accounts were deleted.
    :raises DomainError: ``days`` is negative.
    """
    if days < 0:
        raise DomainError(_l("The number of days cannot be negative."))
    cutoff = (now or utcnow()) - timedelta(days=days)
    users = queries.list_unconfirmed_to_purge(cutoff)
    for user in users:
        db.session.delete(user)
    db.session.flush()
    if users:
        audit.record(None, "account.purge_unconfirmed", object_type="users", count=len(users), days=days)
    return len(users)
