"""Server-side SVG charts of a synthesis (matplotlib, Agg backend, no pyplot).

Each chart is drawn from numbers the caller has just recomputed, and is always shown next to
an HTML table with the same numbers (the accessible alternative). The SVG is embedded inline in
the page, so it is rewritten to obey the Content-Security-Policy (no ``<style>`` element and no
``style`` attribute: each CSS declaration becomes the equivalent SVG presentation attribute),
its ids are prefixed so several charts can share a page, and it is re-serialised by
:mod:`xml.etree`, which escapes every label (a theme named ``<script>`` stays text).
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from functools import lru_cache

from markupsafe import Markup

# matplotlib writes a font cache; keep it out of a home directory that may be read-only.
os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "forum-matplotlib"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

_RC = {
    "svg.fonttype": "none",  # real <text>: small, selectable, readable by assistive technology
    # Labels are plain text: a theme named "$x$" is not mathtext (a lone "$…" raised a 500,
    # two "$" garbled the label), and never LaTeX.
    "text.parse_math": False,
    "text.usetex": False,
    "svg.hashsalt": "forum-metropolitano",  # stable ids, so the same data gives the same SVG
    "font.size": 9,
    "font.family": "DejaVu Sans",
}
LABEL_WIDTH = 38
BAR_COLOUR = "#0066cc"
# Lift is drawn on a log2 scale, clipped at 4x over / under.
LIFT_LIMIT = 2.0


# Drawn charts are kept on disk, shared by every worker process of the host and across
# restarts: drawing the four charts of a cross-readings page took seconds in a fresh process
# (matplotlib's first figure), reading them back takes a millisecond (bench/crossreadings_bench.py).
# The key is a hash of everything drawn, so changed data (a re-run, a renamed theme, another
# language) is simply another file. Bump CHART_VERSION when the drawing code changes.
CHART_VERSION = "1"
_CACHE_DIR = os.path.join(tempfile.gettempdir(), f"forum-charts-{os.getuid()}")


def _private_cache_dir() -> str | None:
    """The chart cache directory, only if it is ours and private (another local user must
    not be able to plant an SVG that the page would embed as it is)."""
    try:
        os.makedirs(_CACHE_DIR, mode=0o700, exist_ok=True)
        info = os.stat(_CACHE_DIR)
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return _CACHE_DIR


def _kept_on_disk(draw):
    """Read a chart drawn before with the same arguments, or draw it and keep it."""

    @functools.wraps(draw)
    def cached(*args):
        directory = _private_cache_dir()
        if directory is None:
            return draw(*args)
        key = hashlib.sha256(repr((draw.__name__, CHART_VERSION, args)).encode()).hexdigest()
        path = os.path.join(directory, f"{key}.svg")
        try:
            with open(path, encoding="utf-8") as kept:
                return kept.read()
        except OSError:
            pass
        svg = draw(*args)
        try:
            # Written aside, then renamed: a reader never sees half a file.
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=directory, delete=False) as part:
                part.write(svg)
            os.replace(part.name, path)
        except OSError:
            pass
        return svg

    return cached


def _shorten(label: str, width: int = LABEL_WIDTH) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def _to_svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context(_RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    return buffer.getvalue()


_URL_REF = re.compile(r"url\(#([^)]+)\)")


def sanitise_svg(raw: str, chart_id: str, title: str) -> str:
    """Make matplotlib's SVG fit for inline use under the page's CSP (see the module docstring)."""
    # Parses the SVG matplotlib just drew in this process, never a document from outside.
    root = ET.fromstring(raw.encode("utf-8"))  # nosec B314
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{SVG_NS}}}metadata", f"{{{SVG_NS}}}style"):
                parent.remove(child)
    href = f"{{{XLINK_NS}}}href"
    for element in root.iter():
        style = element.attrib.pop("style", "")
        for declaration in style.split(";"):
            name, _, value = declaration.partition(":")
            if name.strip() and value.strip():
                element.set(name.strip(), value.strip())
        if "id" in element.attrib:
            element.set("id", f"{chart_id}-{element.get('id')}")
        for attribute in ("clip-path", "mask", "fill", "filter"):
            if attribute in element.attrib:
                element.set(attribute, _URL_REF.sub(rf"url(#{chart_id}-\1)", element.get(attribute)))
        if element.get(href, "").startswith("#"):
            element.set(href, f"#{chart_id}-{element.get(href)[1:]}")
    # What the removed stylesheet said, as inherited presentation attributes.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title")
    root.set("class", "chart-svg")
    title_element = ET.Element(f"{{{SVG_NS}}}title", id=f"{chart_id}-title")
    title_element.text = title
    root.insert(0, title_element)
    return ET.tostring(root, encoding="unicode")


@lru_cache(maxsize=64)
@_kept_on_disk
def _bar_chart(
    chart_id: str, title: str, labels: tuple[str, ...], values: tuple[float, ...], xlabel: str
) -> str:
    height = 0.9 + 0.28 * max(1, len(labels))
    figure = Figure(figsize=(7.5, height))
    with matplotlib.rc_context(_RC):
        axes = figure.subplots()
        positions = list(range(len(labels)))
        axes.barh(positions, values, color=BAR_COLOUR)
        axes.set_yticks(positions, [_shorten(label) for label in labels])
        axes.invert_yaxis()  # largest first, at the top, as in the table
        axes.set_xlabel(xlabel)
        axes.spines[["top", "right"]].set_visible(False)
        for position, value in zip(positions, values, strict=True):
            axes.annotate(
                f"{value:g}", (value, position), xytext=(3, 0), textcoords="offset points", va="center"
            )
    return sanitise_svg(_to_svg(figure), chart_id, title)


def bar_chart(
    chart_id: str, title: str, labels: Sequence[str], values: Sequence[float], xlabel: str
) -> Markup:
    """Horizontal bars, one per label, in the given order (e.g. themes by size).

    :param chart_id: unique on the page; prefixes the SVG's ids.
    """
    # Safe: re-serialised by xml.etree, which escapes every label (module docstring).
    return Markup(  # nosec B704
        _bar_chart(chart_id, title, tuple(labels), tuple(float(v) for v in values), xlabel)
    )


@lru_cache(maxsize=64)
@_kept_on_disk
def _heatmap(
    chart_id: str,
    title: str,
    rows: tuple[str, ...],
    columns: tuple[str, ...],
    lifts: tuple[tuple[float | None, ...], ...],
    counts: tuple[tuple[float, ...], ...],
    colourbar_label: str,
) -> str:
    width = min(12.0, 3.2 + 0.55 * max(1, len(columns)))
    height = 1.6 + 0.3 * max(1, len(rows))
    figure = Figure(figsize=(width, height))
    with matplotlib.rc_context(_RC):
        axes = figure.subplots()
        grid = [
            [
                math.nan if lift is None or lift <= 0 else max(-LIFT_LIMIT, min(LIFT_LIMIT, math.log2(lift)))
                for lift in row
            ]
            for row in lifts
        ]
        # Cells observed 0 with some expectation: the strongest "under".
        grid = [
            [
                -LIFT_LIMIT if (lift is not None and lift <= 0) else value
                for value, lift in zip(row, lrow, strict=True)
            ]
            for row, lrow in zip(grid, lifts, strict=True)
        ]
        image = axes.imshow(grid, cmap="RdBu_r", vmin=-LIFT_LIMIT, vmax=LIFT_LIMIT, aspect="auto")
        axes.set_xticks(range(len(columns)), [_shorten(c, 18) for c in columns], rotation=45, ha="right")
        axes.set_yticks(range(len(rows)), [_shorten(r) for r in rows])
        for i, row in enumerate(counts):
            for j, count in enumerate(row):
                dark = not math.isnan(grid[i][j]) and abs(grid[i][j]) > 1.2
                axes.text(j, i, f"{count:g}", ha="center", va="center", color="white" if dark else "black")
        bar = figure.colorbar(image, ax=axes, ticks=[-2, -1, 0, 1, 2])
        bar.ax.set_yticklabels(["¼", "½", "1", "2", "4"])
        bar.set_label(colourbar_label)
    return sanitise_svg(_to_svg(figure), chart_id, title)


def lift_heatmap(
    chart_id: str,
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    lifts: Sequence[Sequence[float | None]],
    counts: Sequence[Sequence[float]],
    colourbar_label: str,
) -> Markup:
    """A rows × columns heatmap of lift (log scale, red = over-, blue = under-represented),
    each cell labelled with its observed count."""
    # Safe: re-serialised by xml.etree, which escapes every label (module docstring).
    return Markup(  # nosec B704
        _heatmap(
            chart_id,
            title,
            tuple(rows),
            tuple(columns),
            tuple(tuple(None if v is None else round(v, 6) for v in row) for row in lifts),
            tuple(tuple(float(v) for v in row) for row in counts),
            colourbar_label,
        )
    )
