"""The map of the 133 comuni as inline SVG, drawn on the server.

No tile server and no script: the boundaries (``app/reference/data/comuni_cmm.geojson``,
© Openpolis, data ISTAT, CC BY 4.0) are projected once per process, and each page only
chooses a fill per comune. The SVG obeys the page's Content-Security-Policy: presentation
attributes only (``fill``, ``stroke``), never a ``style`` attribute. Each comune is a link
to its page whose accessible name says its value; the data table next to the map is the
accessible alternative. Zone outlines are the comuni's edges that no two comuni of the same
zone share (the boundaries are topologically clean: a shared edge appears in both).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

GEOJSON = Path(__file__).resolve().parent.parent / "reference" / "data" / "comuni_cmm.geojson"
ATTRIBUTION = "© Openpolis (openpolis/geojson-italy), dati ISTAT — CC BY 4.0"
ATTRIBUTION_URL = "https://github.com/openpolis/geojson-italy"
WIDTH = 600.0
# Sequential blues (ColorBrewer "Blues", colour-blind safe), lightest for the lowest class.
CLASS_FILLS = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")
NONE_FILL = "#ffffff"
HIDDEN_FILL = "#bdbdbd"
STROKE = "#7f7f7f"
ZONE_STROKE = "#1a1a1a"


@dataclass(frozen=True)
class Geometry:
    paths: dict[str, str]  # istat code -> SVG path data
    segments: dict[str, tuple[tuple[tuple[float, float], tuple[float, float]], ...]]
    height: float


@lru_cache(maxsize=1)
def geometry() -> Geometry:
    """The comuni projected to SVG units (equirectangular at the area's mean latitude)."""
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    rings = {f["properties"]["istat_code"]: f["geometry"]["coordinates"] for f in features}
    points = [p for polygon in rings.values() for ring in polygon for p in ring]
    lon_min, lon_max = min(p[0] for p in points), max(p[0] for p in points)
    lat_min, lat_max = min(p[1] for p in points), max(p[1] for p in points)
    stretch = math.cos(math.radians((lat_min + lat_max) / 2))
    scale = WIDTH / ((lon_max - lon_min) * stretch)

    def project(point) -> tuple[int, int]:
        # Whole units (~100 m): the page carries 133 shapes, so every byte counts ten thousand times.
        return (round((point[0] - lon_min) * stretch * scale), round((lat_max - point[1]) * scale))

    def ring_points(ring) -> list[tuple[int, int]]:
        points = [project(p) for p in ring]
        return [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]

    paths, segments = {}, {}
    for code, polygon in rings.items():
        projected = [ring_points(ring) for ring in polygon]
        paths[code] = "".join(
            f"M{ring[0][0]} {ring[0][1]}"
            + "".join(f"l{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(ring, ring[1:], strict=False))
            + "z"
            for ring in projected
            if len(ring) > 3
        )
        segments[code] = tuple(
            tuple(sorted((a, b)))
            for ring in projected
            for a, b in zip(ring, ring[1:], strict=False)
            if a != b
        )
    return Geometry(paths, segments, round((lat_max - lat_min) * scale))


def istat_codes() -> list[str]:
    return sorted(geometry().paths)


@lru_cache(maxsize=8)
def _zone_outlines(zone_of: tuple[tuple[str, int | None], ...]) -> str:
    """Path data of the zones' boundaries, for a (istat code, zone id) assignment."""
    shapes = geometry()
    edges: Counter = Counter()
    for code, zone_id in zone_of:
        for segment in shapes.segments.get(code, ()):
            edges[(zone_id, segment)] += 1
    return " ".join(
        f"M{a[0]:g} {a[1]:g} L{b[0]:g} {b[1]:g}" for (_z, (a, b)), n in sorted(edges.items()) if n == 1
    )


@dataclass(frozen=True)
class MapArea:
    istat_code: str
    url: str
    # Accessible name: the comune and its value, in the reader's language.
    label: str
    # Index into CLASS_FILLS, or "none" (nothing to show) or "hidden" (a small count).
    fill_class: int | str


def fill_of(fill_class: int | str, fills: dict[str, str] | None = None) -> str:
    if fills and fill_class in fills:
        return fills[fill_class]
    if fill_class == "none":
        return NONE_FILL
    if fill_class == "hidden":
        return HIDDEN_FILL
    return CLASS_FILLS[int(fill_class)]


def class_breaks(values: Sequence[float], classes: int = len(CLASS_FILLS)) -> list[float]:
    """Upper bounds of up to ``classes`` quantile classes of the positive ``values`` (only the
    values shown to the reader: breaks from hidden ones would hint at them)."""
    shown = sorted(v for v in values if v > 0)
    if not shown:
        return []
    breaks = []
    for i in range(1, classes + 1):
        value = shown[min(len(shown) - 1, math.ceil(i * len(shown) / classes) - 1)]
        if not breaks or value > breaks[-1]:
            breaks.append(value)
    return breaks


def class_of(value: float | None, breaks: Sequence[float]) -> int | str:
    if value is None:
        return "hidden"
    if value <= 0 or not breaks:
        return "none"
    for index, bound in enumerate(breaks):
        if value <= bound:
            return index
    return len(breaks) - 1


def render_map(
    map_id: str,
    title: str,
    areas: Sequence[MapArea],
    zone_of: dict[str, int | None],
    fills: dict[str, str] | None = None,
) -> Markup:
    """The SVG: one ``<a>`` with one ``<path class="map-comune">`` per comune, the zone
    outlines on top (not focusable, hidden from assistive technology). ``fills``: colours of
    extra classes (e.g. the comuni outside a chosen zone)."""
    shapes = geometry()
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="statistics-map" id="{escape(map_id)}" '
        f'viewBox="0 0 {WIDTH:g} {shapes.height:g}" role="group" aria-labelledby="{escape(map_id)}-title">',
        f'<title id="{escape(map_id)}-title">{escape(title)}</title>',
        # Presentation attributes inherit: the stroke is said once for every comune.
        f'<g stroke="{STROKE}" stroke-width="0.4">',
    ]
    for area in areas:
        path = shapes.paths.get(area.istat_code)
        if path is None:
            continue
        out.append(
            f'<a href="{escape(area.url)}" aria-label="{escape(area.label)}">'
            f'<path class="map-comune map-{escape(str(area.fill_class))}" '
            f'data-istat="{escape(area.istat_code)}" '
            f'd="{path}" fill="{fill_of(area.fill_class, fills)}"/></a>'
        )
    out.append("</g>")
    outline = _zone_outlines(tuple(sorted(zone_of.items())))
    out.append(
        f'<path class="map-zones" d="{outline}" fill="none" stroke="{ZONE_STROKE}" '
        'stroke-width="1.6" stroke-linejoin="round" aria-hidden="true"/>'
    )
    out.append("</svg>")
    return Markup("".join(out))
