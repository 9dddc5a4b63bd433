"""Rules and writes for consultations: create, edit, close early, follow.

Every function takes the acting user, checks the policy, changes the models, flushes
and records an audit entry; the caller commits.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import audit, policy
from app.consultations.models import DATE_FIELDS, Consultation, Follow
from app.consultations.queries import get_follow, slug_exists
from app.errors import DomainError, ValidationFailed
from app.extensions import db
from app.models_base import utcnow
from app.reference.models import Driver, Zone
from app.sanitize import clean_line, clean_text

_AFTER_MESSAGES = {
    "collection_starts_at": _l("Collection must start after the information phase starts."),
    "discussion_starts_at": _l("Discussion must start after the collection phase starts."),
    "synthesis_starts_at": _l("Synthesis must start after the discussion phase starts."),
    "answers_starts_at": _l("Answers must start after the synthesis phase starts."),
    "closes_at": _l("The consultation must close after the answers phase starts."),
}
# Paths under /consultazioni/ that a slug must not take.
RESERVED_SLUGS = {"nuova"}
MAX_SLUG_LENGTH = 150
TITLE_MAX = 200
OTHER_ZONE = _l("You can open consultations only for the zones you coordinate.")
WHOLE_AREA_NOT_YOURS = _l(
    "Consultations for the whole metropolitan area are opened by the plan office: choose your zone."
)
DESCRIPTION_MAX = 20_000


def create_consultation(
    actor,
    *,
    title: str,
    description: str,
    scope: str,
    zone_id: int | None,
    driver_ids: list[int],
    dates: dict[str, datetime | None],
    is_premoderated: bool,
    requires_verified_identity: bool = False,
) -> Consultation:
    """Open a new consultation owned by ``actor``; its slug comes from the title.

    :raises PermissionDenied: unless ``actor`` is an admin or a zone coordinator.
    :raises ValidationFailed: for a missing title, no Driver, an unknown zone, a scope the
        actor may not use (coordinators: their own zones only), or dates missing or not in
        increasing order; nothing is saved.
    """
    policy.require(actor, "consultation.create")
    consultation = Consultation(owner_id=actor.id, published_count=0)
    _apply(actor, consultation, title, description, scope, zone_id, driver_ids, dates, is_premoderated)
    consultation.requires_verified_identity = bool(requires_verified_identity)
    consultation.slug = _unique_slug(consultation.title)
    db.session.add(consultation)
    db.session.flush()
    audit.record(actor, "consultation.create", consultation, title=consultation.title, scope=scope)
    return consultation


def edit_consultation(
    actor,
    consultation: Consultation,
    *,
    title: str,
    description: str,
    scope: str,
    zone_id: int | None,
    driver_ids: list[int],
    dates: dict[str, datetime | None],
    is_premoderated: bool,
    requires_verified_identity: bool = False,
) -> Consultation:
    """Change a consultation; its slug (and so its address) stays the same.

    :raises PermissionDenied: unless ``actor`` may edit it.
    :raises ValidationFailed: as :func:`create_consultation` (a scope ``actor`` may not own
        included); nothing is changed.
    """
    policy.require(actor, "consultation.edit", consultation)
    _apply(actor, consultation, title, description, scope, zone_id, driver_ids, dates, is_premoderated)
    consultation.requires_verified_identity = bool(requires_verified_identity)
    db.session.flush()
    audit.record(
        actor,
        "consultation.edit",
        consultation,
        title=consultation.title,
        scope=consultation.scope,
        zone_id=consultation.zone_id,
        requires_verified_identity=consultation.requires_verified_identity,
        dates=[getattr(consultation, name).isoformat() for name in DATE_FIELDS],
    )
    return consultation


def close_consultation_early(actor, consultation: Consultation) -> Consultation:
    """Close a consultation now, before its planned closing date.

    :raises PermissionDenied: unless ``actor`` may edit it.
    :raises DomainError: if it is already closed.
    """
    policy.require(actor, "consultation.edit", consultation)
    if consultation.state == "closed":
        raise DomainError(_l("This consultation is already closed."), status=409)
    consultation.closed_early_at = utcnow()
    db.session.flush()
    audit.record(actor, "consultation.close_early", consultation)
    return consultation


def follow_consultation(actor, consultation: Consultation) -> Follow:
    """Follow a consultation (idempotent: following twice keeps one follow).

    :raises PermissionDenied: unless ``actor`` has a confirmed account.
    """
    policy.require(actor, "consultation.follow", consultation)
    existing = get_follow(actor, consultation)
    if existing is not None:
        return existing
    follow = Follow(user_id=actor.id, consultation_id=consultation.id)
    try:
        # A double click may race with itself; the unique constraint settles it.
        with db.session.begin_nested():
            db.session.add(follow)
    except IntegrityError:
        return get_follow(actor, consultation)
    return follow


def unfollow_consultation(actor, consultation: Consultation) -> None:
    """Stop following a consultation (no error if not following).

    :raises PermissionDenied: unless ``actor`` has a confirmed account.
    """
    policy.require(actor, "consultation.follow", consultation)
    existing = get_follow(actor, consultation)
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()


def ensure_collection_open(consultation: Consultation) -> None:
    """Check that proposals may be submitted to ``consultation`` now.

    :raises DomainError: if the consultation is not in its collection phase.
    """
    if consultation.state != "collection":
        raise DomainError(
            _l(
                "Proposals can be submitted only while the collection phase is open "
                "(from %(start)s to %(end)s).",
                start=format_datetime(consultation.collection_starts_at, "short"),
                end=format_datetime(consultation.discussion_starts_at, "short"),
            ),
            status=409,
        )


def _apply(actor, consultation, title, description, scope, zone_id, driver_ids, dates, is_premoderated):
    """Validate every field, check the scope is the actor's, then set the values."""
    errors: list[tuple[str, object]] = []
    title = clean_line(title)[:TITLE_MAX]
    description = clean_text(description)[:DESCRIPTION_MAX]
    if not title:
        errors.append(("title", _l("Enter a title.")))
    zone = None
    if scope == "zone":
        zone = db.session.get(Zone, zone_id) if zone_id else None
        if zone is None:
            errors.append(("zone", _l("Choose the zone of the consultation.")))
    elif scope != "metropolitan":
        errors.append(("scope", _l("Choose the scope of the consultation.")))
    drivers = []
    if driver_ids:
        drivers = list(
            db.session.scalars(select(Driver).where(Driver.id.in_(driver_ids)).order_by(Driver.number))
        )
    if not drivers or len(drivers) != len(set(driver_ids)):
        errors.append(("drivers", _l("Choose at least one Driver.")))
    # The scope is checked against the policy as it will be, so a coordinator cannot
    # open or move a consultation to another zone or to the whole metropolitan area. It is
    # a mistake on the form, shown next to the field with everything typed kept (issue 15).
    scope_known = scope == "metropolitan" or zone is not None
    if scope_known and not policy.can(actor, "consultation.edit", _Scope(scope, zone.id if zone else None)):
        errors.append(("zone", OTHER_ZONE) if scope == "zone" else ("scope", WHOLE_AREA_NOT_YOURS))
    errors.extend(_date_errors(dates))
    if errors:
        raise ValidationFailed(errors)
    consultation.title = title
    consultation.description = description
    consultation.scope = scope
    consultation.zone_id = zone.id if zone else None
    consultation.drivers = drivers
    consultation.is_premoderated = bool(is_premoderated)
    for name in DATE_FIELDS:
        setattr(consultation, name, dates[name])


class _Scope:
    """The two attributes the consultation policy reads, for a scope not yet saved."""

    def __init__(self, scope: str, zone_id: int | None):
        self.scope = scope
        self.zone_id = zone_id


def _date_errors(dates: dict[str, datetime | None]) -> list[tuple[str, object]]:
    errors: list[tuple[str, object]] = []
    previous = None
    for name in DATE_FIELDS:
        value = dates.get(name)
        if value is None:
            errors.append((name, _l("Enter a date and time.")))
            previous = None
            continue
        if previous is not None and value <= previous:
            errors.append((name, _AFTER_MESSAGES[name]))
        previous = value
    return errors


def slugify(title: str) -> str:
    """An ASCII, lower-case, hyphenated form of ``title`` ("Città 2027" → "citta-2027")."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:MAX_SLUG_LENGTH].strip("-") or "consultazione"


def _unique_slug(title: str) -> str:
    base = slugify(title)
    candidate, n = base, 1
    while candidate in RESERVED_SLUGS or slug_exists(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate
