"""The figures of one scope as tables of rows, with labels, population, rates per 1,000
inhabitants and, for the public, the suppression of small counts of people.

One builder serves the page, the map, CSV, XLSX and the API: they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from app.reference.snapshot import ReferenceData
from app.statistics.suppression import hidden_cells

BREAKDOWNS = ("comune", "zone", "actor_type", "driver", "week")
BREAKDOWN_TITLES = {
    "comune": _l("By comune"),
    "zone": _l("By zone"),
    "actor_type": _l("By actor type"),
    "driver": _l("By Driver"),
    "week": _l("By week"),
}
# Columns of every download and API row, in this order.
COLUMNS = (
    "key",
    "label",
    "zone",
    "population",
    "proposals",
    "supports",
    "comments",
    "participants",
    "participants_per_1000",
    "proposals_per_1000",
)
HIDDEN_TEXT = "< 5"


@dataclass
class Row:
    key: str
    label: str
    proposals: int
    supports: int
    comments: int
    # None when hidden from this reader (a count of 1 to 4 people, or its complement).
    participants: int | None
    population: int | None = None
    zone: str | None = None
    istat_code: str | None = None
    # The Monday of a week row.
    day: date | None = None

    @property
    def participants_hidden(self) -> bool:
        return self.participants is None

    @property
    def participants_per_1000(self) -> float | None:
        if self.participants is None or not self.population:
            return None
        return round(self.participants * 1000 / self.population, 3)

    @property
    def proposals_per_1000(self) -> float | None:
        if not self.population:
            return None
        return round(self.proposals * 1000 / self.population, 3)

    def record(self) -> dict:
        """The row as the API and the downloads give it (``participants`` None: hidden)."""
        return {
            "key": self.key,
            "label": self.label,
            "zone": self.zone,
            "population": self.population,
            "proposals": self.proposals,
            "supports": self.supports,
            "comments": self.comments,
            "participants": self.participants,
            "participants_per_1000": self.participants_per_1000,
            "proposals_per_1000": self.proposals_per_1000,
            "participants_suppressed": self.participants_hidden,
        }


@dataclass
class Table:
    name: str
    rows: list[Row]
    total: Row
    has_population: bool = False

    @property
    def title(self) -> str:
        return str(BREAKDOWN_TITLES[self.name])


@dataclass
class Coverage:
    """How many comuni and zones took part in one Driver: counts of places with a
    published proposal concerning them, not of people (see :mod:`app.statistics.export`)."""

    driver_label: str
    comuni: int
    comuni_of: int
    zones: int
    zones_of: int
    driver_code: str = ""


@dataclass
class ScopeFigures:
    total: Row
    tables: dict[str, Table]
    coverage: list[Coverage] = field(default_factory=list)


def _values(section: dict, key) -> list[int]:
    return section.get(str(key), [0, 0, 0, 0])


def _row(key, label, values, hidden: bool, **extra) -> Row:
    proposals, supports, comments, participants = values
    return Row(str(key), label, proposals, supports, comments, None if hidden else participants, **extra)


def _simple_table(name, items, section, total: Row, total_people: int, exact: bool) -> Table:
    """``items``: (key, label) pairs in display order; a row for each, zeros included."""
    counts = {key: _values(section, key)[3] for key, _label in items}
    hidden = set() if exact else hidden_cells(counts, total_people)
    rows = [_row(key, label, _values(section, key), key in hidden) for key, label in items]
    return Table(name, rows, total)


def scope_figures(
    reference: ReferenceData,
    document: dict,
    places: dict,
    zone_id: int | None,
    exact: bool,
) -> ScopeFigures:
    """The tables of a scope.

    :param document: the scope's stored document (:mod:`app.statistics.services`).
    :param places: the document of the same consultation without a zone filter: its
        ``comune`` and ``zone`` sections (a comune's figures do not depend on the filter, and
        its suppression must not either, or two pages together would reveal it).
    :param exact: the reader may see small counts (analysts, the zone's coordinator).
    """
    zones = {z.id: z for z in reference.zones}
    population_of_zone: dict[int, int] = {}
    for comune in reference.comuni:
        if comune.zone_id is not None:
            population_of_zone[comune.zone_id] = population_of_zone.get(comune.zone_id, 0) + (
                comune.population or 0
            )
    metro_population = sum(c.population or 0 for c in reference.comuni)
    grand = places["total"]
    grand_hidden = not exact and bool(hidden_cells({"t": grand[3]}, None))

    # Zones: one group under the metropolitan total.
    zone_counts = {z.id: _values(places["zone"], z.id)[3] for z in reference.zones}
    zone_hidden = set() if exact else hidden_cells(zone_counts, grand[3])
    # Comuni: one group per zone, under the zone's figure (hidden with it if need be).
    comune_hidden: set[int] = set()
    if not exact:
        for zid in zones:
            members = {c.id: _values(places["comune"], c.id)[3] for c in reference.comuni_of_zone(zid)}
            zone_total = None if zid in zone_hidden else zone_counts[zid]
            comune_hidden |= hidden_cells(members, zone_total)

    total_values = document["total"]
    if zone_id is None:
        total = _row("total", str(_l("Total")), total_values, grand_hidden, population=metro_population)
    else:
        total = _row(
            "total",
            str(_l("Total")),
            total_values,
            zone_id in zone_hidden,
            population=population_of_zone.get(zone_id),
            zone=zones[zone_id].name if zone_id in zones else None,
        )
    total_people = None if total.participants is None else total.participants
    tables: dict[str, Table] = {}

    comuni = [c for c in reference.comuni if zone_id is None or c.zone_id == zone_id]
    tables["comune"] = Table(
        "comune",
        [
            _row(
                c.id,
                c.name,
                _values(places["comune"], c.id),
                c.id in comune_hidden,
                population=c.population,
                zone=zones[c.zone_id].name if c.zone_id in zones else None,
                istat_code=c.istat_code,
            )
            for c in comuni
        ],
        total,
        has_population=True,
    )
    if zone_id is None:
        tables["zone"] = Table(
            "zone",
            [
                _row(
                    z.id,
                    z.name,
                    _values(places["zone"], z.id),
                    z.id in zone_hidden,
                    population=population_of_zone.get(z.id),
                )
                for z in reference.zones
            ],
            total,
            has_population=True,
        )
    actor_items = [(a.id, a.name) for a in reference.actor_types]
    tables["actor_type"] = _simple_table(
        "actor_type", actor_items, document["actor_type"], total, total_people, exact
    )
    driver_items = [(d.id, f"{d.code} · {d.name}") for d in reference.drivers]
    tables["driver"] = _simple_table("driver", driver_items, document["driver"], total, total_people, exact)
    # Weeks by their Monday (ISO date); the page formats it in the reader's language.
    weeks = [(w, w) for w in sorted(document["week"])]
    tables["week"] = _simple_table("week", weeks, document["week"], total, total_people, exact)
    for row in tables["week"].rows:
        row.day = date.fromisoformat(row.key)

    _public_keys(tables, reference)
    coverage = []
    for d in reference.drivers:
        comuni_taking_part, zones_taking_part = document["coverage"].get(str(d.id), [0, 0])
        coverage.append(
            Coverage(
                f"{d.code} · {d.name}",
                comuni=comuni_taking_part,
                comuni_of=len(comuni),
                zones=zones_taking_part,
                zones_of=1 if zone_id is not None else len(reference.zones),
                driver_code=d.code,
            )
        )
    return ScopeFigures(total, tables, coverage)


def _public_keys(tables: dict[str, Table], reference: ReferenceData) -> None:
    """Rows are looked up by id; downloads and the API name them by stable public codes:
    ISTAT code, zone slug, actor type code, Driver code (D1..D10), the week's Monday."""
    codes = {
        "comune": {str(c.id): c.istat_code for c in reference.comuni},
        "zone": {str(z.id): z.slug for z in reference.zones},
        "actor_type": {str(a.id): a.code for a in reference.actor_types},
        "driver": {str(d.id): d.code for d in reference.drivers},
    }
    for name, table in tables.items():
        for row in table.rows:
            row.key = codes.get(name, {}).get(row.key, row.key)
