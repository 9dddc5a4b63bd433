"""Assemble what the cross-readings and the published synthesis pages show.

Every number is recomputed here, at request time, from the run's memberships and the
proposals that are published *now* (see :mod:`app.synthesis.readings.queries`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import Markup

from app.consultations.models import Consultation
from app.reference.queries import list_actor_types, list_comuni, list_drivers, list_zones
from app.synthesis.models import ALL_DRIVERS, Theme, ThemeRun
from app.synthesis.readings import charts
from app.synthesis.readings import queries as rq
from app.synthesis.readings.crossreadings import (
    METROPOLITAN,
    SEVERAL_ZONES,
    Category,
    Contribution,
    CrossTable,
    DuplicateFinding,
    DuplicateText,
    Gap,
    cross_table,
    describe_duplicates,
    find_gaps,
    territory_key,
)
from app.synthesis.runs.queries import get_current_run

REPRESENTATIVES_SHOWN = 5


@dataclass
class ThemeReading:
    theme: Theme
    size: int
    share: float
    representatives: list[tuple[int, str]]
    # What the page shows: for the public, "Theme N" and no keywords while the label waits
    # for review (app/synthesis/curation/label_review.py); analysts read the label itself.
    label: str = ""
    keywords: list[str] = field(default_factory=list)
    # The Driver as an annotation (issue 12): the Drivers its authors chose, most chosen first,
    # as (Driver, count), and the Driver suggested by the theme's own words.
    driver_mix: list[tuple[str, int]] = field(default_factory=list)
    suggested_driver: str | None = None
    # Supports of its published proposals, and how many of them come from identities verified
    # with SPID or CIE (issue 18): counted apart, so a reader can weigh them.
    supports: int = 0
    verified_supports: int = 0


@dataclass
class RunReading:
    run: ThemeRun
    total: int
    themes: list[ThemeReading]
    by_driver: CrossTable
    by_zone: CrossTable
    by_actor_type: CrossTable
    charts: dict[str, Markup] = field(default_factory=dict)


def _driver_name(driver) -> str | None:
    return f"{driver.code} · {driver.name}" if driver is not None else None


def driver_mix(rows, drivers: dict, shown: int = 3) -> list[tuple[str, int]]:
    """The Drivers the members' authors chose, most chosen first: ``(Driver, count)``."""
    counts = Counter(r.driver_id for r in rows if r.driver_id in drivers)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], drivers[kv[0]].number))[:shown]
    return [(_driver_name(drivers[driver_id]), count) for driver_id, count in ranked]


def _zone_columns(consultation: Consultation) -> list[Category]:
    zones = [z for z in list_zones() if consultation.scope != "zone" or z.id == consultation.zone_id]
    columns = [Category(z.id, z.name) for z in zones]
    columns.append(Category(SEVERAL_ZONES, _("Several zones")))
    columns.append(Category(METROPOLITAN, _("Whole metropolitan area")))
    return columns


def read_run(run: ThemeRun, consultation: Consultation, public: bool = True) -> RunReading:
    """The run's themes (largest first) and their theme × Driver / zone / actor type tables.

    :param public: label the themes as the public sees them (False: the analysts' pages).
    """
    members = rq.list_member_rows(run.id)
    themes = {t.id: t for t in rq.list_run_themes(run.id)}
    comuni_zones = rq.comuni_zones_by_proposal(run_id=run.id)
    by_theme: dict[int, list] = defaultdict(list)
    for m in members:
        by_theme[m.theme_id].append(m)
    total = len(members)
    all_drivers = {d.id: d for d in list_drivers()}
    by_number = {d.number: d for d in all_drivers.values()}
    supports = rq.supports_by_theme(run.id)
    readings = []
    for theme_id, rows in by_theme.items():
        chosen = [r for r in rows if r.is_representative] or rows
        theme = themes[theme_id]
        readings.append(
            ThemeReading(
                theme=theme,
                size=len(rows),
                share=len(rows) / total if total else 0.0,
                representatives=[(r.proposal_id, r.title) for r in chosen[:REPRESENTATIVES_SHOWN]],
                label=theme.public_label if public else theme.label,
                keywords=theme.public_keywords if public else list(theme.keywords or []),
                driver_mix=driver_mix(rows, all_drivers),
                suggested_driver=_driver_name(by_number.get(theme.suggested_driver)),
                supports=supports.get(theme_id, (0, 0))[0],
                verified_supports=supports.get(theme_id, (0, 0))[1],
            )
        )
    readings.sort(key=lambda r: (-r.size, r.label.lower(), r.theme.id))
    rows = [Category(r.theme.id, r.label) for r in readings]
    drivers = [Category(d.id, f"{d.code} · {d.name}") for d in consultation.drivers]
    actor_types = [Category(a.id, a.name) for a in list_actor_types()]
    return RunReading(
        run=run,
        total=total,
        themes=readings,
        by_driver=cross_table(rows, drivers, ((m.theme_id, m.driver_id) for m in members)),
        by_zone=cross_table(
            rows,
            _zone_columns(consultation),
            (
                (m.theme_id, territory_key(m.zone_id, (z for _c, z in comuni_zones.get(m.proposal_id, ()))))
                for m in members
            ),
        ),
        by_actor_type=cross_table(rows, actor_types, ((m.theme_id, m.actor_type_id) for m in members)),
    )


