"""Loading and editing reference data."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.reference import data
from app.reference.models import (
    ActorType,
    Component,
    Comune,
    Driver,
    Mission,
    VisionKeyword,
    Zone,
)


def load_reference() -> dict[str, int]:
    """Insert missing reference rows; never overwrite what an admin edited.

    Idempotent: running it twice changes nothing the second time. Rows are matched by
    their natural key (Driver number, mission code, ISTAT code...).

    :returns: how many rows of each kind were created.
    """
    created = {
        "missions": _load_missions(),
        "components": _load_components(),
        "drivers": _load_drivers(),
        "keywords": _ensure(VisionKeyword, "slug", data.KEYWORDS, "name"),
        "zones": _load_zones(),
        "actor_types": _load_actor_types(),
    }
    created["comuni"] = _load_comuni()
    db.session.flush()
    return created


def _existing(model, key: str) -> dict:
    return {getattr(obj, key): obj for obj in db.session.scalars(select(model))}


def _ensure(model, key: str, rows, value_attr: str) -> int:
    existing = _existing(model, key)
    count = 0
    for natural_key, value in rows:
        if natural_key not in existing:
            db.session.add(model(**{key: natural_key, value_attr: value}))
            count += 1
    db.session.flush()
    return count


def _load_missions() -> int:
    return _ensure(Mission, "code", data.MISSIONS, "name")


def _load_components() -> int:
    missions = _existing(Mission, "code")
    existing = _existing(Component, "code")
    count = 0
    for code, name in data.COMPONENTS:
        if code not in existing:
            db.session.add(Component(code=code, name=name, mission=missions[code[:2]]))
            count += 1
    db.session.flush()
    return count


def _load_drivers() -> int:
    missions = _existing(Mission, "code")
    existing = _existing(Driver, "number")
    count = 0
    for number, name, description, mission_codes in data.DRIVERS:
        if number in existing:
            continue
        driver = Driver(number=number, name=name, description=description)
        driver.missions = [missions[code] for code in mission_codes]
        db.session.add(driver)
        count += 1
    db.session.flush()
    return count


def _load_zones() -> int:
    existing = _existing(Zone, "slug")
    count = 0
    for slug, name, is_zona in data.ZONES:
        if slug not in existing:
            db.session.add(Zone(slug=slug, name=name, is_zona_omogenea=is_zona))
            count += 1
    db.session.flush()
    return count


def _load_actor_types() -> int:
    existing = _existing(ActorType, "code")
    count = 0
    for position, (code, name) in enumerate(data.ACTOR_TYPES):
        if code not in existing:
            db.session.add(ActorType(code=code, name=name, position=position))
            count += 1
    db.session.flush()
    return count


def _load_comuni() -> int:
    zones = _existing(Zone, "name")
    existing = _existing(Comune, "istat_code")
    count = 0
    for row in data.read_comuni():
        if row.istat_code in existing:
            continue
        zone = zones.get(row.zone_name) if row.zone_name else None
        db.session.add(
            Comune(
                istat_code=row.istat_code,
                name=row.name,
                zone=zone,
                population=row.population,
            )
        )
        count += 1
    db.session.flush()
    return count
