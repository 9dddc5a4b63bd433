"""Representatives: asking to speak for an organisation or a comune, and the decision.

Split from :mod:`app.accounts.services` by sub-domain. Same rules: actor passed in,
flush only, :mod:`app.errors` exceptions, every decision in the audit log.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l

from app import audit, policy
from app.accounts.models import Organisation, Representation, User
from app.accounts.queries import (
    find_organisation_by_name,
    has_open_representation,
    slug_exists,
)
from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.models_base import utcnow
from app.reference.models import ActorType, Comune
from app.sanitize import clean_line, clean_text

# Actor types a person (not an organisation) or an institution has: not offered for organisations.
NON_ORGANISATION_ACTOR_TYPES = ("cittadino", "comune", "zona_omogenea")
ORGANISATION_NAME_MIN, ORGANISATION_NAME_MAX = 3, 200


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:120] or "ente"


def unique_slug(name: str) -> str:
    base = slugify(name)
    slug, n = base, 2
    while slug_exists(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug


def check_organisation_fields(name: str, actor_type: ActorType | None) -> tuple[str, list]:
    """Clean an organisation's name and check it and its actor type."""
    name = clean_line(name)
    errors: list[tuple[str, object]] = []
    if not (ORGANISATION_NAME_MIN <= len(name) <= ORGANISATION_NAME_MAX):
        errors.append(
            (
                "organisation_name",
                _l(
                    "The name must be between %(min)d and %(max)d characters.",
                    min=ORGANISATION_NAME_MIN,
                    max=ORGANISATION_NAME_MAX,
                ),
            )
        )
    if actor_type is None or actor_type.code in NON_ORGANISATION_ACTOR_TYPES:
        errors.append(("actor_type", _l("Choose the kind of organisation from the list.")))
    return name, errors


def request_representation(
    actor: User,
    *,
    kind: str,
    organisation: Organisation | None = None,
    new_organisation_name: str = "",
    actor_type: ActorType | None = None,
    comune: Comune | None = None,
    role_title: str = "",
    message: str = "",
) -> Representation:
    """Ask to be verified as the representative of an organisation or a comune.

    For an organisation the person picks a public one or names a new one with its actor
    type (the new organisation is created now, so admins can verify and edit it; it stays
    private until a first representative is verified). A name that matches an organisation
    not public yet joins that one's requests, without saying it exists.

    :raises PermissionDenied: the account is not confirmed.
    :raises ValidationFailed: missing entity, bad new organisation, or a pending or
        verified request for the same entity already exists.
    """
    policy.require(actor, "representation.request")
    errors: list[tuple[str, object]] = []
    role_title = clean_line(role_title)[:120]
    message = clean_text(message)[:2000]
    new_name = clean_line(new_organisation_name)
    if kind == "organisation":
        comune = None
        if organisation is not None and not organisation.is_public:
            organisation = None  # only public ones are offered: a forged choice is no choice
        if organisation is None and not new_name:
            errors.append(("organisation", _l("Choose an organisation or write the name of a new one.")))
        elif organisation is None:
            new_name, org_errors = check_organisation_fields(new_name, actor_type)
            errors += org_errors
            existing = find_organisation_by_name(new_name) if not org_errors else None
            if existing is not None and existing.is_public:
                errors.append(
                    ("organisation_name", _l("This organisation already exists: choose it from the list."))
                )
            elif existing is not None:
                organisation = existing
    elif kind == "comune":
        organisation = None
        if comune is None:
            errors.append(("comune", _l("Choose a comune from the list.")))
    else:
        errors.append(("kind", _l("Choose whether you represent an organisation or a comune.")))
    if not errors and (organisation is not None or comune is not None):
        if has_open_representation(actor, organisation=organisation, comune=comune):
            errors.append(
                (
                    "organisation" if kind == "organisation" else "comune",
                    _l("You already asked to represent it (or you are already verified)."),
                )
            )
    if errors:
        raise ValidationFailed(errors)
    if kind == "organisation" and organisation is None:
        organisation = Organisation(name=new_name, slug=unique_slug(new_name), actor_type=actor_type)
        db.session.add(organisation)
        db.session.flush()
        audit.record(actor, "organisation.create", organisation, name=new_name)
    representation = Representation(
        user_id=actor.id,
        kind=kind,
        organisation=organisation,
        comune=comune,
        role_title=role_title,
        message=message,
        status="pending",
    )
    db.session.add(representation)
    db.session.flush()
    audit.record(actor, "representation.request", representation, entity=representation.entity_name)
    return representation


def decide_representation(actor: User, representation: Representation, decision: str, note: str = "") -> None:
    """Verify or refuse a pending request, recording who decided, when and why. The first
    verified representative makes the organisation public.

    :raises PermissionDenied: ``actor`` is neither an admin nor the coordinator of the
        comune's zone.
    :raises ValidationFailed: unknown decision, or a refusal without a note.
    :raises Conflict: the request was already decided (e.g. by someone else meanwhile).
    """
    policy.require(actor, "representation.decide", representation)
    note = clean_text(note)[:2000]
    if decision not in ("verified", "refused"):
        raise ValidationFailed([("decision", _l("Choose verify or refuse."))])
    if decision == "refused" and not note:
        raise ValidationFailed([("note", _l("Explain why the request is refused."))])
    if representation.status != "pending":
        raise Conflict(_l("This request has already been decided."))
    representation.status = decision
    representation.decided_by_id = actor.id
    representation.decided_at = utcnow()
    representation.decision_note = note
    organisation = representation.organisation
    if decision == "verified" and organisation is not None and organisation.verified_at is None:
        organisation.verified_at = representation.decided_at  # now the organisation is public
    db.session.flush()
    action = "representation.verify" if decision == "verified" else "representation.refuse"
    audit.record(actor, action, representation, entity=representation.entity_name, note=note)


def revoke_representation(actor: User, representation: Representation, note: str = "") -> None:
    """Withdraw a verified representative's right to speak for the entity.

    :raises PermissionDenied: ``actor`` is not an admin.
    :raises ValidationFailed: no reason given.
    :raises Conflict: the representation is not verified.
    """
    policy.require(actor, "representation.revoke", representation)
    note = clean_text(note)[:2000]
    if not note:
        raise ValidationFailed([("note", _l("Explain why the representation is revoked."))])
    if representation.status != "verified":
        raise Conflict(_l("Only a verified representation can be revoked."))
    representation.status = "revoked"
    representation.decided_by_id = actor.id
    representation.decided_at = utcnow()
    representation.decision_note = note
    db.session.flush()
    audit.record(actor, "representation.revoke", representation, entity=representation.entity_name, note=note)