def read_supports(run: ThemeRun, reading: RunReading) -> CrossTable:
    """Supports per theme split by the supporters' actor type (counts only, no test: one person
    may support several proposals of a theme)."""
    rows = [Category(r.theme.id, r.label) for r in reading.themes]
    actor_types = [Category(a.id, a.name) for a in list_actor_types()]
    triples = rq.supports_by_theme_and_actor_type(run.id)
    return cross_table(rows, actor_types, triples, test=False)


def chart_specs(reading: RunReading) -> dict[str, tuple[charts.Chart, str]]:
    """What the page draws for ``reading``: the theme sizes and the three lift heatmaps, as
    ``{name: (chart, title)}`` in the current language (the titles are not drawn: the page
    sets them on the SVG, so they are not part of the chart)."""
    if not reading.themes:
        return {}
    specs = {
        "sizes": (
            charts.bars(
                [r.label for r in reading.themes], [r.size for r in reading.themes], _("Published proposals")
            ),
            _("Proposals per theme"),
        )
    }
    for name, table, title in (
        ("by_driver", reading.by_driver, _("Themes by Driver: over- and under-representation")),
        ("by_zone", reading.by_zone, _("Themes by territory: over- and under-representation")),
        ("by_actor_type", reading.by_actor_type, _("Themes by actor type: over- and under-representation")),
    ):
        if table.is_empty or not table.columns:
            continue
        chart = charts.heatmap(
            [r.label for r in table.rows],
            [c.label for c in table.columns],
            [[cell.lift for cell in row] for row in table.cells],
            [[cell.observed for cell in row] for row in table.cells],
            _("Lift: observed / expected (log scale)"),
        )
        specs[name] = (chart, title)
    return specs


def add_charts(reading: RunReading, prefix: str = "chart") -> RunReading:
    """Put the charts of ``reading`` (SVG) into ``reading.charts``: those prepared when the run
    ended or was curated are read (one query); any other is drawn now (:func:`charts.draw`)."""
    specs = chart_specs(reading)
    prepared = rq.prepared_charts([chart.key for chart, _title in specs.values()])
    for name, (chart, title) in specs.items():
        raw = prepared.get(chart.key) or charts.draw(chart)
        reading.charts[name] = charts.embed(raw, f"{prefix}-{name.replace('_', '-')}", title)
    return reading


def read_gaps(consultation: Consultation) -> list[Gap]:
    """Zones, comuni and actor types with no or few published proposals, per Driver."""
    zones = [z for z in list_zones() if consultation.scope != "zone" or z.id == consultation.zone_id]
    zone_ids = {z.id for z in zones}
    comuni = [c for c in list_comuni() if c.zone_id in zone_ids or consultation.scope != "zone"]
    comune_zone = {c.id: c.zone_id for c in list_comuni()}
    proposal_comuni = rq.comuni_zones_by_proposal(consultation_id=consultation.id)
    contributions = []
    for proposal_id, driver_id, zone_id, actor_type_id, on_behalf_comune_id in rq.list_contribution_rows(
        consultation.id
    ):
        comune_ids = {c for c, _z in proposal_comuni.get(proposal_id, ())}
        if on_behalf_comune_id is not None:
            comune_ids.add(on_behalf_comune_id)
        zone_set = {comune_zone.get(c) for c in comune_ids} | {zone_id}
        contributions.append(
            Contribution(
                driver_id=driver_id,
                zone_ids=frozenset(z for z in zone_set if z is not None),
                comune_ids=frozenset(comune_ids),
                actor_type_id=actor_type_id,
            )
        )
    return find_gaps(
        [Category(d.id, f"{d.code} · {d.name}") for d in consultation.drivers],
        [Category(z.id, z.name) for z in zones],
        [Category(c.id, c.name) for c in comuni],
        [Category(a.id, a.name) for a in list_actor_types()],
        contributions,
    )


def read_duplicates(consultation: Consultation) -> tuple[list[DuplicateFinding], dict[int, str]]:
    """Near-duplicate groups and campaigns among the published proposals, with their titles,
    as found by the consultation's latest whole-consultation theme run (none before a run)."""
    run = get_current_run(consultation.id, ALL_DRIVERS)
    groups = (run.params or {}).get("duplicate_groups", []) if run is not None else []
    rows = rq.list_duplicate_rows(consultation.id)
    texts = [
        DuplicateText(pid, author_id, "\n".join(part for part in (title, summary, action) if part))
        for pid, author_id, title, summary, action in rows
    ]
    findings = describe_duplicates(groups, texts)
    titles = {pid: title for pid, _a, title, _s, _ac in rows}
    return findings, titles
