"""Reads of accounts, roles, organisations, representations and entity pages."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload, lazyload

from app.accounts.models import Organisation, Representation, User, UserSession
from app.accounts.sessions import key_digest
from app.consultations.models import Consultation
from app.errors import NotFound
from app.extensions import db
from app.models_base import utcnow
from app.pagination import Page
from app.proposals.models import Proposal, Support
from app.reference.models import Comune, Driver

# Roles joined: one statement for the person and their roles on every page.
_SESSION_USER = (joinedload(User.roles), lazyload(User.representations))


def get_user_for_session(session_id: str) -> User | None:
    """Flask-Login loader: the id is ``"<user id>:<session token>:<key>"``.

    The login must still exist on the server (:mod:`app.accounts.sessions`: logging out
    deletes it) and not be expired; a changed token (logout everywhere, password change)
    invalidates every older login too. One statement, roles included.
    """
    user_id, token, key = ((session_id or "").split(":") + ["", ""])[:3]
    if not user_id.isdigit() or len(user_id) > 18 or not token or not key:
        return None
    # Roles come with the user (the policy asks on every page); representations only
    # when read (list_verified_entities_for queries the verified ones directly).
    user = (
        db.session.execute(
            select(User)
            .join(UserSession, UserSession.user_id == User.id)
            .where(
                User.id == int(user_id),
                User.session_token == token,
                User.deleted_at.is_(None),
                UserSession.key_digest == key_digest(key),
                UserSession.expires_at > utcnow(),
            )
            .options(*_SESSION_USER)
        )
        .unique()
        .scalar_one_or_none()
    )
    if user is not None:
        user.session_key = key
    return user


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def get_user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


def get_active_user_id_by_email(email: str) -> int | None:
    """The id of the active account using ``email`` (one statement, nothing else loaded)."""
    return db.session.scalar(
        select(User.id).where(User.email == email.strip().lower(), User.deleted_at.is_(None))
    )


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


# Representations ---------------------------------------------------------------------


def list_verified_entities_for(user) -> list[Representation]:
    """The verified representations of ``user`` (organisation and comune loaded).

    Used to offer "submit in my own name / on behalf of <entity>".
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(
        db.session.scalars(
            select(Representation)
            .where(Representation.user_id == user.id, Representation.status == "verified")
            .order_by(Representation.requested_at)
        ).unique()
    )


def list_representations_for_user(user: User) -> list[Representation]:
    """Every request of ``user`` with its status, newest first (profile page)."""
    return list(
        db.session.scalars(
            select(Representation)
            .where(Representation.user_id == user.id)
            .order_by(Representation.requested_at.desc(), Representation.id.desc())
        ).unique()
    )


def has_open_representation(user: User, organisation=None, comune=None) -> bool:
    """True if ``user`` has a pending or verified request for this entity."""
    query = select(func.count()).select_from(Representation)
    query = query.where(Representation.user_id == user.id, Representation.status.in_(("pending", "verified")))
    if organisation is not None:
        query = query.where(Representation.organisation_id == organisation.id)
    else:
        query = query.where(Representation.comune_id == comune.id)
    return bool(db.session.scalar(query))


def get_representation_or_404(representation_id: int) -> Representation:
    representation = db.session.get(Representation, representation_id)
    if representation is None:
        raise NotFound()
    return representation


def list_representation_requests(
    zone_ids: set[int] | None, status: str | None, page: int, per_page: int
) -> Page[Representation]:
    """Requests in a status, newest first; ``zone_ids`` limits them to those zones' comuni.

    ``zone_ids=None`` means every request (admins).
    """
    query = select(Representation).options(
        joinedload(Representation.user),
        joinedload(Representation.decided_by),
        joinedload(Representation.comune).joinedload(Comune.zone),
    )
    if zone_ids is not None:
        query = query.join(Comune, Comune.id == Representation.comune_id).where(
            Representation.kind == "comune", Comune.zone_id.in_(zone_ids or {-1})
        )
    if status:
        query = query.where(Representation.status == status)
    return _page(query.order_by(Representation.requested_at.desc(), Representation.id.desc()), page, per_page)


def list_verified_representatives(organisation=None, comune=None) -> list[User]:
    """People verified as speaking for the entity (their public names are shown)."""
    condition = (
        Representation.organisation_id == organisation.id
        if organisation is not None
        else Representation.comune_id == comune.id
    )
    return list(
        db.session.scalars(
            select(User)
            .options(lazyload(User.roles), lazyload(User.representations))
            .join(Representation, and_(Representation.user_id == User.id, condition))
            .where(Representation.status == "verified", User.deleted_at.is_(None))
            .order_by(User.display_name)
        ).unique()
    )


# Organisations -----------------------------------------------------------------------


def list_organisations() -> list[Organisation]:
    """The public organisations (a first representative verified), by name: those offered to
    a person asking to represent one. Unverified names stay private (issue 13, finding 5)."""
    return list(
        db.session.scalars(
            select(Organisation).where(Organisation.verified_at.is_not(None)).order_by(Organisation.name)
        ).unique()
    )


def get_organisation_or_404(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound()
    return organisation


def get_organisation_by_slug_or_404(slug: str) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        raise NotFound()
    return organisation


def find_organisation_by_name(name: str) -> Organisation | None:
    return db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.strip().lower()).limit(1)
    )


def slug_exists(slug: str) -> bool:
    return bool(db.session.scalar(select(func.count()).where(Organisation.slug == slug)))


# Entity pages ------------------------------------------------------------------------


def _entity_condition(model, organisation, comune):
    if organisation is not None:
        return model.organisation_id == organisation.id
    return model.on_behalf_comune_id == comune.id


# A list of proposals shows title, summary, Driver, consultation, date and author or
# entity: the many-to-many collections the models load eagerly are not needed here.
_PROPOSAL_LIST_OPTIONS = (
    lazyload(Proposal.missions),
    lazyload(Proposal.keywords),
    lazyload(Proposal.comuni),
    joinedload(Proposal.driver).lazyload(Driver.missions),
    joinedload(Proposal.consultation).lazyload(Consultation.drivers),
    joinedload(Proposal.author).lazyload(User.roles),
    joinedload(Proposal.author).lazyload(User.representations),
)


def list_entity_proposals(page: int, per_page: int, organisation=None, comune=None) -> Page[Proposal]:
    """Published proposals filed on behalf of the organisation or the comune, newest first."""
    query = (
        select(Proposal)
        .where(_entity_condition(Proposal, organisation, comune), Proposal.state == "published")
        .options(*_PROPOSAL_LIST_OPTIONS)
        .order_by(Proposal.published_at.desc(), Proposal.id.desc())
    )
    return _page(query, page, per_page)


def list_entity_supported_proposals(
    page: int, per_page: int, organisation=None, comune=None
) -> Page[Proposal]:
    """Published proposals the entity supports (one row each even if several of its people did)."""
    supported = select(Support.proposal_id).where(_entity_condition(Support, organisation, comune))
    query = (
        select(Proposal)
        .where(Proposal.id.in_(supported), Proposal.state == "published")
        .options(*_PROPOSAL_LIST_OPTIONS)
        .order_by(Proposal.published_at.desc(), Proposal.id.desc())
    )
    return _page(query, page, per_page)


def _page(query, page: int, per_page: int) -> Page:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items=items, number=page, per_page=per_page, total=total)
