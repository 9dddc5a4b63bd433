"""People, their roles, the organisations they speak for and their representation requests."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import gettext
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models_base import UTCDateTime, utcnow
from app.reference.models import ActorType, Comune, Zone

if TYPE_CHECKING:
    from app.identity.models import VerifiedIdentity

# Roles granted by an admin. "citizen" is implicit for every confirmed account and
# representatives are modelled by Representation, not by a role.
ROLES = ("moderator", "analyst", "zone_coordinator", "admin")


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    """A registered person. Deleting an account anonymises it (content stays)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Read through ``display_name``: an anonymised account shows as "Deleted user".
    _display_name: Mapped[str] = mapped_column("display_name", String(80))
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Part of the login session id: changing it logs the person out everywhere.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    # The key of the login (a UserSession) this object was loaded for or logged in with;
    # not a column (app.accounts.sessions).
    session_key = None

    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user",
        foreign_keys="RoleAssignment.user_id",
        lazy="selectin",
        cascade="all, delete-orphan",
    )
    representations: Mapped[list[Representation]] = relationship(
        back_populates="user", foreign_keys="Representation.user_id", lazy="selectin"
    )
    # Set once the person signed in with SPID or CIE (app.identity); written only there.
    # Loaded only when asked for (profile, proposal page): never for every author on a list.
    identity: Mapped[VerifiedIdentity | None] = relationship(lazy="select", viewonly=True)

    @hybrid_property
    def display_name(self) -> str:
        """The public name, or "Deleted user" (in the reader's language) once anonymised."""
        if self.deleted_at is not None:
            return gettext("Deleted user")
        return self._display_name

    @display_name.inplace.setter
    def _display_name_setter(self, value: str) -> None:
        self._display_name = value

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls):
        return cls._display_name

    # Flask-Login: "<id>:<session token>:<key of this login>" (app.accounts.sessions).
    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}:{self.session_key or ''}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.deleted_at is None

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def has_role(self, role: str, zone_id: int | None = None) -> bool:
        for assignment in self.roles:
            if assignment.role == role and (zone_id is None or assignment.zone_id == zone_id):
                return True
        return False

    @property
    def is_identity_verified(self) -> bool:
        """Shown as "identità verificata"; its supports are counted apart."""
        return self.identity is not None

    @property
    def is_admin(self) -> bool:
        return self.has_role("admin")

    def coordinated_zone_ids(self) -> set[int]:
        return {a.zone_id for a in self.roles if a.role == "zone_coordinator" and a.zone_id}

    def verified_representations(self) -> list[Representation]:
        return [r for r in self.representations if r.status == "verified"]

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class UserSession(db.Model):
    """One login: the session and "remember me" cookies work while its row exists.

    Only a digest of the key is stored (the key itself is in the person's cookies), so
    reading the table does not let anyone log in. Logging out deletes the row.
    """

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    is_remembered: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RoleAssignment(db.Model):
    """A role held by a person; zone coordinators hold it for one zone."""

    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "role", "zone_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles", foreign_keys=[user_id])
    zone: Mapped[Zone | None] = relationship()


class Organisation(db.Model):
    """An organisation that takes part (association, university, business body...)."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    actor_type_id: Mapped[int] = mapped_column(ForeignKey("actor_types.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When a first representative was verified. Until then the organisation is not public
    # (no page, its name nowhere): anyone may name a new one when asking to represent it.
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    actor_type: Mapped[ActorType] = relationship(lazy="joined")
    zone: Mapped[Zone | None] = relationship()

    @property
    def is_public(self) -> bool:
        return self.verified_at is not None


# Representation kinds and states.
REPRESENTATION_KINDS = ("organisation", "comune")
REPRESENTATION_STATES = ("pending", "verified", "refused", "revoked")


class Representation(db.Model):
    """A person's request to speak for an organisation or a comune, and its decision."""

    __tablename__ = "representations"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    comune_id: Mapped[int | None] = mapped_column(ForeignKey("comuni.id"))
    role_title: Mapped[str] = mapped_column(String(120), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship(back_populates="representations", foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    comune: Mapped[Comune | None] = relationship(lazy="joined")

    @property
    def entity_name(self) -> str:
        if self.kind == "organisation" and self.organisation:
            return self.organisation.name
        if self.comune:
            return f"Comune di {self.comune.name}"
        return ""
