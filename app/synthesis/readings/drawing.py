"""Drawing the synthesis charts with matplotlib (Agg backend, no pyplot).

Imported only where a chart is drawn: the background job that prepares a run's charts
(:mod:`app.synthesis.readings.prepared`) and, as a fallback, a page that finds no chart
drawn for its numbers (:func:`app.synthesis.readings.charts.draw`). Importing matplotlib and
drawing its first figure takes seconds in a fresh process: pages whose charts are prepared
never pay it. The SVG written here is matplotlib's own; :func:`charts.sanitise_svg` makes
it fit for a page each time it is embedded.
"""

from __future__ import annotations

import io
import math
import os
import tempfile

# matplotlib writes a font cache; keep it out of a home directory that may be read-only.
os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "forum-matplotlib"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

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


def _shorten(label: str, width: int = LABEL_WIDTH) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def _to_svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context(_RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    return buffer.getvalue()


def draw_bars(labels: tuple[str, ...], values: tuple[float, ...], xlabel: str) -> str:
    """Horizontal bars, one per label, in the given order, largest first at the top."""
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
    return _to_svg(figure)


def _lift_grid(lifts: tuple[tuple[float | None, ...], ...]) -> list[list[float]]:
    """log2 of each lift, clipped; a cell observed 0 with some expectation is the strongest "under"."""
    return [
        [
            math.nan
            if lift is None
            else -LIFT_LIMIT
            if lift <= 0
            else max(-LIFT_LIMIT, min(LIFT_LIMIT, math.log2(lift)))
            for lift in row
        ]
        for row in lifts
    ]


def draw_heatmap(
    rows: tuple[str, ...],
    columns: tuple[str, ...],
    lifts: tuple[tuple[float | None, ...], ...],
    counts: tuple[tuple[float, ...], ...],
    colourbar_label: str,
) -> str:
    """A rows × columns heatmap of lift (log scale, red = over-, blue = under-represented),
    each cell labelled with its observed count."""
    width = min(12.0, 3.2 + 0.55 * max(1, len(columns)))
    height = 1.6 + 0.3 * max(1, len(rows))
    figure = Figure(figsize=(width, height))
    with matplotlib.rc_context(_RC):
        axes = figure.subplots()
        grid = _lift_grid(lifts)
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
    return _to_svg(figure)


# Chart kinds (charts.Chart.kind) -> the function that draws them from the chart's arguments.
DRAWERS = {"bars": draw_bars, "heatmap": draw_heatmap}
