"""Administration: roles, reference data and organisations. Every change is audited.

Each function takes the acting admin first, re-checks ``admin.access``, validates all
fields before changing anything (raising :class:`ValidationFailed` with every problem),
flushes and records what changed (old and new values) in the audit log.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app import audit, policy
from app.accounts.models import ROLES, Organisation, RoleAssignment, User
from app.accounts.representation_services import check_organisation_fields
from app.admin.queries import admin_assignments, name_taken
from app.errors import DomainError, ValidationFailed
from app.extensions import db
from app.reference.models import ActorType, Component, Comune, Driver, Mission, VisionKeyword, Zone
from app.sanitize import clean_line, clean_text
from app.statistics import live

MAX_POPULATION = 5_000_000


class LastAdmin(DomainError):
    def __init__(self):
        super().__init__(_l("The last administrator cannot be removed: first make someone else admin."))


# Roles -------------------------------------------------------------------------------


def grant_role(actor: User, user: User, role: str, zone: Zone | None = None) -> RoleAssignment:
    """Give ``user`` a role (a zone coordinator's role is for one zone).

    :raises PermissionDenied: ``actor`` is not an admin.
    :raises ValidationFailed: unknown role, zone missing for (or given to) a role, or
        the person already holds it.
    """
    policy.require(actor, "admin.access")
    errors = []
    if role not in ROLES:
        errors.append(("role", _l("Choose a role from the list.")))
    elif role == "zone_coordinator" and zone is None:
        errors.append(("zone", _l("A zone coordinator needs a zone.")))
    if role != "zone_coordinator":
        zone = None
    zone_id = zone.id if zone is not None else None
    if not errors and any(a.role == role and a.zone_id == zone_id for a in user.roles):
        errors.append(("role", _l("This person already has this role.")))
    if errors:
        raise ValidationFailed(errors)
    assignment = RoleAssignment(user=user, role=role, zone_id=zone_id, granted_by_id=actor.id)
    db.session.add(assignment)
    db.session.flush()
    audit.record(actor, "role.grant", user, role=role, zone=zone.name if zone else None)
    return assignment


def revoke_role(actor: User, assignment: RoleAssignment) -> None:
    """Take a role away; the last administrator's admin role cannot be removed.

    :raises PermissionDenied: ``actor`` is not an admin.
    :raises LastAdmin: it is the only admin role left.
    """
    policy.require(actor, "admin.access")
    if assignment.role == "admin":
        # Lock the admin rows so two admins cannot remove each other at the same time.
        admins = admin_assignments(lock=True)
        if len({a.user_id for a in admins if a.id != assignment.id}) == 0:
            raise LastAdmin()
    user = assignment.user
    details = {"role": assignment.role, "zone": assignment.zone.name if assignment.zone else None}
    user.roles.remove(assignment)
    db.session.flush()
    audit.record(actor, "role.revoke", user, **details)


# Reference data ----------------------------------------------------------------------


def _name(value: str, field: str = "name", minimum: int = 2, maximum: int = 120) -> tuple[str, list]:
    text = clean_line(value)
    if not (minimum <= len(text) <= maximum):
        return text, [(field, _l("Write between %(min)d and %(max)d characters.", min=minimum, max=maximum))]
    return text, []


def _apply(actor: User, obj, action: str, **values) -> dict:
    """Set the changed attributes, flush and audit them as ``{field: [old, new]}``."""
    changes = {}
    for attribute, new in values.items():
        old = getattr(obj, attribute)
        if old != new:
            changes[attribute] = [_show(old), _show(new)]
            setattr(obj, attribute, new)
    db.session.flush()
    if changes:
        audit.record(actor, action, obj, **changes)
    return changes


def _show(value):
    if isinstance(value, list):
        return ", ".join(getattr(v, "code", str(v)) for v in value)
    return getattr(value, "name", value)


def update_driver(
    actor: User, driver: Driver, *, name: str, description: str, missions: list[Mission]
) -> dict:
    """Edit a Driver's name, description and related PNRR missions.

    :raises ValidationFailed: name of 3-120 characters, description of at most 2,000,
        at least one mission.
    """
    policy.require(actor, "admin.access")
    name, errors = _name(name, minimum=3)
    description = clean_text(description)
    if len(description) > 2000:
        errors.append(("description", _l("Write at most %(n)d characters.", n=2000)))
    if not missions:
        errors.append(("missions", _l("Choose at least one PNRR mission.")))
    if errors:
        raise ValidationFailed(errors)
    missions = sorted(missions, key=lambda m: m.code)
    return _apply(actor, driver, "driver.update", name=name, description=description, missions=missions)


def update_mission(actor: User, mission: Mission, *, name: str) -> dict:
    """:raises ValidationFailed: name of 3-200 characters."""
    return _update_name(actor, mission, name, "mission.update", maximum=200)


def update_component(actor: User, component: Component, *, name: str) -> dict:
    """:raises ValidationFailed: name of 3-200 characters."""
    return _update_name(actor, component, name, "component.update", maximum=200)


def update_keyword(actor: User, keyword: VisionKeyword, *, name: str) -> dict:
    """:raises ValidationFailed: name of 3-80 characters, unique."""
    return _update_name(actor, keyword, name, "keyword.update", maximum=80, unique=True)


def update_zone(actor: User, zone: Zone, *, name: str) -> dict:
    """:raises ValidationFailed: name of 3-80 characters, unique."""
    return _update_name(actor, zone, name, "zone.update", maximum=80, unique=True)


def _update_name(actor: User, obj, name: str, action: str, maximum: int, unique: bool = False) -> dict:
    policy.require(actor, "admin.access")
    name, errors = _name(name, minimum=3, maximum=maximum)
    if not errors and unique and name_taken(type(obj), name, obj.id):
        errors.append(("name", _l("Another one already has this name.")))
    if errors:
        raise ValidationFailed(errors)
    return _apply(actor, obj, action, name=name)


def update_comune(
    actor: User, comune: Comune, *, name: str, zone: Zone | None, population: int | None
) -> dict:
    """Edit a comune's name, zone and population.

    :raises ValidationFailed: name of 2-120 characters, population outside 0-5,000,000.
    """
    policy.require(actor, "admin.access")
    name, errors = _name(name)
    if population is not None and not (0 <= population <= MAX_POPULATION):
        errors.append(("population", _l("Write a number between 0 and %(n)d.", n=MAX_POPULATION)))
    if errors:
        raise ValidationFailed(errors)
    return _apply(actor, comune, "comune.update", name=name, zone=zone, population=population)


def update_actor_type(actor: User, actor_type: ActorType, *, name: str, position: int) -> dict:
    """Edit an actor type's name and its position in lists.

    :raises ValidationFailed: name of 3-120 characters, unique; position 0-999.
    """
    policy.require(actor, "admin.access")
    name, errors = _name(name, minimum=3)
    if not errors and name_taken(ActorType, name, actor_type.id):
        errors.append(("name", _l("Another one already has this name.")))
    if position is None or not (0 <= position <= 999):
        errors.append(("position", _l("Write a number between 0 and %(n)d.", n=999)))
    if errors:
        raise ValidationFailed(errors)
    return _apply(actor, actor_type, "actor_type.update", name=name, position=position)


# Organisations -----------------------------------------------------------------------


def update_organisation(
    actor: User,
    organisation: Organisation,
    *,
    name: str,
    actor_type: ActorType | None,
    description: str,
    website: str,
    zone: Zone | None,
) -> dict:
    """Edit an organisation (its address, the slug, never changes).

    :raises ValidationFailed: bad name or kind, name used by another organisation,
        description over 2,000 characters, website not an http(s) address.
    """
    policy.require(actor, "admin.access")
    name, errors = check_organisation_fields(name, actor_type)
    errors = [("name" if field == "organisation_name" else field, message) for field, message in errors]
    if not errors and name_taken(Organisation, name, organisation.id):
        errors.append(("name", _l("Another organisation already has this name.")))
    description = clean_text(description)
    if len(description) > 2000:
        errors.append(("description", _l("Write at most %(n)d characters.", n=2000)))
    website = clean_line(website)
    if website and (not website.startswith(("https://", "http://")) or len(website) > 300 or " " in website):
        errors.append(("website", _l("Write a web address starting with https://.")))
    if errors:
        raise ValidationFailed(errors)
    old_actor_type_id = organisation.actor_type_id
    changes = _apply(
        actor,
        organisation,
        "organisation.update",
        name=name,
        actor_type=actor_type,
        description=description,
        website=website,
        zone=zone,
    )
    if organisation.actor_type_id != old_actor_type_id:
        # Its comments count under its kind: the figures move with it.
        live.organisation_type_changed(organisation.id, old_actor_type_id)
    return changes
