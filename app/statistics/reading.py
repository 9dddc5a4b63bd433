"""What one reader sees: the figures of a scope (suppressed unless the reader may see small
counts), the map of participation per 1,000 inhabitants and its legend.

Reads stored documents only (:mod:`app.statistics.queries`): three small queries a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from flask import url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from app import policy
from app.reference.snapshot import reference_data
from app.statistics import documents, maps, queries
from app.statistics.cells import empty_document, scope_key
from app.statistics.tables import ScopeFigures, scope_figures

OUTSIDE_FILL = "#f2f2f2"


@dataclass
class LegendItem:
    fill: str
    label: str


class Reading:
    """The figures of a scope for one reader. The stored documents, the tables and the map
    are read and built on first use: a page whose rendered figures are already kept
    (:mod:`app.statistics.fragments`) needs only ``exact`` and ``computed_at``."""

    def __init__(self, consultation_id, zone_id, exact, computed_at, is_current, revision=()):
        self.consultation_id, self.zone_id = consultation_id, zone_id
        self.exact, self.computed_at, self.is_current = exact, computed_at, is_current
        # Changes whenever a figure read here does (a refresh, or a write's change).
        self.revision = revision

    @cached_property
    def figures(self) -> ScopeFigures:
        key, places_key = scope_key(self.consultation_id, self.zone_id), scope_key(self.consultation_id, None)
        stored = documents.current_documents([key, places_key])
        document = stored.get(key) or empty_document(False)
        places = stored.get(places_key) or empty_document(True)
        return scope_figures(reference_data(), document, places, self.zone_id, self.exact)

    @cached_property
    def _map(self) -> tuple[Markup, list[LegendItem]]:
        return participation_map(self.figures, reference_data(), self.zone_id)

    @property
    def map_svg(self) -> Markup:
        return self._map[0]

    @property
    def legend(self) -> list[LegendItem]:
        return self._map[1]


def read_statistics(
    actor, consultation_id: int | None, zone_id: int | None, is_current: bool = True
) -> Reading:
    """The figures of a scope for ``actor``.

    :param is_current: False while a refresh is under way (the page says so).
    """
    state = queries.get_state()
    refreshed_at = state.computed_at if state is not None else None
    key, places_key = scope_key(consultation_id, zone_id), scope_key(consultation_id, None)
    # The writes' changes are counted into the documents they touch: when those were last
    # written is when the figures read here last moved.
    revisions = documents.document_revisions([key, places_key])
    computed_at = max((at for at in revisions.values() if at is not None), default=refreshed_at)
    exact = policy.can(actor, "statistics.exact", zone_id)
    revision = (refreshed_at, revisions.get(key), revisions.get(places_key))
    return Reading(consultation_id, zone_id, exact, computed_at, is_current, revision)


def _rate(value: float) -> str:
    return format_decimal(value, format="#,##0.00")


def participation_map(
    figures: ScopeFigures, reference, zone_id: int | None
) -> tuple[Markup, list[LegendItem]]:
    """The choropleth of participants per 1,000 inhabitants, with its legend."""
    rows = figures.tables["comune"].rows
    breaks = maps.class_breaks([r.participants_per_1000 or 0 for r in rows])
    shown = {r.istat_code: r for r in rows}
    areas = []
    for comune in reference.comuni:
        row = shown.get(comune.istat_code)
        url = url_for("entities.comune", istat_code=comune.istat_code)
        if row is None:  # outside the zone chosen
            areas.append(maps.MapArea(comune.istat_code, url, comune.name, "out"))
            continue
        if row.participants is None:
            label = _("%(name)s: fewer than 5 participants", name=comune.name)
        elif row.participants == 0:
            label = _("%(name)s: no participants", name=comune.name)
        else:
            label = ngettext(
                "%(name)s: %(rate)s participants per 1,000 inhabitants (%(num)d participant)",
                "%(name)s: %(rate)s participants per 1,000 inhabitants (%(num)d participants)",
                row.participants,
                name=comune.name,
                rate=_rate(row.participants_per_1000 or 0),
            )
        areas.append(
            maps.MapArea(comune.istat_code, url, label, maps.class_of(row.participants_per_1000, breaks))
        )
    svg = maps.render_map(
        "participation-map",
        _("Participants per 1,000 inhabitants, by comune"),
        areas,
        {c.istat_code: c.zone_id for c in reference.comuni},
        fills={"out": OUTSIDE_FILL},
    )
    legend = []
    lower = 0.0
    for index, bound in enumerate(breaks):
        text = (
            _("from %(low)s to %(high)s", low=_rate(lower), high=_rate(bound))
            if index
            else _("up to %(high)s", high=_rate(bound))
        )
        legend.append(LegendItem(maps.CLASS_FILLS[index], text))
        lower = bound
    legend.append(LegendItem(maps.NONE_FILL, _("no participants")))
    legend.append(LegendItem(maps.HIDDEN_FILL, _("fewer than 5 participants (not shown)")))
    if zone_id is not None:
        legend.append(LegendItem(OUTSIDE_FILL, _("outside the zone chosen")))
    return svg, legend


@dataclass
class OriginMap:
    svg: Markup
    legend: list[LegendItem]
    rows: list[tuple[str, str, int]]  # (comune name, its page, proposals)


def theme_origins(run_id: int, theme_id: int) -> OriginMap:
    """Where a theme's published proposals come from: proposals per comune, on the map.

    Proposals are public with their comuni, so these counts are shown as they are."""
    reference = reference_data()
    counts = queries.theme_proposals_by_comune(run_id, theme_id)
    breaks = maps.class_breaks([float(n) for n in counts.values()])
    areas, rows = [], []
    for comune in reference.comuni:
        n = counts.get(comune.id, 0)
        url = url_for("entities.comune", istat_code=comune.istat_code)
        label = ngettext("%(name)s: %(num)d proposal", "%(name)s: %(num)d proposals", n, name=comune.name)
        areas.append(maps.MapArea(comune.istat_code, url, label, maps.class_of(float(n), breaks)))
        if n:
            rows.append((comune.name, url, n))
    svg = maps.render_map(
        f"theme-origins-{theme_id}",
        _("Where the theme's proposals come from: proposals per comune"),
        areas,
        {c.istat_code: c.zone_id for c in reference.comuni},
    )
    legend, lower = [], 0
    for index, bound in enumerate(breaks):
        low = int(lower) + 1
        text = str(int(bound)) if low >= bound else _("from %(low)s to %(high)s", low=low, high=int(bound))
        legend.append(LegendItem(maps.CLASS_FILLS[index], text))
        lower = bound
    legend.append(LegendItem(maps.NONE_FILL, _("no proposals")))
    rows.sort(key=lambda r: (-r[2], r[0]))
    return OriginMap(svg, legend, rows)
