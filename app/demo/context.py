"""What the demo builders share: the seeded random source, 'now', reference rows, people."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert

from app.accounts.models import Organisation, User
from app.consultations.models import Consultation
from app.demo import content
from app.extensions import db
from app.moderation.models import AuditEntry
from app.reference.models import ActorType, Comune, Driver, Mission, VisionKeyword, Zone

SEED = 2026


@dataclass
class Demo:
    rng: random.Random
    now: datetime
    drivers: dict[int, Driver]
    zones: dict[str, Zone]
    comuni: dict[str, Comune]
    comuni_by_zone: dict[int, list[Comune]]
    actor_types: dict[str, ActorType]
    missions: dict[str, Mission]
    keywords: dict[str, VisionKeyword]
    accounts: dict[str, User] = field(default_factory=dict)
    citizens: list[User] = field(default_factory=list)
    # (user, organisation) and (user, comune) of verified representatives
    organisation_reps: list[tuple[User, Organisation]] = field(default_factory=list)
    comune_reps: list[tuple[User, Comune]] = field(default_factory=list)
    consultations: dict[str, Consultation] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    # The proposals created, with their plan (see app.demo.proposals.Planned).
    planned: list = field(default_factory=list)
    audit_rows: list[dict] = field(default_factory=list)

    def days(self, n: float) -> datetime:
        return self.now + timedelta(days=n)

    def people(self) -> list[User]:
        """Everyone who takes part (not the staff accounts), in a stable order."""
        reps = [user for user, _ in self.organisation_reps] + [user for user, _ in self.comune_reps]
        return list(dict.fromkeys([*self.citizens, *reps]))

    def audit(self, actor, action: str, obj, *, when: datetime, **details) -> None:
        """Queue an audit entry dated ``when``: the same row :func:`app.audit.record` writes,
        inserted in bulk by :meth:`write_audit` (thousands of ORM inserts are too slow)."""
        self.audit_rows.append(
            {
                "actor_id": getattr(actor, "id", None),
                "action": action,
                "object_type": obj.__tablename__,
                "object_id": obj.id,
                "details": {key: _plain(value) for key, value in details.items()},
                "created_at": when,
            }
        )

    def write_audit(self) -> None:
        rows = sorted(self.audit_rows, key=lambda row: row["created_at"])
        if rows:
            db.session.execute(insert(AuditEntry.__table__), rows)
        self.counts["audit_entries"] = len(rows)
        self.audit_rows = []

    def consultations_by_id(self) -> dict[int, Consultation]:
        return {c.id: c for c in self.consultations.values()}

    @property
    def moderator(self) -> User:
        return self.accounts["moderator"]


def demo_email(local: str) -> str:
    return f"{local}@{content.DEMO_EMAIL_DOMAIN}"


def marker_email() -> str:
    """The demo admin's address: if it exists, the demo is already loaded."""
    return demo_email("admin")


def _plain(value):
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return str(value)
