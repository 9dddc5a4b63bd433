"""Reads of reference data as ORM objects, for the pages that edit it or assign it.

Pages that only show or filter by reference data read the per-process copy of
:mod:`app.reference.snapshot` instead (no query).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.errors import NotFound
from app.extensions import db
from app.reference.models import ActorType, Comune, Driver, Mission, VisionKeyword, Zone


def list_drivers() -> list[Driver]:
    """Every Driver with its missions (two queries), for the pages that edit them."""
    query = select(Driver).options(selectinload(Driver.missions)).order_by(Driver.number)
    return list(db.session.scalars(query))


def list_missions() -> list[Mission]:
    return list(db.session.scalars(select(Mission).order_by(Mission.code)))


def list_keywords() -> list[VisionKeyword]:
    return list(db.session.scalars(select(VisionKeyword).order_by(VisionKeyword.id)))


def list_zones() -> list[Zone]:
    return list(db.session.scalars(select(Zone).order_by(Zone.id)))


def list_comuni() -> list[Comune]:
    return list(db.session.scalars(select(Comune).order_by(Comune.name)))


def list_actor_types() -> list[ActorType]:
    return list(db.session.scalars(select(ActorType).order_by(ActorType.position)))


def get_actor_type_by_code(code: str) -> ActorType:
    actor_type = db.session.scalar(select(ActorType).where(ActorType.code == code))
    if actor_type is None:
        raise NotFound()
    return actor_type


def get_driver_or_404(number: int) -> Driver:
    driver = db.session.scalar(select(Driver).where(Driver.number == number))
    if driver is None:
        raise NotFound()
    return driver


def get_comune_by_istat_or_404(istat_code: str) -> Comune:
    comune = db.session.scalar(select(Comune).where(Comune.istat_code == istat_code))
    if comune is None:
        raise NotFound()
    return comune


def get_zone_by_slug_or_404(slug: str) -> Zone:
    zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
    if zone is None:
        raise NotFound()
    return zone
