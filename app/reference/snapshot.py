"""Reference data kept in each process: Drivers with their missions, missions, vision
keywords, zones, comuni and actor types.

These small tables are read by most pages (filters, forms, labels) and change only when
an admin edits them, so each worker loads them once into plain frozen rows (never ORM
objects: they are shared by every request and thread of the process, and cannot be
attached to a session by mistake) and loads them again when the reference version
(:mod:`app.pagecache.versions`) has changed, which the commit of any write to these
tables does. Without a readable version (Redis down) they are loaded on each call.

The rows have the attributes templates and forms use on the models (``driver.code``,
``comune.istat_code``...). Code that *writes* relationships (a proposal's comuni) loads
the ORM objects it assigns, by id, from :mod:`app.proposals.queries`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from app import pagecache
from app.errors import NotFound
from app.extensions import db
from app.labels import actor_type_name
from app.reference.models import ActorType, Comune, Driver, Mission, VisionKeyword, Zone, driver_missions


@dataclass(frozen=True)
class MissionRow:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class DriverRow:
    id: int
    number: int
    name: str
    description: str
    missions: tuple[MissionRow, ...]

    @property
    def code(self) -> str:
        return f"D{self.number}"


@dataclass(frozen=True)
class KeywordRow:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class ZoneRow:
    id: int
    slug: str
    name: str
    is_zona_omogenea: bool


@dataclass(frozen=True)
class ComuneRow:
    id: int
    istat_code: str
    name: str
    zone_id: int | None
    population: int | None


@dataclass(frozen=True)
class ActorTypeRow:
    id: int
    code: str
    name: str
    position: int

    @property
    def display_name(self) -> str:
        """The name in the reader's language (the stored name is the Italian one)."""
        return actor_type_name(self.code, self.name)


@dataclass(frozen=True)
class ReferenceData:
    """Every reference table, in the order the pages list them."""

    drivers: tuple[DriverRow, ...]
    missions: tuple[MissionRow, ...]
    keywords: tuple[KeywordRow, ...]
    zones: tuple[ZoneRow, ...]
    comuni: tuple[ComuneRow, ...]
    actor_types: tuple[ActorTypeRow, ...]
    _actor_type_ids: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_actor_type_ids", {a.code: a.id for a in self.actor_types})

    def actor_type_id(self, code: str) -> int:
        """:raises NotFound: no actor type has this code."""
        try:
            return self._actor_type_ids[code]
        except KeyError:
            raise NotFound() from None

    def drivers_with_ids(self, ids) -> list[DriverRow]:
        wanted = set(ids)
        return [d for d in self.drivers if d.id in wanted]

    def comuni_of_zone(self, zone_id: int | None) -> list[ComuneRow]:
        return [c for c in self.comuni if c.zone_id == zone_id]


def reference_data() -> ReferenceData:
    """The reference data, loaded at most once per process and reference version."""
    version = pagecache.reference_version()
    cached = current_app.extensions.get("reference_snapshot")
    if version is not None and cached is not None and cached[0] == version:
        return cached[1]
    # The version is read before the rows: a change committed meanwhile bumps it again,
    # so the next request reloads.
    data = load_reference_data()
    if version is not None:
        current_app.extensions["reference_snapshot"] = (version, data)
    return data


def load_reference_data() -> ReferenceData:
    """Read every reference table (six small queries)."""
    missions = tuple(
        MissionRow(m.id, m.code, m.name)
        for m in db.session.execute(select(Mission.id, Mission.code, Mission.name).order_by(Mission.code))
    )
    mission_by_id = {m.id: m for m in missions}
    missions_of: dict[int, list[MissionRow]] = {}
    for driver_id, mission_id in db.session.execute(
        select(driver_missions.c.driver_id, driver_missions.c.mission_id)
    ):
        missions_of.setdefault(driver_id, []).append(mission_by_id[mission_id])
    drivers = tuple(
        DriverRow(
            d.id,
            d.number,
            d.name,
            d.description,
            tuple(sorted(missions_of.get(d.id, []), key=lambda m: m.code)),
        )
        for d in db.session.execute(
            select(Driver.id, Driver.number, Driver.name, Driver.description).order_by(Driver.number)
        )
    )
    return ReferenceData(
        drivers=drivers,
        missions=missions,
        keywords=tuple(
            KeywordRow(*row)
            for row in db.session.execute(
                select(VisionKeyword.id, VisionKeyword.slug, VisionKeyword.name).order_by(VisionKeyword.id)
            )
        ),
        zones=tuple(
            ZoneRow(*row)
            for row in db.session.execute(
                select(Zone.id, Zone.slug, Zone.name, Zone.is_zona_omogenea).order_by(Zone.id)
            )
        ),
        comuni=tuple(
            ComuneRow(*row)
            for row in db.session.execute(
                select(Comune.id, Comune.istat_code, Comune.name, Comune.zone_id, Comune.population).order_by(
                    Comune.name
                )
            )
        ),
        actor_types=tuple(
            ActorTypeRow(*row)
            for row in db.session.execute(
                select(ActorType.id, ActorType.code, ActorType.name, ActorType.position).order_by(
                    ActorType.position
                )
            )
        ),
    )
