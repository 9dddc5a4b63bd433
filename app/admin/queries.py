"""Reads for the administration pages: people and roles, reference data, audit log."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.models import Organisation, RoleAssignment, User
from app.errors import NotFound
from app.extensions import db
from app.moderation.models import AuditEntry
from app.pagination import Page
from app.reference.models import ActorType, Component, Comune, Mission, VisionKeyword, Zone


def _page(query, page: int, per_page: int) -> Page:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items=items, number=page, per_page=per_page, total=total)


def _like(text: str) -> str:
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _get_or_404(model, **where):
    obj = db.session.scalar(select(model).filter_by(**where))
    if obj is None:
        raise NotFound()
    return obj


# People and roles --------------------------------------------------------------------


def search_users(text: str, page: int, per_page: int) -> Page[User]:
    """Accounts whose e-mail or public name contains ``text`` (all when empty), by name."""
    query = (
        select(User)
        .where(User.deleted_at.is_(None))
        .options(selectinload(User.roles).joinedload(RoleAssignment.zone))
    )
    if text.strip():
        pattern = _like(text)
        query = query.where(
            or_(
                func.lower(User.email).like(pattern, escape="\\"),
                func.lower(User.display_name).like(pattern, escape="\\"),
            )
        )
    return _page(query.order_by(User.display_name, User.id), page, per_page)


def get_role_assignment_or_404(assignment_id: int) -> RoleAssignment:
    return _get_or_404(RoleAssignment, id=assignment_id)


def admin_assignments(lock: bool = False) -> list[RoleAssignment]:
    """The admin role assignments of active accounts; ``lock`` takes row locks (PostgreSQL)."""
    query = (
        select(RoleAssignment)
        .join(User, User.id == RoleAssignment.user_id)
        .where(RoleAssignment.role == "admin", User.deleted_at.is_(None))
        .order_by(RoleAssignment.id)
    )
    if lock:
        query = query.with_for_update(of=RoleAssignment)
    return list(db.session.scalars(query))


# Audit log ---------------------------------------------------------------------------


def list_audit_entries(page: int, per_page: int, action: str = "", actor_id: int | None = None) -> Page:
    """Audit entries, newest first, optionally of one action and/or one actor."""
    # The page shows the actor's name only: skip the roles and representations User loads eagerly.
    query = select(AuditEntry).options(
        joinedload(AuditEntry.actor).lazyload(User.roles),
        joinedload(AuditEntry.actor).lazyload(User.representations),
    )
    if action:
        query = query.where(AuditEntry.action == action)
    if actor_id is not None:
        query = query.where(AuditEntry.actor_id == actor_id)
    return _page(query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()), page, per_page)


def list_audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


# Reference data ----------------------------------------------------------------------


def get_mission_or_404(code: str) -> Mission:
    return _get_or_404(Mission, code=code)


def get_component_or_404(code: str) -> Component:
    return _get_or_404(Component, code=code)


def list_components() -> list[Component]:
    return list(db.session.scalars(select(Component).order_by(Component.code)))


def get_keyword_or_404(keyword_id: int) -> VisionKeyword:
    return _get_or_404(VisionKeyword, id=keyword_id)


def get_zone_or_404(zone_id: int) -> Zone:
    return _get_or_404(Zone, id=zone_id)


def get_actor_type_or_404(actor_type_id: int) -> ActorType:
    return _get_or_404(ActorType, id=actor_type_id)


def name_taken(model, name: str, exclude_id: int) -> bool:
    """True if another row of ``model`` already has this name (case-insensitive)."""
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(model)
            .where(func.lower(model.name) == name.lower(), model.id != exclude_id)
        )
    )


def list_comuni_page(text: str, zone_id: int | None, page: int, per_page: int) -> Page[Comune]:
    """Comuni by name, optionally filtered by a piece of the name and by zone (0 = no zone)."""
    query = select(Comune).options(joinedload(Comune.zone))
    if text.strip():
        query = query.where(func.lower(Comune.name).like(_like(text), escape="\\"))
    if zone_id == 0:
        query = query.where(Comune.zone_id.is_(None))
    elif zone_id is not None:
        query = query.where(Comune.zone_id == zone_id)
    return _page(query.order_by(Comune.name), page, per_page)


# Organisations -----------------------------------------------------------------------


def list_organisations_page(text: str, page: int, per_page: int) -> Page[Organisation]:
    query = select(Organisation).options(joinedload(Organisation.zone))
    if text.strip():
        query = query.where(func.lower(Organisation.name).like(_like(text), escape="\\"))
    return _page(query.order_by(Organisation.name), page, per_page)
